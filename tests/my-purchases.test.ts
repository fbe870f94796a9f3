import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import * as myPurchasesRoute from "@/app/api/billing/my-purchases/route";
import * as mySubsRoute from "@/app/api/billing/platforms/[pk]/my-subscriptions/route";
import * as subRoute from "@/app/api/billing/platforms/[pk]/items/[type]/[id]/subscription/route";
import * as cancelRoute from "@/app/api/billing/platforms/[pk]/items/[type]/[id]/subscription/cancel/route";
import * as resumeRoute from "@/app/api/billing/platforms/[pk]/items/[type]/[id]/subscription/resume/route";
import * as canonicalResume from "@/app/api/billing/items/[uid]/subscription/resume/route";
import * as sessionStatusRoute from "@/app/api/billing/checkout-sessions/[id]/route";
import { drainJobs } from "@/lib/jobs/queue";
import { claimGuestPurchases } from "@/lib/subscriptions/claim-guest-purchases";
import { call } from "./support/http";
import { createUser, tokenFor } from "./support/fixtures";
import { useLocalStripe, type LocalStripeHarness } from "./support/local-stripe";
import { accessCheck, checkout, guestCheckout, pay, sellingPlatform } from "./support/buy";

let ls: LocalStripeHarness;
beforeAll(async () => {
  ls = await useLocalStripe();
});
afterAll(async () => {
  await ls.close();
});

let seq = 0;
/** A guest who paid through a share link, then signed in by magic link (which verifies the e-mail). */
async function guestBuyer(s: Awaited<ReturnType<typeof sellingPlatform>>, priceId: string) {
  const email = `guest-${process.pid}-${++seq}@example.test`;
  const started = await guestCheckout(s.item, { email, price_id: priceId });
  expect(started.status).toBe(200);
  await pay(ls, started.json.session_id);
  const user = await db.user.create({ data: { email, emailVerified: new Date() } });
  await claimGuestPurchases(user.id);
  return { user, sessionId: started.json.session_id as string };
}

describe("GET /api/billing/my-purchases/", () => {
  it("lists a non-member guest buyer's purchases on every platform, each with its platform, and nobody else's", async () => {
    const a = await sellingPlatform(ls);
    const b = await sellingPlatform(ls);
    const { user } = await guestBuyer(a, a.prices.monthly.id);
    // the same person buys on a second platform as a guest again, after signing in once
    const second = await guestCheckout(b.item, { email: user.email, price_id: b.prices.once.id });
    await pay(ls, second.json.session_id);
    const member = await createUser({ platformId: a.platform.id });
    await pay(ls, (await checkout(member.id, a.item, { price_id: a.prices.once.id })).json.session_id);

    expect(await db.membership.count({ where: { userId: user.id } })).toBe(0);
    const all = await call(myPurchasesRoute.GET, { sessionUserId: user.id });
    expect(all.status).toBe(200);
    expect(all.json.count).toBe(2);
    const byPlatform = Object.fromEntries(all.json.results.map((r: { platform: { key: string } }) => [r.platform.key, r]));
    expect(byPlatform[a.pk]).toMatchObject({ platform: { key: a.pk, name: a.platform.name }, status: "active", is_one_time: false, price: { name: "Monthly", amount: "10.00" } });
    expect(byPlatform[b.pk]).toMatchObject({ platform: { key: b.pk }, status: "active", is_one_time: true, price: { name: "Lifetime", amount: "24.99" } });
    expect(all.json.results.every((r: { email: string }) => r.email === user.email)).toBe(true);

    // filters
    expect((await call(myPurchasesRoute.GET, { sessionUserId: user.id, query: { platform: b.pk } })).json.results.map((r: { platform: { key: string } }) => r.platform.key)).toEqual([b.pk]);
    expect((await call(myPurchasesRoute.GET, { sessionUserId: user.id, query: { status: "canceled" } })).json.count).toBe(0);
    expect((await call(myPurchasesRoute.GET, { sessionUserId: user.id, query: { search: "master", item_type: "course" } })).json.count).toBe(2);
    expect((await call(myPurchasesRoute.GET, { sessionUserId: user.id, query: { item_type: "mentor" } })).json.count).toBe(0);
    const paged = await call(myPurchasesRoute.GET, { sessionUserId: user.id, query: { page_size: "1" } });
    expect(paged.json).toMatchObject({ count: 2, next_page: 2, previous_page: null });
    expect(paged.json.results).toHaveLength(1);
    expect((await call(myPurchasesRoute.GET, { sessionUserId: user.id, query: { status: "bogus" } })).status).toBe(400);

    // the member sees only their own purchase
    const mine = await call(myPurchasesRoute.GET, { sessionUserId: member.id });
    expect(mine.json.count).toBe(1);
    expect(mine.json.results[0]).toMatchObject({ user_id: member.id, platform: { key: a.pk } });
    expect((await call(myPurchasesRoute.GET, {})).status).toBe(401);
  });

  it("with an API token answers only the token's platform", async () => {
    const a = await sellingPlatform(ls);
    const b = await sellingPlatform(ls);
    const member = await createUser({ platformId: a.platform.id });
    await db.membership.create({ data: { userId: member.id, platformId: b.platform.id, role: "member" } });
    await pay(ls, (await checkout(member.id, a.item, { price_id: a.prices.once.id })).json.session_id);
    await pay(ls, (await checkout(member.id, b.item, { price_id: b.prices.once.id })).json.session_id);
    const token = await tokenFor(member.id, a.pk);
    const res = await call(myPurchasesRoute.GET, { token });
    expect(res.status).toBe(200);
    expect(res.json.results.map((r: { platform: { key: string } }) => r.platform.key)).toEqual([a.pk]);
  });
});

