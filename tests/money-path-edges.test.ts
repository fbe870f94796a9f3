import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { receiveStripeWebhook } from "@/lib/webhooks/receive-event";
import * as platformsRoute from "@/app/api/operator/platforms/route";
import * as membersRoute from "@/app/api/operator/platforms/[pk]/members/route";
import * as paywallRoute from "@/app/api/billing/platforms/[pk]/items/[type]/[id]/paywall/route";
import * as priceRoute from "@/app/api/billing/platforms/[pk]/items/[type]/[id]/paywall/prices/[price_id]/route";
import * as sessionStatus from "@/app/api/billing/checkout-sessions/[id]/route";
import * as checkoutRoute from "@/app/api/billing/platforms/[pk]/items/[type]/[id]/checkout/route";
import * as cancelRoute from "@/app/api/billing/platforms/[pk]/items/[type]/[id]/subscription/cancel/route";
import { call } from "./support/http";
import { createUser, tokenFor } from "./support/fixtures";
import { useLocalStripe, type LocalStripeHarness } from "./support/local-stripe";
import { checkout, pay, sellingPlatform } from "./support/buy";

let ls: LocalStripeHarness;
beforeAll(async () => {
  ls = await useLocalStripe();
});
afterAll(async () => {
  await ls.close();
});

const sdk = new Stripe("sk_test_x");
function deliver(type: string, object: unknown) {
  const body = JSON.stringify({ id: `evt_edge_${type}_${Math.random().toString(36).slice(2)}`, object: "event", type, created: Math.floor(Date.now() / 1000), livemode: false, api_version: null, pending_webhooks: 1, request: null, data: { object } });
  return receiveStripeWebhook("platform", body, sdk.webhooks.generateTestHeaderString({ payload: body, secret: process.env.STRIPE_WEBHOOK_SECRET! }));
}

