import { expect, test, type Page } from '@playwright/test';
import { waitForPrediction } from './helpers';

/**
 * The Content-Security-Policy in index.html is in force and strict: a normal session (the app,
 * its compute, data and render workers) raises no violation, while eval, new Function, string
 * timers, injected inline scripts and handlers, and connections to another origin are refused.
 */

interface Violation {
  directive: string;
  blocked: string;
}
type Probe = Window & { __csp: Violation[]; __ran?: string[] };

/** Record every securitypolicyviolation from before the page's first script runs. */
async function recordViolations(page: Page): Promise<string[]> {
  await page.addInitScript(() => {
    const w = window as unknown as Probe;
    w.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      w.__csp.push({ directive: e.effectiveDirective, blocked: e.blockedURI }),
    );
  });
  // the console also carries violations reported inside workers
  const messages: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) messages.push(m.text());
  });
  return messages;
}

const violations = (page: Page) =>
  page.evaluate(() => (window as unknown as Probe).__csp.map((v) => ({ ...v })));

/** Directives of the policy in the served page's meta tag. */
async function policy(page: Page): Promise<Map<string, string[]>> {
  const content = await page
    .locator('meta[http-equiv="Content-Security-Policy"]')
    .getAttribute('content');
  expect(content).toBeTruthy();
  const entries = (content ?? '')
    .split(';')
    .map((d) => d.trim().split(/\s+/))
    .filter((d) => d[0]);
  return new Map(entries.map(([name, ...values]) => [name, values]));
}

test('the policy is strict and a normal session raises no violation', async ({ page }) => {
  const messages = await recordViolations(page);
  await page.goto('./');
  await waitForPrediction(page);
  const csp = await policy(page);
  expect(csp.get('default-src')).toEqual(["'self'"]);
  expect(csp.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"]);
  expect([...(csp.get('connect-src') ?? [])].sort()).toEqual(["'self'", 'blob:', 'data:']);
  expect(csp.get('object-src')).toEqual(["'none'"]);
  expect(csp.get('base-uri')).toEqual(["'self'"]);

  // the render worker draws the layer stack; hover it, change demo, sample, export
  const stack = page.getByRole('img', { name: 'Layer stack' });
  await expect(stack).toBeVisible();
  const box = await stack.boundingBox();
  if (box) await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.getByLabel('Demo').selectOption('ecg200');
  await expect(page.getByText(/ecg200-test\.tsv \(\d+ samples\)/)).toBeVisible();
  await waitForPrediction(page);
  await page.getByRole('button', { name: 'Next', exact: true }).click();
  await expect(page.getByLabel('Sample', { exact: true })).toHaveValue('1');
  await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export CSV' }).click(),
  ]);
  await page.getByLabel('Backend').selectOption('wasm'); // WASM compiles under 'wasm-unsafe-eval'
  await expect(page.getByRole('status')).toContainText('Backend: wasm', { timeout: 60_000 });
  await waitForPrediction(page);

  expect(await violations(page)).toEqual([]);
  expect(messages).toEqual([]);
});

test('eval, new Function and a string setTimeout are refused', async ({ page }) => {
  await recordViolations(page);
  await page.goto('./');
  await waitForPrediction(page);
  // DevTools lifts the policy for code it evaluates itself, so the attempts run in a later
  // task of the page's own, as the app's code would.
  const outcome = await page.evaluate(
    () =>
      new Promise<{ evalResult: string; functionResult: string; ran: string[] }>((resolve) => {
        const w = window as unknown as Probe;
        w.__ran = [];
        const attempt = (f: () => unknown) => {
          try {
            f();
            return 'ran';
          } catch (e) {
            return (e as Error).name;
          }
        };
        setTimeout(() => {
          const evalResult = attempt(() => eval('1'));
          const functionResult = attempt(() => new Function('return 1')());
          setTimeout('window.__ran.push("string timer")', 0);
          // a later timer of the same delay runs after the string one would have
          setTimeout(() => resolve({ evalResult, functionResult, ran: w.__ran ?? [] }), 0);
        }, 0);
      }),
  );
  expect(outcome).toEqual({ evalResult: 'EvalError', functionResult: 'EvalError', ran: [] });
  await expect
    .poll(async () => (await violations(page)).filter((v) => v.blocked === 'eval').length)
    .toBe(3);
  for (const v of await violations(page)) expect(v.directive).toBe('script-src');
});

test('an injected inline script or event handler does not run', async ({ page }) => {
  await recordViolations(page);
  await page.goto('./');
  await waitForPrediction(page);
  await page.evaluate(() => {
    (window as unknown as Probe).__ran = [];
    const script = document.createElement('script');
    script.textContent = 'window.__ran.push("inline script")';
    document.body.append(script);
    const div = document.createElement('div');
    div.innerHTML = '<img src="data:," onerror="window.__ran.push(\'inline handler\')">';
    document.body.append(div);
  });
  await expect
    .poll(async () => (await violations(page)).map((v) => v.directive).sort())
    .toEqual(['script-src-attr', 'script-src-elem']);
  expect(await page.evaluate(() => (window as unknown as Probe).__ran)).toEqual([]);
});

test('a connection to another origin is blocked by connect-src', async ({ page, context }) => {
  await recordViolations(page);
  const requests: string[] = [];
  context.on('request', (r) => requests.push(r.url()));
  await page.goto('./');
  await waitForPrediction(page);
  const result = await page.evaluate(() =>
    fetch('http://127.0.0.2:9/x').then(
      () => 'fetched',
      (e: Error) => e.name,
    ),
  );
  expect(result).toBe('TypeError');
  await expect
    .poll(async () => violations(page))
    .toEqual([{ directive: 'connect-src', blocked: 'http://127.0.0.2:9/x' }]);
  expect(requests.filter((u) => u.includes('127.0.0.2'))).toEqual([]);
});
