import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { seedDemoData } from "@/lib/db/seed";
import { seedDemoSales } from "@/lib/demo/demo-sales";
import { createCheckout, sellablePrice } from "@/lib/checkout/create-checkout";
import { setStripeClient } from "@/lib/stripe/client";
import { heldStripeLock, underStripeLock } from "@/lib/stripe/stripe-lock";
import type { WebhookEndpoint } from "@/lib/stripe/webhook-secrets";
import { receiveStripeWebhook } from "@/lib/webhooks/receive-event";
import { syncStripeSubscription } from "@/lib/subscriptions/apply-purchase";
import { createPlatform } from "@/tests/support/fixtures";
import { startLocalStripe, type LocalStripe } from "@/local-stripe/server";
import { oneTimePaymentIntentId } from "@/lib/subscriptions/purchase-key";

// Every Stripe call the app makes goes through a recording proxy that notes whether the caller
// held a Stripe lock (a locked transaction) at that moment. Webhooks go straight from Local
// Stripe to receiveStripeWebhook, and can be held back to arrive in the worst order.

type Call = { method: string; lock: string | null };
const calls: Call[] = [];

function recording<T extends object>(target: T, at: string[] = []): T {
  return new Proxy(target, {
    get(t, prop) {
      const value: unknown = Reflect.get(t, prop, t);
      if (typeof prop !== "string") return value;
      if (typeof value === "function" && at.length > 0 && /^[a-z]/.test(prop)) {
        return (...args: unknown[]) => {
          calls.push({ method: [...at, prop].join("."), lock: heldStripeLock() ?? null });
          return (value as (...a: unknown[]) => unknown).apply(t, args);
        };
      }
      if (value && typeof value === "object" && at.length < 2 && !prop.startsWith("_")) return recording(value, [...at, prop]);
      return value;
    },
  });
}

type Delivery = { endpoint: WebhookEndpoint; body: string; signature: string };
let holding = false;
const held: Delivery[] = [];

let server: LocalStripe;
let receiver: http.Server;
let client: Stripe;
let dataDir: string;

beforeAll(async () => {
  receiver = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const delivery: Delivery = {
      endpoint: req.url?.endsWith("/connect") ? "connect" : "platform",
      body: Buffer.concat(chunks).toString("utf8"),
      signature: String(req.headers["stripe-signature"] ?? ""),
    };
    if (holding && delivery.endpoint === "platform") {
      held.push(delivery);
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
      return;
    }
    const result = await receiveStripeWebhook(delivery.endpoint, delivery.body, delivery.signature);
    res.writeHead(result.status, { "content-type": "application/json" }).end(JSON.stringify(result.body));
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", () => r()));
  const hooks = `http://127.0.0.1:${(receiver.address() as { port: number }).port}`;
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "tollgate-ls-locks-"));
  server = await startLocalStripe({
    port: 0,
    dataDir,
    webhookUrl: `${hooks}/platform`,
    connectWebhookUrl: `${hooks}/connect`,
    webhookSecret: process.env.STRIPE_WEBHOOK_SECRET,
    connectWebhookSecret: process.env.STRIPE_CONNECT_WEBHOOK_SECRET,
  });
  client = new Stripe("sk_test_local", { host: "127.0.0.1", port: server.port, protocol: "http", maxNetworkRetries: 0 });
  setStripeClient(recording(client));
});

