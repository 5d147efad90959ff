import { defineConfig } from '@playwright/test';
import * as os from 'node:os';
import * as path from 'node:path';

// The server under test: the debug build `make test` made, on its own port and a
// fresh SQLite file loaded with the demo portfolio.
const port = Number(process.env.E2E_PORT ?? 3100);
const bin = process.env.THROUGHLINE_BIN ?? '../target/debug/throughline';
const siteRoot = process.env.LEPTOS_SITE_ROOT ?? '../target/site-dev';
const database = path.join(os.tmpdir(), `throughline-e2e-${port}.db`);
// A second server, open to guests as a demo installation is by default.
export const guestPort = port + 1;
const guestDatabase = path.join(os.tmpdir(), `throughline-e2e-${guestPort}.db`);
// Two more servers sharing one PostgreSQL database, as replicas behind a load
// balancer would, when `scripts/with-postgres.sh` provides one (`make test` does).
const postgres = process.env.THROUGHLINE_TEST_POSTGRES_URL;
export const replicaPorts = postgres ? [port + 2, port + 3] : [];

// Debian's Chromium, never a downloaded browser. Background networking is off
// because this machine's closed network refuses it.
const launchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};

export default defineConfig({
  testDir: './tests',
  forbidOnly: true,
  retries: 0,
  // Two cores run the server, two browsers and an unoptimised WebAssembly build.
  expect: { timeout: 10_000 },
  workers: 2,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    launchOptions,
    trace: 'retain-on-failure',
  },
  // Every spec runs twice: once hydrated, once as plain server-rendered HTML; the
  // phone spec runs on a phone-sized screen.
  projects: [
    { name: 'hydrated', use: { javaScriptEnabled: true }, testIgnore: /phone\.spec\.ts/ },
    { name: 'no-javascript', use: { javaScriptEnabled: false }, testIgnore: /phone\.spec\.ts/ },
    {
      name: 'phone',
      use: { javaScriptEnabled: true, viewport: { width: 390, height: 844 } },
      testMatch: /phone\.spec\.ts/,
    },
  ],
  webServer: [
    server(port, database, '0'),
    server(guestPort, guestDatabase, '1'),
    ...replicaPorts.map((replica, n) => replicaServer(replica, n === 0 ? undefined : replicaPorts[0])),
  ],
});

/**
 * A replica on the PostgreSQL database; one started `after` another waits until
 * that one has migrated the database and loaded the demo.
 */
function replicaServer(port: number, after?: number) {
  const wait = after
    ? `until curl -sf http://127.0.0.1:${after}/healthz >/dev/null; do sleep 0.3; done && `
    : '';
  return {
    command: `${wait}${bin} serve`,
    url: `http://127.0.0.1:${port}/healthz`,
    reuseExistingServer: false,
    timeout: 90_000,
    stdout: 'ignore' as const,
    stderr: 'pipe' as const,
    env: {
      PORT: String(port),
      DATABASE_URL: postgres!,
      THROUGHLINE_DEMO: '1',
      THROUGHLINE_GUEST_READ: '0',
      LEPTOS_SITE_ROOT: siteRoot,
      RUST_LOG: 'warn',
    },
  };
}

/** The server under test on `port`, with a fresh demo database and guests on or off. */
function server(port: number, database: string, guestRead: '0' | '1') {
  return {
    command: `rm -f ${database} ${database}-wal ${database}-shm && ${bin} serve`,
    url: `http://127.0.0.1:${port}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'ignore' as const,
    stderr: 'pipe' as const,
    env: {
      PORT: String(port),
      DATABASE_URL: `sqlite://${database}`,
      THROUGHLINE_DEMO: '1',
      THROUGHLINE_GUEST_READ: guestRead,
      LEPTOS_SITE_ROOT: siteRoot,
      RUST_LOG: 'warn',
    },
  };
}
