// Settings shared by playwright.config.ts and the specs. Kept free of Playwright imports so the
// config can load it too.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** Repository root (this file lives in e2e/support/). */
export const ROOT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

/** Port of the production server the suite starts; separate from a dev server on 3000. */
export const E2E_PORT = Number(process.env.E2E_PORT || 3100);

/** Port of the Local Stripe server the launcher starts for the suite. */
export const E2E_STRIPE_PORT = Number(process.env.E2E_STRIPE_PORT || 12211);

export const BASE_URL = `http://localhost:${E2E_PORT}`;

/** DATA_DIR of the e2e server: embedded database, generated secrets and the mail sink. Wiped before each run. */
export const E2E_DATA_DIR = path.resolve(ROOT_DIR, process.env.E2E_DATA_DIR || ".data-e2e");

/** Where the app appends one JSON line per e-mail when no SMTP server is configured. */
export const MAIL_SINK = path.join(E2E_DATA_DIR, "mail", "outbox.jsonl");

/** Debian's chromium when present; otherwise Playwright's own browser. */
export const SYSTEM_CHROMIUM = fs.existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined;

export const DEMO_PASSWORD = "tollgate-demo";