afterAll(async () => {
  setStripeClient(undefined);
  await server.close();
  await new Promise<void>((r) => receiver.close(() => r()));
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function control<T = Record<string, unknown>>(p: string, body: unknown = {}): Promise<T> {
  const res = await fetch(`${server.url}/_local/${p}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`Local Stripe ${p} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
}
const flush = () => control("webhooks/flush");

/** A guest buys acme's tier `tier` with `card`; returns the Checkout Session id. */
async function buy(tier: string, email: string, card = "4242424242424242") {
  const platform = await db.platform.findUniqueOrThrow({ where: { key: "acme" } });
  const paywall = await db.paywall.findFirstOrThrow({ where: { platformId: platform.id }, include: { prices: true } });
  const price = await sellablePrice(paywall, paywall.prices.find((p) => p.name === tier)!.uniqueId);
  const session = await createCheckout({ platform, paywall, price, buyer: { user: null, email } });
  await control(`checkout/sessions/${session.session_id}/pay`, { card, email });
  return session.session_id;
}

const typeOf = (d: Delivery) => (JSON.parse(d.body) as { type: string }).type;
const replay = (d: Delivery) => receiveStripeWebhook(d.endpoint, d.body, d.signature);

describe("Stripe and the locks", () => {
  it("sees a Stripe call made under a lock (the probe works)", async () => {
    await underStripeLock("probe", async () => {
      expect(heldStripeLock()).toBe("probe");
      await client.balance.retrieve(); // the raw client: not recorded
      await recording(client).customers.list({ limit: 1 });
    });
    expect(heldStripeLock()).toBeUndefined();
    expect(calls.splice(0)).toEqual([{ method: "customers.list", lock: "probe" }]);
  });

  it("reads Stripe only outside locked transactions, on every webhook path, and the ledger converges", async () => {
    // purchases of all three tiers, webhooks in order
    await seedDemoData(db);
    expect(await seedDemoSales(server.url)).toBe(true);
    await flush();
    const acme = await db.platform.findUniqueOrThrow({ where: { key: "acme" } });

    // a one-time purchase refunded in part, then in full (the row is revoked)
    const lifetime = await db.subscription.findFirstOrThrow({ where: { platformId: acme.id, interval: "one_time" } });
    const lifetimePi = oneTimePaymentIntentId(lifetime.stripeSubscriptionId)!;
    await client.refunds.create({ payment_intent: lifetimePi, amount: 1000 });
    await flush();
    await client.refunds.create({ payment_intent: lifetimePi });
    await flush();

    // worst order: a dispute and a subscription refund arrive before the sales they reverse
    holding = true;
    const disputed = await buy("Lifetime", "dora@example.com", "4000000000000259");
    const monthly = await buy("Monthly", "max@example.com");
    const sub = await client.subscriptions.retrieve((await client.checkout.sessions.retrieve(monthly)).subscription as string);
    const invoice = await client.invoices.retrieve(sub.latest_invoice as string, { expand: ["payments"] });
    await client.refunds.create({ payment_intent: invoice.payments!.data[0].payment.payment_intent as string, amount: 400 });
    await flush();
    holding = false;
    const early = held.filter((d) => ["charge.refunded", "charge.dispute.created"].includes(typeOf(d)));
    expect(early.map(typeOf).sort()).toEqual(["charge.dispute.created", "charge.refunded"]);
    const errors = console.error;
    console.error = () => {};
    try {
      for (const d of early) expect((await replay(d)).status).toBe(500); // ours, not recorded yet: retried
    } finally {
      console.error = errors;
    }
    for (const d of held.filter((x) => !early.includes(x))) expect((await replay(d)).status).toBe(200);
    for (const d of early) expect((await replay(d)).status).toBe(200);

    // the dispute is won
    const disputedPi = (await client.checkout.sessions.retrieve(disputed)).payment_intent as string;
    const charge = (await client.paymentIntents.retrieve(disputedPi)).latest_charge as string;
    await control(`charges/${charge}/dispute`, { outcome: "won" });
    await flush();

    const methods = new Set(calls.map((c) => c.method));
    for (const m of ["checkout.sessions.retrieve", "subscriptions.retrieve", "invoices.retrieve", "paymentIntents.retrieve", "charges.retrieve", "disputes.retrieve", "subscriptions.list"]) {
      expect(methods, m).toContain(m);
    }
    expect(calls.filter((c) => c.lock !== null)).toEqual([]);

    const ledger = await db.ledgerEntry.findMany({ where: { platformId: acme.id }, orderBy: { createdAt: "asc" } });
    const byKind = (kind: string) => ledger.filter((l) => l.kind === kind).map((l) => l.amount);
    expect(byKind("charge").sort((a, b) => a - b)).toEqual([1900, 1900, 19000, 29900, 29900]);
    expect(byKind("refund")).toEqual([-1000, -28900, -400]);
    expect(byKind("dispute")).toEqual([-29900]);
    expect(byKind("dispute_won")).toEqual([29900]);
    const lifetimeRows = ledger.filter((l) => l.stripePaymentIntentId === lifetimePi);
    expect(lifetimeRows.reduce((s, l) => s + l.feeAmount, 0)).toBe(0);
    expect(lifetimeRows.reduce((s, l) => s + l.netAmount, 0)).toBe(0);
    expect((await db.subscription.findUniqueOrThrow({ where: { id: lifetime.id } })).status).toBe("canceled");
    expect(await db.subscription.count({ where: { platformId: acme.id } })).toBe(5);
  });
});

describe("reads taken before the lock", () => {
  it("reads again when a newer write overtakes an older read, so the older one never lands", async () => {
    const platform = await createPlatform();
    const metadata = {
      tollgate: "1",
      platform_key: platform.key,
      item_type: "course",
      item_id: "race",
      paywall_unique_id: "00000000-0000-4000-8000-000000000000",
      price_unique_id: "00000000-0000-4000-8000-000000000001",
      email: "race@example.com",
      fee_bps: "2500",
    };
    const now = Math.floor(Date.now() / 1000);
    const subscription = (status: Stripe.Subscription.Status) => ({
      id: "sub_race",
      object: "subscription",
      status,
      metadata,
      customer: "cus_race",
      cancel_at_period_end: false,
      canceled_at: null,
      ended_at: null,
      trial_start: null,
      trial_end: null,
      items: { data: [{ current_period_start: now, current_period_end: now + 30 * 86_400, price: { id: "price_race", unit_amount: 1000, currency: "usd", recurring: { interval: "month" } } }] },
    });
    let state: Stripe.Subscription.Status = "incomplete";
    let reads = 0;
    let release!: () => void;
    const slow = new Promise<void>((r) => (release = r));
    const stripe = {
      subscriptions: {
        async retrieve() {
          const snapshot = subscription(state);
          if (++reads === 1) await slow; // the first read answers late, with what was true when it was asked
          return snapshot;
        },
      },
    } as unknown as Stripe;

    const older = syncStripeSubscription(stripe, "sub_race");
    await new Promise((r) => setTimeout(r, 20));
    state = "active";
    expect((await syncStripeSubscription(stripe, "sub_race"))?.status).toBe("active");
    release();
    expect((await older)?.status).toBe("active");
    expect(reads).toBe(3); // the late read was discarded and Stripe asked again
    expect((await db.subscription.findUniqueOrThrow({ where: { stripeSubscriptionId: "sub_race" } })).status).toBe("active");
  });
});
