import fs from "node:fs";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";
import { BASE_URL, E2E_DATA_DIR, E2E_PORT, E2E_STRIPE_PORT, ROOT_DIR, SYSTEM_CHROMIUM } from "./e2e/support/env";

// Browser tests against the production server (`npm start`), started by Playwright with its own
// port, Local Stripe port and DATA_DIR. Playwright starts webServer *before* globalSetup, so the
// fresh-data wipe happens in the webServer command itself.
//
// With DATABASE_URL set, the caller must have run `npm run db:migrate && npm run db:seed`; only
// the mail sink is cleared then. Without it, the embedded database in E2E_DATA_DIR is wiped and
// migrated + seeded by the server on start.

const isCI = !!process.env.CI;
const usesPostgres = !!process.env.DATABASE_URL;
const needsBuild = !fs.existsSync(path.join(ROOT_DIR, ".next", "BUILD_ID"));
const sh = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

// The wipe is `rm -rf`: refuse a DATA_DIR that is the repository itself or one of its parents.
if (E2E_DATA_DIR === path.parse(E2E_DATA_DIR).root || !path.relative(E2E_DATA_DIR, ROOT_DIR).startsWith("..")) {
  throw new Error(`E2E_DATA_DIR=${E2E_DATA_DIR} would wipe the repository; point it at a throw-away folder.`);
}
const wipe = usesPostgres ? `rm -rf ${sh(path.join(E2E_DATA_DIR, "mail"))}` : `rm -rf ${sh(E2E_DATA_DIR)}`;
const serverCommand = [wipe, needsBuild ? "npm run build" : null, "npm start"].filter(Boolean).join(" && ");

export default defineConfig({
  testDir: "./e2e",
  outputDir: "test-results",
  fullyParallel: false,
  // One server with one embedded database: run the specs one after the other.
  workers: 1,
  forbidOnly: isCI,
  retries: isCI ? 1 : 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: isCI ? [["list"], ["html", { open: "never" }]] : [["list"]],
  use: {
    baseURL: BASE_URL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: {
          executablePath: SYSTEM_CHROMIUM,
          args: [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
          ],
        },
      },
    },
  ],
  webServer: {
    command: serverCommand,
    cwd: ROOT_DIR,
    url: `${BASE_URL}/api/health`,
    reuseExistingServer: !isCI,
    // A missing build is made first (`next build` takes a minute or two).
    // a fresh embedded database is migrated (app schema and job queue) and seeded first
    timeout: needsBuild ? 400_000 : 180_000,
    stdout: "pipe",
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
    env: {
      // specs build the state they need; no demo sales running in the background
      SEED_DEMO_SALES: "0",
      // every spec signs fresh learners in by magic link, all from 127.0.0.1
      MAGIC_LINKS_PER_CLIENT_PER_HOUR: "1000",
      // the started server checks every API answer against its declared contract
      API_RESPONSE_CHECK: "strict",
      // outbound webhooks go to the specs' receivers on 127.0.0.1
      OUTBOUND_WEBHOOKS_ALLOW_PRIVATE: "1",
      PORT: String(E2E_PORT),
      APP_URL: BASE_URL,
      NEXTAUTH_URL: BASE_URL,
      DATA_DIR: E2E_DATA_DIR,
      LOCAL_STRIPE_PORT: String(E2E_STRIPE_PORT),
      // Mail must land in the sink file the tests read, never in a real mailbox.
      EMAIL_SERVER: "",
      // Production mode with PostgreSQL needs a secret; give the test server one unless set.
      ...(usesPostgres && !process.env.NEXTAUTH_SECRET ? { NEXTAUTH_SECRET: "e2e-only-secret-not-for-production" } : {}),
    },
  },
});