describe("a buyer who is not a member of the platform", () => {
  it("reads, cancels and resumes their own subscription; strangers get 404", async () => {
    const s = await sellingPlatform(ls);
    const { user, sessionId } = await guestBuyer(s, s.prices.monthly.id);
    const stranger = await createUser();

    const list = await call(mySubsRoute.GET, { sessionUserId: user.id, params: { pk: s.pk } });
    expect(list.status).toBe(200);
    expect(list.json.count).toBe(1);
    expect((await call(mySubsRoute.GET, { sessionUserId: stranger.id, params: { pk: s.pk } })).json.count).toBe(0);

    expect((await call(subRoute.GET, { sessionUserId: user.id, params: s.item })).json).toMatchObject({ status: "active", cancel_at_period_end: false });
    expect((await call(subRoute.GET, { sessionUserId: stranger.id, params: s.item })).status).toBe(404);
    expect((await accessCheck(user.id, s.item)).status).toBe(200);

    const portal = await call(cancelRoute.POST, { method: "POST", sessionUserId: user.id, params: s.item, body: {} });
    expect(portal.status).toBe(200);
    expect(portal.json.portal_url).toContain(ls.url);

    // nothing scheduled yet: 409
    const early = await call(resumeRoute.POST, { method: "POST", sessionUserId: user.id, params: s.item });
    expect(early.status).toBe(409);
    expect(early.json).toMatchObject({ code: "nothing_to_resume", reason: "not_canceling" });

    // the buyer chose "cancel at period end" in the billing portal
    const subId = (await ls.stripe.checkout.sessions.retrieve(sessionId)).subscription as string;
    await ls.stripe.subscriptions.update(subId, { cancel_at_period_end: true });
    await ls.flush();
    expect((await call(subRoute.GET, { sessionUserId: user.id, params: s.item })).json.cancel_at_period_end).toBe(true);

    expect((await call(resumeRoute.POST, { method: "POST", sessionUserId: stranger.id, params: s.item })).status).toBe(404);
    const resumed = await call(canonicalResume.POST, { method: "POST", sessionUserId: user.id, params: { uid: s.uid } });
    expect(resumed.status).toBe(200);
    expect(resumed.json).toMatchObject({ status: "active", cancel_at_period_end: false });
    expect((await ls.stripe.subscriptions.retrieve(subId)).cancel_at_period_end).toBe(false);
    expect(await db.auditLog.count({ where: { action: "subscription.resumed", target: resumed.json.unique_id } })).toBe(1);

    // resuming twice: nothing left to undo
    const again = await call(resumeRoute.POST, { method: "POST", sessionUserId: user.id, params: s.item });
    expect(again.status).toBe(409);
    expect(again.json.reason).toBe("not_canceling");
  });

  it("cancels a one-time purchase at once, which has nothing to resume", async () => {
    const s = await sellingPlatform(ls);
    const { user } = await guestBuyer(s, s.prices.once.id);
    const oneTime = await call(resumeRoute.POST, { method: "POST", sessionUserId: user.id, params: s.item });
    expect(oneTime.status).toBe(409);
    expect(oneTime.json).toMatchObject({ code: "nothing_to_resume", reason: "one_time" });

    const canceled = await call(cancelRoute.POST, { method: "POST", sessionUserId: user.id, params: s.item, body: {} });
    expect(canceled.status).toBe(200);
    expect(canceled.json).toMatchObject({ status: "canceled", is_one_time: true });
    expect((await accessCheck(user.id, s.item)).status).toBe(402);
    // no Stripe webhook tells of this cancel: the app records the sale event itself (e-mail, outbound webhooks)
    const row = await db.subscription.findUniqueOrThrow({ where: { uniqueId: canceled.json.unique_id } });
    const events = await db.saleEvent.findMany({ where: { dedupeKey: `subscription.canceled:${row.stripeSubscriptionId}` } });
    expect(events.map((e) => e.type)).toEqual(["subscription.canceled"]);
  });

  it("gets 409 ended when the subscription already ended", async () => {
    const s = await sellingPlatform(ls);
    const { user, sessionId } = await guestBuyer(s, s.prices.monthly.id);
    const subId = (await ls.stripe.checkout.sessions.retrieve(sessionId)).subscription as string;
    await ls.stripe.subscriptions.update(subId, { cancel_at_period_end: true });
    await ls.flush();
    await ls.control("clock/advance", { seconds: 32 * 86_400 });
    await ls.flush();
    const ended = await call(resumeRoute.POST, { method: "POST", sessionUserId: user.id, params: s.item });
    expect(ended.status).toBe(409);
    expect(ended.json).toMatchObject({ code: "nothing_to_resume", reason: "ended" });
    expect((await call(resumeRoute.POST, { method: "POST", params: s.item })).status).toBe(401);
  });
});

