import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import * as subRoute from "@/app/api/billing/platforms/[pk]/items/[type]/[id]/subscription/route";
import * as resumeRoute from "@/app/api/billing/platforms/[pk]/items/[type]/[id]/subscription/resume/route";
import { call } from "./support/http";
import { createUser } from "./support/fixtures";
import { useLocalStripe, type LocalStripeHarness } from "./support/local-stripe";
import { accessCheck, checkout, pay, sellingPlatform, type Item } from "./support/buy";

// Each step moves Local Stripe's virtual clock, lets its webhooks reach the app, then checks
// what the buyer and the books see: the subscription's status, the access check and the ledger.

let ls: LocalStripeHarness;
beforeAll(async () => {
  ls = await useLocalStripe();
});
afterAll(async () => {
  await ls.close();
});

const unix = (iso: string) => Math.floor(new Date(iso).getTime() / 1000);

/** Moves the virtual clock just past `target` (unix seconds) and delivers what fell due. */
async function advancePast(target: number) {
  const { now } = await ls.control<{ now: number }>("clock", undefined, "GET");
  if (target >= now) await ls.control("clock/advance", { seconds: target - now + 60 });
  await ls.flush();
}

async function subscribe(s: Awaited<ReturnType<typeof sellingPlatform>>, userId: string) {
  const started = await checkout(userId, s.item, { price_id: s.prices.monthly.id });
  expect(started.status).toBe(200);
  await pay(ls, started.json.session_id);
  const stripeSubId = (await ls.stripe.checkout.sessions.retrieve(started.json.session_id)).subscription as string;
  return { stripeSubId, sessionId: started.json.session_id as string };
}

const read = async (userId: string, item: Item) => (await call(subRoute.GET, { sessionUserId: userId, params: item })).json;

async function charges(stripeSubId: string) {
  const row = await db.subscription.findUniqueOrThrow({ where: { stripeSubscriptionId: stripeSubId } });
  return db.ledgerEntry.findMany({ where: { subscriptionId: row.id, kind: "charge" }, orderBy: { occurredAt: "asc" } });
}

