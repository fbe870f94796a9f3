import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import Stripe from "stripe";
import { startHarness, setupSeller, type Harness } from "./helpers.js";

let h: Harness;
let seller: Awaited<ReturnType<typeof setupSeller>>;
const DAY = 86400;

beforeAll(async () => {
  h = await startHarness();
  seller = await setupSeller(h, 1000);
});
afterAll(async () => {
  await h.close();
});
beforeEach(async () => {
  await h.flush();
  h.receiver.clear();
});

async function subscribe(opts: { trial?: number; fee?: number } = {}): Promise<Stripe.Subscription> {
  const session = await h.stripe.checkout.sessions.create({
    mode: "subscription",
    line_items: [{ price: seller.monthly.id, quantity: 1 }],
    success_url: "http://app.test/ok",
    subscription_data: {
      trial_period_days: opts.trial,
      application_fee_percent: opts.fee,
      transfer_data: opts.fee ? { destination: seller.account.id } : undefined,
    },
  });
  const res = await h.control<{ status: string }>(`checkout/sessions/${session.id}/pay`, { card: "4242424242424242", email: "clock@example.com" });
  expect(res.body.status).toBe("succeeded");
  const s = await h.stripe.checkout.sessions.retrieve(session.id);
  await h.flush();
  h.receiver.clear();
  return h.stripe.subscriptions.retrieve(s.subscription as string);
}

function forSub(type: string, id: string): Stripe.Event[] {
  return h.receiver.events(type).filter((e) => {
    const o = e.data.object as { id: string; parent?: Stripe.Invoice.Parent | null };
    return o.id === id || o.parent?.subscription_details?.subscription === id;
  });
}

describe("virtual clock", () => {
  it("renews at period end with a paid invoice and the fee percent", async () => {
    const sub = await subscribe({ fee: 10 });
    const end = sub.items.data[0].current_period_end;
    const { body } = await h.control<{ now: number }>("clock/advance", { seconds: end - Math.floor(Date.now() / 1000) + 60 });
    expect(body.now).toBeGreaterThan(end);
    await h.flush();
    expect(forSub("invoice.paid", sub.id)).toHaveLength(1);
    expect(forSub("invoice.payment_succeeded", sub.id)).toHaveLength(1);
    const updated = forSub("customer.subscription.updated", sub.id);
    expect(updated.length).toBeGreaterThanOrEqual(1);
    expect(updated[0].data.previous_attributes).toHaveProperty("items");
    const renewed = await h.stripe.subscriptions.retrieve(sub.id);
    expect(renewed.items.data[0].current_period_start).toBe(end);
    expect(renewed.status).toBe("active");
    const invoice = await h.stripe.invoices.retrieve(renewed.latest_invoice as string);
    expect(invoice.billing_reason).toBe("subscription_cycle");
    expect(invoice.amount_paid).toBe(1000);
    const fee = h.receiver.events("application_fee.created").map((e) => e.data.object as Stripe.ApplicationFee);
    expect(fee.map((f) => f.amount)).toContain(100);
  });

  it("warns 3 days before trial end, then activates with the first invoice", async () => {
    const sub = await subscribe({ trial: 7 });
    expect(sub.status).toBe("trialing");
    await h.control("clock/advance", { seconds: 4 * DAY + 60 });
    await h.flush();
    expect(forSub("customer.subscription.trial_will_end", sub.id)).toHaveLength(1);
    expect(forSub("invoice.paid", sub.id)).toHaveLength(0);
    await h.control("clock/advance", { seconds: 3 * DAY });
    await h.flush();
    const active = await h.stripe.subscriptions.retrieve(sub.id);
    expect(active.status).toBe("active");
    const paid = forSub("invoice.paid", sub.id);
    expect(paid).toHaveLength(1);
    expect((paid[0].data.object as Stripe.Invoice).amount_paid).toBe(1000);
    const statusChange = forSub("customer.subscription.updated", sub.id).find((e) => (e.data.previous_attributes as { status?: string })?.status === "trialing");
    expect(statusChange).toBeTruthy();
    expect(forSub("customer.subscription.trial_will_end", sub.id)).toHaveLength(1);
  });

  it("fails the next renewal on request: payment_failed and past_due", async () => {
    const sub = await subscribe();
    const ctl = await h.control(`subscriptions/${sub.id}/fail_next_payment`);
    expect(ctl.status).toBe(200);
    const end = sub.items.data[0].current_period_end;
    await h.control("clock/advance", { seconds: end - (await h.control<{ now: number }>("clock", undefined, "GET")).body.now + 60 });
    await h.flush();
    expect(forSub("invoice.payment_failed", sub.id)).toHaveLength(1);
    expect(forSub("invoice.paid", sub.id)).toHaveLength(0);
    const pastDue = await h.stripe.subscriptions.retrieve(sub.id);
    expect(pastDue.status).toBe("past_due");
    const upd = forSub("customer.subscription.updated", sub.id).find((e) => (e.data.object as Stripe.Subscription).status === "past_due");
    expect(upd?.data.previous_attributes).toMatchObject({ status: "active" });
  });

  it("ends a subscription set to cancel at period end", async () => {
    const sub = await subscribe();
    await h.stripe.subscriptions.update(sub.id, { cancel_at_period_end: true });
    const now = (await h.control<{ now: number }>("clock", undefined, "GET")).body.now;
    await h.control("clock/advance", { seconds: sub.items.data[0].current_period_end - now + 60 });
    await h.flush();
    expect(forSub("customer.subscription.deleted", sub.id)).toHaveLength(1);
    expect(forSub("invoice.paid", sub.id)).toHaveLength(0);
    expect((await h.stripe.subscriptions.retrieve(sub.id)).status).toBe("canceled");
  });
});
