import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { setStripeClient } from "@/lib/stripe/client";
import { webhookHandlers } from "@/lib/webhooks/handler-table";
import { receiveStripeWebhook } from "@/lib/webhooks/receive-event";
import { payoutTarget } from "@/lib/payouts/payout-entries";
import * as balanceRoute from "@/app/api/service/platforms/[pk]/stripe/connect/balance/route";
import * as payoutsRoute from "@/app/api/service/platforms/[pk]/stripe/connect/payouts/route";
import * as summaryRoute from "@/app/api/billing/platforms/[pk]/payouts/summary/route";
import { call } from "./support/http";
import { createPlatform, createUser } from "./support/fixtures";
import { useLocalStripe, type LocalStripeHarness } from "./support/local-stripe";
import { checkout, guestCheckout, pay, sellingPlatform } from "./support/buy";

let ls: LocalStripeHarness;
beforeAll(async () => {
  ls = await useLocalStripe();
});
afterAll(async () => {
  await ls.close();
});

const DAY = 86_400;
const sdk = new Stripe("sk_test_x");

async function advance(seconds: number) {
  await ls.control("clock/advance", { seconds });
  await ls.flush();
}

/** Every event Local Stripe sent about one payout of a connected account, oldest first. */
async function payoutEvents(accountId: string, payoutId: string): Promise<Stripe.Event[]> {
  const list = await ls.stripe.events.list({ type: "payout.*", limit: 100 }, { stripeAccount: accountId });
  return list.data.filter((e) => (e.data.object as { id: string }).id === payoutId).reverse();
}

/** The same event delivered again to the Connect endpoint, signed as Stripe signs it. */
function redeliver(event: Stripe.Event) {
  const body = JSON.stringify(event);
  return receiveStripeWebhook("connect", body, sdk.webhooks.generateTestHeaderString({ payload: body, secret: process.env.STRIPE_CONNECT_WEBHOOK_SECRET! }));
}

/** Runs the handler itself again (the receiver answers a processed event as a duplicate without it). */
async function rehandle(event: Stripe.Event, stripe: Stripe = ls.stripe) {
  await webhookHandlers.connect[event.type]!(event, { endpoint: "connect", stripe });
}

const payoutRows = (platformId: string) =>
  db.ledgerEntry.findMany({ where: { platformId, kind: "payout" }, orderBy: { createdAt: "asc" } });

/** A ready platform with two sales (24.99 one-time, 10.00 monthly, 25% commission) and a 4.99 refund. */
async function platformWithSales() {
  const s = await sellingPlatform(ls);
  const learner = await createUser({ platformId: s.platform.id });
  const a = await checkout(learner.id, s.item, { price_id: s.prices.once.id });
  await pay(ls, a.json.session_id);
  const b = await guestCheckout(s.item, { email: "payee@example.test", price_id: s.prices.monthly.id });
  await pay(ls, b.json.session_id);
  const session = await ls.stripe.checkout.sessions.retrieve(a.json.session_id);
  await ls.stripe.refunds.create({ payment_intent: session.payment_intent as string, amount: 499, reverse_transfer: true, refund_application_fee: true });
  await ls.flush();
  return s;
}