describe("subscription lifecycle on Local Stripe's clock", () => {
  it("renews each period: a new period, access kept, one more charge in the ledger", async () => {
    const s = await sellingPlatform(ls);
    const learner = await createUser();
    const { stripeSubId } = await subscribe(s, learner.id);
    const first = await read(learner.id, s.item);
    expect(first).toMatchObject({ status: "active", cancel_at_period_end: false });
    expect((await charges(stripeSubId)).map((c) => c.amount)).toEqual([1000]);

    await advancePast(unix(first.current_period_end));
    const renewed = await read(learner.id, s.item);
    expect(renewed.status).toBe("active");
    expect(renewed.current_period_start).toBe(first.current_period_end);
    expect(unix(renewed.current_period_end)).toBeGreaterThan(unix(first.current_period_end));
    expect((await accessCheck(learner.id, s.item)).json).toMatchObject({ has_access: true, reason: "active" });
    const ledger = await charges(stripeSubId);
    expect(ledger.map((c) => c.amount)).toEqual([1000, 1000]);
    expect(new Set(ledger.map((c) => c.stripeInvoiceId)).size).toBe(2);
  });

  it("ends a trial with the first paid invoice: trialing → active, charged only then", async () => {
    const s = await sellingPlatform(ls, { trialDays: 7 });
    const learner = await createUser();
    const { stripeSubId } = await subscribe(s, learner.id);
    const trial = await read(learner.id, s.item);
    expect(trial.status).toBe("trialing");
    expect(trial.trial_end).not.toBeNull();
    expect((await accessCheck(learner.id, s.item)).json).toMatchObject({ has_access: true, reason: "trialing" });
    expect(await charges(stripeSubId)).toEqual([]);

    await advancePast(unix(trial.trial_end));
    expect((await read(learner.id, s.item)).status).toBe("active");
    expect((await accessCheck(learner.id, s.item)).json).toMatchObject({ has_access: true, reason: "active" });
    const ledger = await charges(stripeSubId);
    expect(ledger.map((c) => c.amount)).toEqual([1000]);
    const invoice = await ls.stripe.invoices.retrieve(ledger[0].stripeInvoiceId!);
    expect(invoice).toMatchObject({ status: "paid", amount_paid: 1000 });
  });

  it("a declined renewal makes it past_due (no access, no charge); paying the invoice recovers it", async () => {
    const s = await sellingPlatform(ls);
    const learner = await createUser();
    const { stripeSubId } = await subscribe(s, learner.id);
    const first = await read(learner.id, s.item);

    await ls.control(`subscriptions/${stripeSubId}/fail_next_payment`);
    await advancePast(unix(first.current_period_end));
    expect((await read(learner.id, s.item)).status).toBe("past_due");
    expect((await accessCheck(learner.id, s.item)).json).toMatchObject({ has_access: false, reason: "subscription_past_due" });
    expect((await charges(stripeSubId)).map((c) => c.amount)).toEqual([1000]);

    // the buyer fixes it (billing portal / hosted invoice): the open invoice is paid
    const open = (await ls.stripe.subscriptions.retrieve(stripeSubId)).latest_invoice as string;
    await ls.stripe.invoices.pay(open);
    await ls.flush();
    expect((await read(learner.id, s.item)).status).toBe("active");
    expect((await accessCheck(learner.id, s.item)).json).toMatchObject({ has_access: true, reason: "active" });
    expect((await charges(stripeSubId)).map((c) => c.amount)).toEqual([1000, 1000]);
  });

  it("cancel at period end, then resume: still active and renewed after the period", async () => {
    const s = await sellingPlatform(ls);
    const learner = await createUser();
    const { stripeSubId } = await subscribe(s, learner.id);
    await ls.stripe.subscriptions.update(stripeSubId, { cancel_at_period_end: true });
    await ls.flush();
    const canceling = await read(learner.id, s.item);
    expect(canceling).toMatchObject({ status: "active", cancel_at_period_end: true });
    expect((await accessCheck(learner.id, s.item)).status).toBe(200);

    const resumed = await call(resumeRoute.POST, { method: "POST", sessionUserId: learner.id, params: s.item });
    expect(resumed.status).toBe(200);
    expect(resumed.json).toMatchObject({ status: "active", cancel_at_period_end: false });

    await advancePast(unix(canceling.current_period_end));
    const after = await read(learner.id, s.item);
    expect(after).toMatchObject({ status: "active", cancel_at_period_end: false, canceled_at: null });
    expect(unix(after.current_period_end)).toBeGreaterThan(unix(canceling.current_period_end));
    expect((await accessCheck(learner.id, s.item)).status).toBe(200);
    expect((await charges(stripeSubId)).map((c) => c.amount)).toEqual([1000, 1000]);
  });

  it("cancel at period end ends it at period end: access gone; buying again works, without a second trial", async () => {
    const s = await sellingPlatform(ls, { trialDays: 7 });
    const learner = await createUser();
    const { stripeSubId } = await subscribe(s, learner.id);
    const trial = await read(learner.id, s.item);
    expect(trial.status).toBe("trialing");
    await advancePast(unix(trial.trial_end));
    await ls.stripe.subscriptions.update(stripeSubId, { cancel_at_period_end: true });
    await ls.flush();
    const canceling = await read(learner.id, s.item);
    expect(canceling).toMatchObject({ status: "active", cancel_at_period_end: true });

    await advancePast(unix(canceling.current_period_end));
    const ended = await read(learner.id, s.item);
    expect(ended.status).toBe("canceled");
    expect(ended.canceled_at).not.toBeNull();
    expect((await accessCheck(learner.id, s.item)).json).toMatchObject({ has_access: false, reason: "subscription_canceled" });
    expect((await charges(stripeSubId)).map((c) => c.amount)).toEqual([1000]);

    // buy again: allowed, and no trial this time
    const again = await checkout(learner.id, s.item, { price_id: s.prices.monthly.id });
    expect(again.status).toBe(200);
    expect((await db.checkoutSession.findUniqueOrThrow({ where: { stripeSessionId: again.json.session_id } })).trialPeriodDays).toBe(0);
    await pay(ls, again.json.session_id);
    const second = (await ls.stripe.checkout.sessions.retrieve(again.json.session_id)).subscription as string;
    expect(second).not.toBe(stripeSubId);
    expect((await ls.stripe.subscriptions.retrieve(second)).trial_end).toBeNull();
    const current = await read(learner.id, s.item);
    expect(current).toMatchObject({ status: "active", trial_end: null });
    expect((await accessCheck(learner.id, s.item)).json).toMatchObject({ has_access: true, reason: "active" });
    expect((await charges(second)).map((c) => c.amount)).toEqual([1000]);

    // while it is active a third purchase is refused
    const third = await checkout(learner.id, s.item, { price_id: s.prices.monthly.id });
    expect(third.status).toBe(409);
    expect(third.json.code).toBe("already_subscribed");
  });
});
