import { defineConfig } from '@playwright/test';
import * as os from 'node:os';
import * as path from 'node:path';

// `make bench`'s first-load measurement: the release server with the release
// bundle, on a fresh demo database, in Debian's Chromium.
const port = Number(process.env.BENCH_PORT ?? 3300);
const bin = process.env.THROUGHLINE_BIN ?? '../target/release/throughline';
const siteRoot = process.env.LEPTOS_SITE_ROOT ?? '../target/site';
const database = path.join(os.tmpdir(), `throughline-bench-${port}.db`);

export default defineConfig({
  testDir: './bench',
  forbidOnly: true,
  retries: 0,
  workers: 1,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
  webServer: {
    command: `rm -f ${database} ${database}-wal ${database}-shm && ${bin} serve`,
    url: `http://127.0.0.1:${port}/healthz`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      PORT: String(port),
      DATABASE_URL: `sqlite://${database}`,
      THROUGHLINE_DEMO: '1',
      THROUGHLINE_GUEST_READ: '0',
      LEPTOS_SITE_ROOT: siteRoot,
      RUST_LOG: 'warn',
    },
  },
});
