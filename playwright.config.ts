import { defineConfig } from '@playwright/test';

/** Flags measured in ../shared/platform-notes.md: WebGPU needs --enable-unsafe-webgpu here. */
export const CHROMIUM_BASE_ARGS = [
  '--no-sandbox',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--enable-unsafe-swiftshader',
];
export const WEBGPU_ARGS = [...CHROMIUM_BASE_ARGS, '--enable-unsafe-webgpu'];

/**
 * TSVIZ_PORT / TSVIZ_DIST let several people (or helpers) run e2e at once, each on its own build:
 * `npx vite build --outDir dist-x && TSVIZ_PORT=4174 TSVIZ_DIST=dist-x npx playwright test ...`.
 */
const PORT = Number(process.env.TSVIZ_PORT ?? 4173);
const DIST = process.env.TSVIZ_DIST ?? 'dist';

export default defineConfig({
  testDir: 'e2e',
  timeout: 180_000,
  expect: { timeout: 60_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}/`,
    browserName: 'chromium',
    launchOptions: { executablePath: '/usr/bin/chromium', args: WEBGPU_ARGS },
    viewport: { width: 1280, height: 900 },
    acceptDownloads: true,
  },
  webServer: {
    command: `npx vite preview --host 127.0.0.1 --port ${PORT} --strictPort --outDir ${DIST}`,
    url: `http://127.0.0.1:${PORT}/`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
});
