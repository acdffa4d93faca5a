import { expect, test } from '@playwright/test';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './helpers';

const DIST = process.env.TSVIZ_DIST ?? 'dist';

test('the main bundle contains no tfjs: it lives in the worker bundles only', () => {
  const html = readFileSync(join(ROOT, DIST, 'index.html'), 'utf8');
  const entry = /src="\.\/(assets\/index-[^"]+\.js)"/.exec(html)?.[1];
  expect(entry).toBeTruthy();
  const main = readFileSync(join(ROOT, DIST, entry!), 'utf8');
  // strings every tfjs bundle carries
  for (const marker of ['tfjs-core', 'Conv2DBackpropFilter', 'registerKernel']) {
    expect(main.includes(marker), `${marker} in ${entry}`).toBe(false);
  }
  const workers = readdirSync(join(ROOT, DIST, 'assets')).filter((f) =>
    f.includes('compute.worker'),
  );
  expect(workers.length).toBe(1);
  expect(readFileSync(join(ROOT, DIST, 'assets', workers[0]), 'utf8')).toContain(
    'Conv2DBackpropFilter',
  );
});
