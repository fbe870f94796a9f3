import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import * as refundsRoute from "@/app/api/billing/platforms/[pk]/refunds/route";
import { saleEventSchema } from "@/lib/sale-events/sale-event-schema";
import { receiptNumber } from "@/lib/sale-events/receipt-number";
import { sweepSaleEvents } from "@/lib/sale-events/fan-out";
import { drainJobs, jobQueue } from "@/lib/jobs/queue";
import { call } from "./support/http";
import { createUser } from "./support/fixtures";
import { useLocalStripe, type LocalStripeHarness } from "./support/local-stripe";
import { checkout, pay, sellingPlatform } from "./support/buy";

let ls: LocalStripeHarness;
beforeAll(async () => {
  ls = await useLocalStripe();
});
afterAll(async () => {
  await ls.close();
});

const eventsOf = (platformId: string) => db.saleEvent.findMany({ where: { platformId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });

describe("sale events", { timeout: 120_000 }, () => {
  it("are stored once per Stripe fact with the public payload, and fanned out by the job queue", async () => {
    const s = await sellingPlatform(ls);
    const learner = await createUser({ platformId: s.platform.id, email: "buyer@example.test" });
    const res = await checkout(learner.id, s.item, { price_id: s.prices.monthly.id });
    expect(res.status).toBe(200);
    await pay(ls, res.json.session_id);

    const events = await eventsOf(s.platform.id);
    expect(events.map((e) => e.type).sort()).toEqual(["purchase.completed", "subscription.created"]);
    const purchase = saleEventSchema.parse(events.find((e) => e.type === "purchase.completed")!.payload);
    expect(purchase).toMatchObject({
      id: events.find((e) => e.type === "purchase.completed")!.id,
      platform: { key: s.pk },
      data: {
        item: { type: "course", id: "masterclass" },
        buyer: { email: "buyer@example.test", user_id: learner.id },
        purchase: { interval: "month", amount: 1000, currency: "usd", tier: "Monthly", cancel_at_period_end: false },
        payment: { amount: 1000, currency: "usd" },
      },
    });
    // Stripe's invoice number is the receipt number of a subscription payment
    expect(purchase.data.payment!.receipt_number).toMatch(/^[A-Z0-9]+-\d{4}$/);

    // duplicates of every Stripe event make no second sale event
    const stored = await db.stripeEvent.findMany({ where: { source: "platform" } });
    await db.stripeEvent.updateMany({ where: { source: "platform" }, data: { processedAt: null } });
    const { receiveStripeWebhook } = await import("@/lib/webhooks/receive-event");
    const { default: Stripe } = await import("stripe");
    for (const e of stored) {
      const body = JSON.stringify(e.payload);
      const header = Stripe.webhooks.generateTestHeaderString({ payload: body, secret: process.env.STRIPE_WEBHOOK_SECRET! });
      expect((await receiveStripeWebhook("platform", body, header)).status).toBe(200);
    }
    expect((await eventsOf(s.platform.id)).map((e) => e.id).sort()).toEqual(events.map((e) => e.id).sort());

    // the fan-out job marks each event done; a second drain has nothing to do
    expect(await drainJobs()).toBeGreaterThanOrEqual(2);
    expect((await eventsOf(s.platform.id)).every((e) => e.fannedOutAt)).toBe(true);
    await drainJobs();
    expect(await drainJobs()).toBe(0);
  });

  it("records refunds, cancellations and renewals as their own events", async () => {
    const s = await sellingPlatform(ls);
    const learner = await createUser({ platformId: s.platform.id });
    const res = await checkout(learner.id, s.item, { price_id: s.prices.once.id });
    await pay(ls, res.json.session_id);
    const pi = (await ls.stripe.checkout.sessions.retrieve(res.json.session_id)).payment_intent as string;
    const charge = await db.ledgerEntry.findFirstOrThrow({ where: { kind: "charge", stripePaymentIntentId: pi } });

    const one = saleEventSchema.parse((await db.saleEvent.findFirstOrThrow({ where: { platformId: s.platform.id, type: "purchase.completed" } })).payload);
    expect(one.data.purchase.interval).toBe("one_time");
    expect(one.data.payment).toMatchObject({ amount: 2499, receipt_number: receiptNumber({ chargeId: charge.stripeChargeId }) });

    const refund = await call(refundsRoute.POST, { method: "POST", sessionUserId: s.admin.id, params: { pk: s.pk }, body: { ledger_entry_id: charge.id, amount: "5.00", reason: "Asked by e-mail" } });
    expect(refund.status).toBe(202);
    await ls.flush();
    const refunds = await db.saleEvent.findMany({ where: { platformId: s.platform.id, type: "refund.created" } });
    expect(refunds).toHaveLength(1);
    expect(saleEventSchema.parse(refunds[0].payload).data.refund).toMatchObject({ id: refund.json.id, amount: 500, currency: "usd" });

    // a monthly subscriber renews when Local Stripe's clock passes the period end
    const subscriber = await createUser({ platformId: s.platform.id });
    const sub = await checkout(subscriber.id, s.item, { price_id: s.prices.monthly.id });
    await pay(ls, sub.json.session_id);
    await ls.control("clock/advance", { seconds: 32 * 86400 });
    await ls.flush();
    const renewed = await db.saleEvent.findMany({ where: { platformId: s.platform.id, type: "subscription.renewed" } });
    expect(renewed).toHaveLength(1);
    expect(saleEventSchema.parse(renewed[0].payload).data.payment).toMatchObject({ amount: 1000, currency: "usd" });
  });

  it("re-queues events a crash left without their fan-out", async () => {
    const s = await sellingPlatform(ls);
    const learner = await createUser({ platformId: s.platform.id });
    const res = await checkout(learner.id, s.item, { price_id: s.prices.once.id });
    await pay(ls, res.json.session_id);
    // as if the process died after storing the event, before its fan-out job was queued
    await db.saleEvent.updateMany({ where: { platformId: s.platform.id }, data: { createdAt: new Date(Date.now() - 5 * 60_000) } });
    expect(await sweepSaleEvents()).toBeGreaterThanOrEqual(1);
    await drainJobs();
    const events = await eventsOf(s.platform.id);
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.fannedOutAt)).toBe(true);
    // once fanned out, the sweep leaves them alone
    expect(await sweepSaleEvents()).toBe(0);
    expect(await (await jobQueue()).getQueue("sale-event.fan-out")).toMatchObject({ name: "sale-event.fan-out" });
  });
});

describe("receipt numbers", () => {
  it.each([
    [{ invoiceNumber: "AB12-0003", chargeId: "ch_x" }, "AB12-0003"],
    [{ chargeReceiptNumber: "1234-5678", chargeId: "ch_x" }, "1234-5678"],
    [{ chargeId: "ch_3PabcdefGHIJKLmn" }, "TG-EFGHIJKLMN"],
    [{ paymentIntentId: "pi_123" }, "TG-123"],
    [{}, null],
  ])("%o → %s", (input, expected) => {
    expect(receiptNumber(input)).toBe(expected);
  });
});
