import Stripe from "stripe";
import { describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { receiveStripeWebhook } from "@/lib/webhooks/receive-event";
import type { HandlerTable } from "@/lib/webhooks/handler-table";
import * as platformRoute from "@/app/api/webhooks/stripe/route";
import * as connectRoute from "@/app/api/webhooks/stripe/connect/route";
import { call } from "./support/http";

const sdk = new Stripe("sk_test_x");
let n = 0;

function makeEvent(type = "customer.created", extra: Record<string, unknown> = {}) {
  return JSON.stringify({
    id: `evt_test_${process.pid}_${++n}`,
    object: "event",
    api_version: "2026-10-28.endive",
    created: Math.floor(Date.now() / 1000),
    type,
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    data: { object: { id: "cus_123", object: "customer" } },
    ...extra,
  });
}

function sign(payload: string, secret = process.env.STRIPE_WEBHOOK_SECRET!, timestamp?: number) {
  return sdk.webhooks.generateTestHeaderString({ payload, secret, timestamp });
}

describe("Stripe webhook endpoints", () => {
  it("stores a signed event once and processes it once, however often it is delivered", async () => {
    const handler = vi.fn(async () => {});
    const handlers: HandlerTable = { "customer.created": handler };
    const body = makeEvent();
    const first = await receiveStripeWebhook("platform", body, sign(body), handlers);
    expect(first).toEqual({ status: 200, body: { received: true, handled: true } });
    const again = await receiveStripeWebhook("platform", body, sign(body), handlers);
    expect(again.status).toBe(200);
    expect(again.body.duplicate).toBe(true);
    expect(handler).toHaveBeenCalledTimes(1);
    const row = await db.stripeEvent.findFirstOrThrow({ where: { id: JSON.parse(body).id } });
    expect(row).toMatchObject({ type: "customer.created", source: "platform", attempts: 1, processError: null });
    expect(row.processedAt).not.toBeNull();
  });

  it("processes concurrent duplicate deliveries only once", async () => {
    let calls = 0;
    const handlers: HandlerTable = {
      "customer.created": async () => {
        calls++;
        await new Promise((r) => setTimeout(r, 50));
      },
    };
    const body = makeEvent();
    const results = await Promise.all([1, 2, 3].map(() => receiveStripeWebhook("platform", body, sign(body), handlers)));
    expect(calls).toBe(1);
    expect(results.filter((r) => r.status === 200 && r.body.handled).length).toBe(1);
    // the others are told to come back (409) or see it done (200 duplicate); never a second run
    for (const r of results) expect([200, 409]).toContain(r.status);
  });

  it("rejects a wrong signature, a missing one and a stale timestamp without storing anything", async () => {
    const body = makeEvent();
    const id = JSON.parse(body).id;
    expect((await receiveStripeWebhook("platform", body, sign(body, "whsec_wrong"))).status).toBe(400);
    expect((await receiveStripeWebhook("platform", body, null)).status).toBe(400);
    const stale = sign(body, undefined, Math.floor(Date.now() / 1000) - 301);
    const res = await receiveStripeWebhook("platform", body, stale);
    expect(res.status).toBe(400);
    expect(String(res.body.detail)).toMatch(/tolerance|timestamp/i);
    const tampered = body.replace("cus_123", "cus_999");
    expect((await receiveStripeWebhook("platform", tampered, sign(body))).status).toBe(400);
    expect(await db.stripeEvent.findFirst({ where: { id } })).toBeNull();
  });

  it("keeps the two endpoints' secrets apart", async () => {
    const body = makeEvent("account.updated", { account: "acct_123" });
    const connectSig = sign(body, process.env.STRIPE_CONNECT_WEBHOOK_SECRET!);
    expect((await call(platformRoute.POST, { method: "POST", rawBody: body, headers: { "stripe-signature": connectSig } })).status).toBe(400);
    const ok = await call(connectRoute.POST, { method: "POST", rawBody: body, headers: { "stripe-signature": connectSig } });
    expect(ok.status).toBe(200);
    const row = await db.stripeEvent.findFirstOrThrow({ where: { id: JSON.parse(body).id } });
    expect(row).toMatchObject({ source: "connect", account: "acct_123" });
  });

  it("acknowledges event types without a handler", async () => {
    const body = makeEvent("radar.early_fraud_warning.created");
    const res = await call(platformRoute.POST, { method: "POST", rawBody: body, headers: { "stripe-signature": sign(body) } });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ received: true, handled: false });
    const row = await db.stripeEvent.findFirstOrThrow({ where: { id: JSON.parse(body).id } });
    expect(row.processedAt).not.toBeNull();
  });

  it("records a handler failure, answers non-2xx so Stripe retries, and succeeds on the retry", async () => {
    const spy = vi.spyOn(console, "error").mockImplementation(() => {});
    let fail = true;
    const handlers: HandlerTable = {
      "customer.created": async () => {
        if (fail) throw new Error("database briefly unavailable");
      },
    };
    const body = makeEvent();
    const id = JSON.parse(body).id;
    const first = await receiveStripeWebhook("platform", body, sign(body), handlers);
    expect(first.status).toBe(500);
    let row = await db.stripeEvent.findFirstOrThrow({ where: { id } });
    expect(row.processError).toBe("database briefly unavailable");
    expect(row.processedAt).toBeNull();

    fail = false;
    const retry = await receiveStripeWebhook("platform", body, sign(body), handlers);
    expect(retry.status).toBe(200);
    row = await db.stripeEvent.findFirstOrThrow({ where: { id } });
    expect(row).toMatchObject({ processError: null, attempts: 2 });
    expect(row.processedAt).not.toBeNull();
    spy.mockRestore();
  });
});