describe("money path edges", () => {
  it("keeps a refund of a subscription payment that arrives before the payment itself", async () => {
    const s = await sellingPlatform(ls);
    const learner = await createUser({ platformId: s.platform.id });
    const res = await checkout(learner.id, s.item, { price_id: s.prices.monthly.id });
    await ls.control("faults", { webhooks: { delay_ms: 3_000 } });
    await ls.control(`checkout/sessions/${res.json.session_id}/pay`, { card: "4242424242424242" });
    const subId = (await ls.stripe.checkout.sessions.retrieve(res.json.session_id)).subscription as string;
    const invoice = await ls.stripe.invoices.retrieve((await ls.stripe.subscriptions.retrieve(subId)).latest_invoice as string, { expand: ["payments"] });
    const pi = await ls.stripe.paymentIntents.retrieve(invoice.payments!.data[0].payment.payment_intent as string);
    await ls.stripe.refunds.create({ payment_intent: pi.id, amount: 400 });
    const early = await deliver("charge.refunded", await ls.stripe.charges.retrieve(pi.latest_charge as string));
    expect(early.status).toBe(500); // ours, not recorded yet: Stripe must retry
    await ls.clearFaults();
    await ls.flush();
    const ledger = await db.ledgerEntry.findMany({ where: { platformId: s.platform.id }, orderBy: { createdAt: "asc" } });
    expect(ledger.map((l) => [l.kind, l.amount])).toEqual([["charge", 1000], ["refund", -400]]);
  });

  it("never reverses more commission than was charged, however the refunds are split", async () => {
    const s = await sellingPlatform(ls);
    const learner = await createUser({ platformId: s.platform.id });
    const res = await checkout(learner.id, s.item, { price_id: s.prices.once.id });
    await pay(ls, res.json.session_id);
    const pi = (await ls.stripe.checkout.sessions.retrieve(res.json.session_id)).payment_intent as string;
    for (const amount of [499, 499, 499, 499, 499, 4]) {
      await ls.stripe.refunds.create({ payment_intent: pi, amount });
      await ls.flush();
    }
    const rows = await db.ledgerEntry.findMany({ where: { platformId: s.platform.id } });
    const charge = rows.find((r) => r.kind === "charge")!;
    const refunds = rows.filter((r) => r.kind === "refund");
    expect(refunds.reduce((a, r) => a + r.amount, 0)).toBe(-charge.amount);
    expect(refunds.reduce((a, r) => a + r.feeAmount, 0)).toBe(-charge.feeAmount);
    expect(rows.reduce((a, r) => a + r.netAmount, 0)).toBe(0);
  });

  it("lets a re-priced tier be bought again within the same minute", async () => {
    const s = await sellingPlatform(ls);
    const learner = await createUser({ platformId: s.platform.id });
    const first = await checkout(learner.id, s.item, { price_id: s.prices.monthly.id });
    expect(first.status).toBe(200);
    await call(priceRoute.PUT, { method: "PUT", sessionUserId: s.owner.id, params: { ...s.item, price_id: s.prices.monthly.id }, body: { amount: "11.00" } });
    const second = await checkout(learner.id, s.item, { price_id: s.prices.monthly.id });
    expect(second.status).toBe(200);
    expect(second.json.session_id).not.toBe(first.json.session_id);
  });

  it("buys an item again within the minute after a cancel: a fresh checkout, not the one already paid", async () => {
    const s = await sellingPlatform(ls);
    const learner = await createUser({ platformId: s.platform.id });
    const first = await checkout(learner.id, s.item, { price_id: s.prices.once.id });
    expect((await pay(ls, first.json.session_id)).status).toBe("succeeded");
    const canceled = await call(cancelRoute.POST, { method: "POST", sessionUserId: learner.id, params: s.item, body: {} });
    expect(canceled.status).toBe(200);
    const again = await checkout(learner.id, s.item, { price_id: s.prices.once.id });
    expect(again.status).toBe(200);
    expect(again.json.session_id).not.toBe(first.json.session_id);
    expect((await pay(ls, again.json.session_id)).status).toBe("succeeded");
    expect(await db.subscription.count({ where: { platformId: s.platform.id, userId: learner.id, status: "active" } })).toBe(1);
  });

  it("confines API tokens: no operator actions, no checkout on another platform", async () => {
    const s = await sellingPlatform(ls);
    const other = await sellingPlatform(ls);
    const operator = await createUser({ isOperator: true, platformId: s.platform.id, role: "owner" });
    const token = await tokenFor(operator.id, s.pk);
    expect((await call(platformsRoute.GET, { token })).status).toBe(403);
    expect((await call(membersRoute.POST, { method: "POST", token, params: { pk: other.pk }, body: { email: "x@evil.example", role: "owner" } })).status).toBe(403);

    const member = await createUser({ platformId: s.platform.id });
    await db.membership.create({ data: { userId: member.id, platformId: other.platform.id } });
    const memberToken = await tokenFor(member.id, s.pk);
    const foreign = await call(checkoutRoute.POST, { method: "POST", token: memberToken, params: other.item, body: { price_id: other.prices.monthly.id } });
    expect(foreign.status).toBe(404);
  });

  it("answers 4xx, not 500, to malformed ids and NUL bytes, and refuses foreign success pages", async () => {
    const s = await sellingPlatform(ls);
    expect((await call(priceRoute.GET, { sessionUserId: s.owner.id, params: { ...s.item, price_id: "not-a-uuid" } })).status).toBe(404);
    expect((await call(sessionStatus.GET, { params: { id: "cs_\u0000x" } })).status).toBe(400);
    const foreign = await call(paywallRoute.PUT, { method: "PUT", sessionUserId: s.owner.id, params: s.item, body: { on_successful_payment: "https://evil.example/thanks" } });
    expect(foreign.status).toBe(400);
    expect(foreign.json.errors.on_successful_payment).toBeDefined();
  });
});
