import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { startHarness, tempDir, type Harness } from "./helpers.js";

const BIN = path.resolve(import.meta.dirname, "../../node_modules/@stripe/cli-linux-x64/bin/stripe");
const available = process.platform === "linux" && process.arch === "x64" && fs.existsSync(BIN);

let h: Harness;
let home: string;

beforeAll(async () => {
  if (!available) return;
  h = await startHarness();
  home = tempDir();
});
afterAll(async () => {
  await h?.close();
});

function trigger(event: string): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(
      BIN,
      ["trigger", event, "--api-base", h.server.url, "--api-key", "sk_test_local"],
      {
        timeout: 30_000,
        // an isolated config, no telemetry, no proxy: the CLI only talks to Local Stripe
        env: {
          ...process.env,
          HOME: home,
          XDG_CONFIG_HOME: path.join(home, ".config"),
          STRIPE_CLI_TELEMETRY_OPTOUT: "1",
          STRIPE_DEVICE_NAME: "local-stripe-test",
        },
      },
      (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, out: `${stdout}${stderr}` }),
    );
  });
}

const CASES: Array<[string, string, "platform" | "connect"]> = [
  ["checkout.session.completed", "checkout.session.completed", "platform"],
  ["customer.subscription.created", "customer.subscription.created", "platform"],
  ["customer.subscription.updated", "customer.subscription.updated", "platform"],
  ["customer.subscription.deleted", "customer.subscription.deleted", "platform"],
  ["invoice.paid", "invoice.paid", "platform"],
  ["account.updated", "account.updated", "connect"],
];

describe.skipIf(!available)("stripe trigger against Local Stripe", () => {
  it.each(CASES)("%s", async (event, expected, endpoint) => {
    h.receiver.clear();
    const { code, out } = await trigger(event);
    expect(out).toContain("Trigger succeeded");
    expect(code).toBe(0);
    await h.flush();
    expect(h.receiver.types(endpoint)).toContain(expected);
  });
});