describe("payouts", () => {
  it("shows the balance pending then available, and counts a paid payout once however often its events arrive", async () => {
    const s = await platformWithSales();
    const asAdmin = { sessionUserId: s.admin.id, params: { pk: s.pk } };

    // transfers of the destination charges (24.99 − 6.25 and 10.00 − 2.50) are pending for 2 days;
    // the refund's transfer reversal (3.74) is taken from the available balance at once
    const before = await call(balanceRoute.GET, asAdmin);
    expect(before.status).toBe(200);
    expect(before.json.account_id).toBe(s.accountId);
    expect(before.json.pending).toEqual([{ currency: "usd", amount: "26.24" }]);
    expect(before.json.available).toEqual([{ currency: "usd", amount: "-3.74" }]);

    await advance(2 * DAY + 60);
    const settled = await call(balanceRoute.GET, asAdmin);
    expect(settled.json.available).toEqual([{ currency: "usd", amount: "22.50" }]);
    expect(settled.json.pending).toEqual([{ currency: "usd", amount: "0.00" }]);

    const payout = await ls.stripe.payouts.create({ amount: 2000, currency: "usd" }, { stripeAccount: s.accountId });
    await ls.flush();
    // pending: nothing has reached the bank yet
    expect(await payoutRows(s.platform.id)).toHaveLength(0);
    const listed = await call(payoutsRoute.GET, asAdmin);
    expect(listed.status).toBe(200);
    expect(listed.json).toMatchObject({ has_more: false, results: [{ id: payout.id, amount: "20.00", currency: "usd", status: "pending", failure_message: null }] });
    expect(listed.json.results[0].arrival_date).toBe(new Date(payout.arrival_date * 1000).toISOString());

    await advance(2 * DAY + 60);
    const rows = await payoutRows(s.platform.id);
    expect(rows.map((r) => [r.amount, r.netAmount, r.feeAmount, r.currency, r.stripeObjectId])).toEqual([[-2000, -2000, 0, "usd", payout.id]]);

    // every event again: through the receiver (recorded duplicates), then through the handler itself, twice
    await ls.stripe.payouts.update(payout.id, { metadata: { note: "checked" } }, { stripeAccount: s.accountId });
    await ls.flush();
    const events = await payoutEvents(s.accountId, payout.id);
    expect(events.map((e) => e.type)).toEqual(["payout.created", "payout.paid", "payout.updated"]);
    for (const event of events) {
      expect((await redeliver(event)).status).toBe(200);
      await rehandle(event);
      await rehandle(event);
    }
    expect(await payoutRows(s.platform.id)).toHaveLength(1);

    const summary = await call(summaryRoute.GET, asAdmin);
    expect(summary.status).toBe(200);
    // earned: 18.74 + 7.50 − 3.74 (the refund less its 1.25 commission); paid out 20.00
    expect(summary.json).toEqual({ by_currency: [{ currency: "usd", earned: "22.50", paid_out: "20.00", pending: "2.50" }] });

    const after = await call(balanceRoute.GET, asAdmin);
    expect(after.json.available).toEqual([{ currency: "usd", amount: "2.50" }]);
    const paid = await call(payoutsRoute.GET, asAdmin);
    expect(paid.json.results).toMatchObject([{ id: payout.id, status: "paid" }]);
  });

  it("does not count a canceled payout, reverses a paid one that fails, and pages the list", async () => {
    const s = await platformWithSales();
    const asAdmin = { sessionUserId: s.owner.id, params: { pk: s.pk } };
    await advance(2 * DAY + 60);

    const canceled = await ls.stripe.payouts.create({ amount: 1000, currency: "usd" }, { stripeAccount: s.accountId });
    await ls.stripe.payouts.cancel(canceled.id, {}, { stripeAccount: s.accountId });
    await ls.flush();
    const kept = await ls.stripe.payouts.create({ amount: 1500, currency: "usd" }, { stripeAccount: s.accountId });
    await ls.flush();
    await advance(2 * DAY + 60);
    expect((await payoutRows(s.platform.id)).map((r) => [r.stripeObjectId, r.amount])).toEqual([[kept.id, -1500]]);

    const first = await call(payoutsRoute.GET, { ...asAdmin, query: { limit: "1" } });
    expect(first.json).toMatchObject({ has_more: true, results: [{ id: kept.id, status: "paid" }] });
    const second = await call(payoutsRoute.GET, { ...asAdmin, query: { limit: "1", starting_after: kept.id } });
    expect(second.json).toMatchObject({ has_more: false, results: [{ id: canceled.id, status: "canceled", amount: "10.00" }] });
    expect((await call(payoutsRoute.GET, { ...asAdmin, query: { limit: "0" } })).status).toBe(400);

    expect((await call(summaryRoute.GET, asAdmin)).json.by_currency).toEqual([{ currency: "usd", earned: "22.50", paid_out: "15.00", pending: "7.50" }]);

    // Local Stripe never fails a payout: a client that reads the paid payout as failed stands in for the bank's return
    const failedRead = Object.create(ls.stripe) as Stripe;
    Object.defineProperty(failedRead, "payouts", {
      value: {
        retrieve: async (...args: Parameters<Stripe["payouts"]["retrieve"]>) => ({
          ...(await ls.stripe.payouts.retrieve(...args)),
          status: "failed",
          failure_code: "account_closed",
          failure_message: "The bank account has been closed.",
        }),
      },
    });
    const paidEvent = (await payoutEvents(s.accountId, kept.id)).find((e) => e.type === "payout.paid")!;
    const failedEvent = { ...paidEvent, id: `${paidEvent.id}_failed`, type: "payout.failed" } as Stripe.Event;
    await rehandle(failedEvent, failedRead);
    await rehandle(failedEvent, failedRead);
    await rehandle(paidEvent, failedRead);
    expect((await payoutRows(s.platform.id)).map((r) => [r.amount, r.description])).toEqual([
      [-1500, "Payout paid"],
      [1500, "Payout failed"],
    ]);
    expect((await call(summaryRoute.GET, asAdmin)).json.by_currency).toEqual([{ currency: "usd", earned: "22.50", paid_out: "0.00", pending: "22.50" }]);
  });

  it("decides what the ledger holds for a payout from its status alone", () => {
    expect(payoutTarget({ status: "pending", amount: 500 }, 0)).toBe(0);
    expect(payoutTarget({ status: "in_transit", amount: 500 }, 0)).toBe(0);
    expect(payoutTarget({ status: "paid", amount: 500 }, 0)).toBe(-500);
    expect(payoutTarget({ status: "paid", amount: 500 }, -500)).toBe(-500);
    expect(payoutTarget({ status: "failed", amount: 500 }, -500)).toBe(0);
    expect(payoutTarget({ status: "canceled", amount: 500 }, 0)).toBe(0);
  });

  it("answers 404 not_connected without an account, 502/503 when Stripe fails, and an empty summary", async () => {
    const platform = await createPlatform();
    const admin = await createUser({ platformId: platform.id, role: "admin" });
    const asAdmin = { sessionUserId: admin.id, params: { pk: platform.key } };
    for (const route of [balanceRoute, payoutsRoute]) {
      const res = await call(route.GET, asAdmin);
      expect(res.status).toBe(404);
      expect(res.json.code).toBe("not_connected");
    }
    expect((await call(summaryRoute.GET, asAdmin)).json).toEqual({ by_currency: [] });

    const s = await sellingPlatform(ls);
    const owner = { sessionUserId: s.owner.id, params: { pk: s.pk } };
    await ls.fault("/v1/balance", 1);
    expect((await call(balanceRoute.GET, owner)).status).toBe(502);
    // Stripe unreachable: a client aimed at a port nothing listens on
    setStripeClient(new Stripe("sk_test_local", { host: "127.0.0.1", port: 9, protocol: "http", maxNetworkRetries: 0 }));
    try {
      const down = await call(balanceRoute.GET, owner);
      expect(down.status).toBe(503);
      expect(down.json.code).toBe("stripe_unavailable");
      expect((await call(payoutsRoute.GET, owner)).status).toBe(503);
    } finally {
      setStripeClient(ls.stripe);
    }
    expect((await call(balanceRoute.GET, owner)).status).toBe(200);
  });
});