describe("the thank-you page's checkout status", () => {
  const status = (id: string) => call(sessionStatusRoute.GET, { params: { id } });

  it("shows what a subscription cost, its receipt number, the next renewal and the receipt e-mail", async () => {
    const s = await sellingPlatform(ls);
    const email = `thanks-${process.pid}-${++seq}@example.test`;
    const started = await guestCheckout(s.item, { email, price_id: s.prices.monthly.id });
    const open = await status(started.json.session_id);
    expect(open.json).toMatchObject({ status: "open", amount: "10.00", is_one_time: false, payment: null, receipt_email: null });

    await pay(ls, started.json.session_id);
    const done = await status(started.json.session_id);
    expect(done.status).toBe(200);
    const sub = await db.subscription.findFirstOrThrow({ where: { email } });
    const invoice = (await ls.stripe.invoices.list({ subscription: sub.stripeSubscriptionId! })).data[0];
    expect(done.json).toMatchObject({
      status: "complete",
      access_granted: true,
      amount: "10.00",
      currency: sub.currency,
      is_one_time: false,
      next_renewal: sub.currentPeriodEnd!.toISOString(),
      payment: { amount: "10.00", currency: sub.currency, receipt_number: invoice.number, hosted_invoice_url: invoice.hosted_invoice_url },
      receipt_email: { to: email, status: "queued" },
    });
    expect(Date.parse(done.json.payment.paid_at)).not.toBeNaN();

    await drainJobs();
    expect((await status(started.json.session_id)).json.receipt_email).toEqual({ to: email, status: "sent" });
  });

  it("says a one-time purchase does not renew, with the charge's receipt number", async () => {
    const s = await sellingPlatform(ls);
    const email = `thanks-${process.pid}-${++seq}@example.test`;
    const started = await guestCheckout(s.item, { email, price_id: s.prices.once.id });
    await pay(ls, started.json.session_id);
    const done = (await status(started.json.session_id)).json;
    expect(done).toMatchObject({ status: "complete", amount: "24.99", is_one_time: true, next_renewal: null, payment: { amount: "24.99", hosted_invoice_url: null } });
    expect(done.payment.receipt_number).toMatch(/\S+/);
  });

  it("starts a trial without a payment; the next renewal is the trial's end", async () => {
    const s = await sellingPlatform(ls, { trialDays: 7 });
    const email = `thanks-${process.pid}-${++seq}@example.test`;
    const started = await guestCheckout(s.item, { email, price_id: s.prices.monthly.id });
    await pay(ls, started.json.session_id);
    const done = (await status(started.json.session_id)).json;
    expect(done).toMatchObject({ subscription_status: "trialing", payment: null, amount: "10.00" });
    expect(done.next_renewal).toBe(done.trial_end);
  });
});
