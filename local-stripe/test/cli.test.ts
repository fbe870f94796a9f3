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

/** [trigger, event that must be delivered, endpoint]: every fixture the app's events, disputes, failed payments, trials and payouts need. */
const CASES: Array<[string, string, "platform" | "connect"]> = [
  // Checkout
  ["checkout.session.completed", "checkout.session.completed", "platform"],
  ["checkout.session.async_payment_succeeded", "checkout.session.async_payment_succeeded", "platform"],
  ["checkout.session.async_payment_failed", "checkout.session.async_payment_failed", "platform"],
  ["checkout.session.expired", "checkout.session.expired", "platform"],
  // subscriptions and trials
  ["customer.subscription.created", "customer.subscription.created", "platform"],
  ["customer.subscription.updated", "customer.subscription.updated", "platform"],
  ["customer.subscription.deleted", "customer.subscription.deleted", "platform"],
  ["customer.subscription.trial_will_end", "customer.subscription.trial_will_end", "platform"],
  ["subscription.payment_succeeded", "invoice.payment_succeeded", "platform"],
  ["subscription.payment_failed", "invoice.payment_failed", "platform"],
  // invoices
  ["invoice.paid", "invoice.paid", "platform"],
  ["invoice.payment_succeeded", "invoice.payment_succeeded", "platform"],
  ["invoice.payment_failed", "invoice.payment_failed", "platform"],
  ["invoice.payment_action_required", "invoice.payment_action_required", "platform"],
  ["invoice.created", "invoice.created", "platform"],
  ["invoice.finalized", "invoice.finalized", "platform"],
  ["invoice.updated", "invoice.updated", "platform"],
  ["invoice.voided", "invoice.voided", "platform"],
  ["invoice.marked_uncollectible", "invoice.marked_uncollectible", "platform"],
  ["invoice.sent", "invoice.sent", "platform"],
  ["invoice.deleted", "invoice.deleted", "platform"],
  ["invoiceitem.created", "invoiceitem.created", "platform"],
  ["invoiceitem.deleted", "invoiceitem.deleted", "platform"],
  // charges, refunds, disputes
  ["charge.succeeded", "charge.succeeded", "platform"],
  ["charge.failed", "charge.failed", "platform"],
  ["charge.refunded", "charge.refunded", "platform"],
  ["charge.refund.updated", "charge.refund.updated", "platform"],
  ["charge.dispute.created", "charge.dispute.created", "platform"],
  ["charge.dispute.updated", "charge.dispute.updated", "platform"],
  ["charge.dispute.closed", "charge.dispute.closed", "platform"],
  // payment intents and methods
  ["payment_intent.created", "payment_intent.created", "platform"],
  ["payment_intent.succeeded", "payment_intent.succeeded", "platform"],
  ["payment_intent.payment_failed", "payment_intent.payment_failed", "platform"],
  ["payment_intent.processing", "payment_intent.processing", "platform"],
  ["payment_intent.canceled", "payment_intent.canceled", "platform"],
  ["payment_method.attached", "payment_method.attached", "platform"],
  ["payment_method.detached", "payment_method.detached", "platform"],
  ["customer.created", "customer.created", "platform"],
  ["customer.updated", "customer.updated", "platform"],
  ["customer.deleted", "customer.deleted", "platform"],
  ["customer.source.created", "customer.source.created", "platform"],
  ["customer.source.updated", "customer.source.updated", "platform"],
  ["product.created", "product.created", "platform"],
  ["price.created", "price.created", "platform"],
  // balance, payouts, Connect
  ["balance.available", "balance.available", "platform"],
  ["payout.created", "payout.created", "platform"],
  ["payout.updated", "payout.updated", "platform"],
  ["transfer.created", "transfer.created", "platform"],
  ["transfer.updated", "transfer.updated", "platform"],
  ["transfer.reversed", "transfer.reversed", "platform"],
  ["account.updated", "account.updated", "connect"],
  ["account.application.deauthorized", "account.application.deauthorized", "connect"],
];

async function triggered(event: string): Promise<void> {
  h.receiver.clear();
  const { code, out } = await trigger(event);
  expect(out).toContain("Trigger succeeded");
  expect(code).toBe(0);
  await h.flush();
}

describe.skipIf(!available)("stripe trigger against Local Stripe", () => {
  it.each(CASES)("%s", async (event, expected, endpoint) => {
    await triggered(event);
    expect(h.receiver.types(endpoint)).toContain(expected);
    // listed in /v1/events too (a deauthorized account can no longer be read, as on Stripe)
    if (expected === "account.application.deauthorized") return;
    const latest = h.receiver.events(expected).at(-1)!;
    const listed = await h.stripe.events.list({ type: expected, limit: 1 }, latest.account ? { stripeAccount: latest.account } : {});
    expect(listed.data[0]?.id).toBe(latest.id);
  });

  it("payout.created, then payout.paid at the arrival date", async () => {
    await triggered("payout.created");
    const payout = h.receiver.events("payout.created")[0].data.object as { id: string; arrival_date: number };
    const now = (await h.control<{ now: number }>("clock", undefined, "GET")).body.now;
    await h.control("clock/advance", { seconds: payout.arrival_date - now + 60 });
    await h.flush();
    expect(h.receiver.events("payout.paid").map((e) => (e.data.object as { id: string }).id)).toContain(payout.id);
  });
});
