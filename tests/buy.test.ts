import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GUEST_REFUSED } from "@/lib/checkout/create-checkout";
import { mailSinkPath } from "@/lib/mail/send-mail";
import { db } from "@/lib/db";
import { claimGuestPurchases } from "@/lib/subscriptions/claim-guest-purchases";
import { loadBuyPage } from "@/lib/checkout/buy-page";
import * as canonicalAccess from "@/app/api/billing/items/[uid]/access-check/route";
import * as unscopedAccess from "@/app/api/billing/access-check/[type]/[id]/route";
import * as priceGuest from "@/app/api/billing/prices/[price_uid]/checkout-guest/route";
import * as canonicalCheckout from "@/app/api/billing/items/[uid]/checkout/route";
import * as priceCheckout from "@/app/api/billing/items/prices/[price_uid]/checkout/route";
import * as callbackRoute from "@/app/api/billing/platforms/[pk]/items/[type]/[id]/checkout-callback/[[...session]]/route";
import * as sessionStatus from "@/app/api/billing/checkout-sessions/[id]/route";
import * as paywallRoute from "@/app/api/billing/platforms/[pk]/items/[type]/[id]/paywall/route";
import { call } from "./support/http";
import { createUser, tokenFor, createPlatform } from "./support/fixtures";
import { useLocalStripe, type LocalStripeHarness } from "./support/local-stripe";
import { accessCheck, checkout, guestCheckout, pay, sellingPlatform } from "./support/buy";

let ls: LocalStripeHarness;
beforeAll(async () => {
  ls = await useLocalStripe();
});
afterAll(async () => {
  await ls.close();
});

const ledgerFor = (platformId: string) => db.ledgerEntry.findMany({ where: { platformId }, orderBy: { createdAt: "asc" } });

describe("access check", () => {
  it("walks the decision tree: admin, no paywall, disabled, free tier, grandfathered, statuses", async () => {
    const s = await sellingPlatform(ls);
    const learner = await createUser({ platformId: s.platform.id });

    const denied = await accessCheck(learner.id, s.item);
    expect(denied.status).toBe(402);
    expect(denied.json).toMatchObject({ has_access: false, reason: "no_subscription", requires_payment: true, pricing_available: true, subscription: null });
    expect(denied.json.pricing.item_name).toBe("Masterclass");
    expect(denied.json.pricing.prices.map((p: { name: string }) => p.name)).toEqual(["Monthly", "Yearly", "Lifetime"]);

    expect((await accessCheck(s.admin.id, s.item)).json).toMatchObject({ has_access: true, reason: "admin" });
    expect((await accessCheck(s.owner.id, s.item)).json.reason).toBe("admin");

    await db.catalogItem.create({ data: { platformId: s.platform.id, itemType: "course", itemId: "free-course", name: "Free" } });
    const open = await accessCheck(learner.id, { ...s.item, id: "free-course" });
    expect(open.status).toBe(200);
    expect(open.json).toMatchObject({ has_access: true, reason: "no_paywall", requires_payment: false, pricing: null });
    expect((await accessCheck(learner.id, { ...s.item, id: "does-not-exist" })).status).toBe(404);
    expect((await accessCheck(learner.id, { ...s.item, type: "custom:talk", id: "anything" })).json.reason).toBe("no_paywall");
    expect((await accessCheck(learner.id, { ...s.item, type: "Bad Type" })).status).toBe(400);

    const statuses = ["active", "trialing", "grandfathered", "free", "past_due", "canceled", "incomplete"] as const;
    for (const status of statuses) {
      const u = await createUser({ platformId: s.platform.id });
      await db.subscription.create({ data: { platformId: s.platform.id, itemType: "course", itemId: "masterclass", userId: u.id, email: u.email, status } });
      const res = await accessCheck(u.id, s.item);
      const allowed = ["active", "trialing", "grandfathered", "free"].includes(status);
      expect(res.status, status).toBe(allowed ? 200 : 402);
      expect(res.json.reason, status).toBe(allowed ? status : `subscription_${status}`);
      expect(res.json.subscription.status).toBe(status);
    }

    await call(paywallRoute.DELETE, { method: "DELETE", sessionUserId: s.owner.id, params: s.item });
    expect((await accessCheck(learner.id, s.item)).json).toMatchObject({ has_access: true, reason: "paywall_disabled" });
    await call(paywallRoute.PUT, { method: "PUT", sessionUserId: s.owner.id, params: s.item, body: { is_enabled: true, allow_free_tier: true } });
    expect((await accessCheck(learner.id, s.item)).json).toMatchObject({ has_access: true, reason: "free" });
  });

  it("needs a signed-in caller, and answers by every URL form", async () => {
    const s = await sellingPlatform(ls);
    const learner = await createUser({ platformId: s.platform.id });
    expect((await call(canonicalAccess.GET, { params: { uid: s.uid } })).status).toBe(401);
    const canonical = await call(canonicalAccess.GET, { sessionUserId: learner.id, params: { uid: s.uid } });
    expect(canonical.status).toBe(402);
    const unscoped = await call(unscopedAccess.GET, { sessionUserId: learner.id, params: { type: "course", id: "masterclass" }, query: { platform_key: s.pk } });
    expect(unscoped.status).toBe(402);
    expect((await call(unscopedAccess.GET, { sessionUserId: learner.id, params: { type: "course", id: "masterclass" } })).status).toBe(400);
    const token = await tokenFor(learner.id, s.pk);
    expect((await call(unscopedAccess.GET, { token, params: { type: "course", id: "masterclass" } })).status).toBe(402);
    // a token of another platform never sees this one
    const other = await createPlatform();
    await db.membership.create({ data: { userId: learner.id, platformId: other.id } });
    const foreign = await tokenFor(learner.id, other.key);
    expect((await call(canonicalAccess.GET, { token: foreign, params: { uid: s.uid } })).status).toBe(404);
  });

  it("records the first access of allowed checks only", async () => {
    const s = await sellingPlatform(ls);
    const learner = await createUser({ platformId: s.platform.id });
    await db.catalogItem.create({ data: { platformId: s.platform.id, itemType: "course", itemId: "open", name: "Open" } });
    await accessCheck(learner.id, s.item);
    await accessCheck(learner.id, { ...s.item, id: "open" });
    await accessCheck(learner.id, { ...s.item, id: "open" });
    await expect.poll(() => db.itemAccess.count({ where: { userId: learner.id } })).toBe(1);
    expect(await db.itemAccess.findFirst({ where: { userId: learner.id, itemId: "masterclass" } })).toBeNull();
  });
});

describe("checkout", () => {
  it("sells a one-time tier as a destination charge with the commission as application fee", async () => {
    const s = await sellingPlatform(ls, { bps: 1250 });
    const learner = await createUser({ platformId: s.platform.id });
    const res = await checkout(learner.id, s.item, { price_id: s.prices.once.id });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ platform_key: s.pk });
    expect(res.json.checkout_url).toContain(ls.url);
    const session = await ls.stripe.checkout.sessions.retrieve(res.json.session_id, { expand: ["payment_intent"] });
    expect(session.mode).toBe("payment");
    expect(session.customer_email).toBe(learner.email);
    expect(session.success_url).toBe("http://localhost:3000/checkout/complete?session_id={CHECKOUT_SESSION_ID}");

    // nothing granted before payment
    expect((await accessCheck(learner.id, s.item)).status).toBe(402);
    await pay(ls, res.json.session_id);
    const pi = await ls.stripe.paymentIntents.retrieve((await ls.stripe.checkout.sessions.retrieve(res.json.session_id)).payment_intent as string);
    // 24.99 × 12.5% = 3.12375 → 312
    expect(pi.application_fee_amount).toBe(312);
    expect(pi.transfer_data?.destination).toBe(s.accountId);

    const access = await accessCheck(learner.id, s.item);
    expect(access.status).toBe(200);
    expect(access.json.reason).toBe("active");
    expect(access.json.subscription).toMatchObject({ is_one_time: true, price: { amount: "24.99", interval: "one_time" } });

    const ledger = await ledgerFor(s.platform.id);
    expect(ledger).toHaveLength(1);
    expect(ledger[0]).toMatchObject({ kind: "charge", amount: 2499, currency: "usd", feeBps: 1250, feeAmount: 312, netAmount: 2187, itemType: "course", itemId: "masterclass", stripePaymentIntentId: pi.id });
    expect(ledger[0].stripeChargeId).toMatch(/^ch_/);

    const status = await call(sessionStatus.GET, { params: { id: res.json.session_id } });
    expect(status.json).toMatchObject({ status: "complete", access_granted: true, item_name: "Masterclass", email: learner.email });
  });

  it("sells a recurring tier with application_fee_percent, a trial once per e-mail, and renewals in the ledger", async () => {
    const s = await sellingPlatform(ls, { trialDays: 7 });
    const learner = await createUser({ platformId: s.platform.id });
    const res = await checkout(learner.id, s.item, { price_id: s.prices.monthly.id });
    const session = await ls.stripe.checkout.sessions.retrieve(res.json.session_id);
    expect(session.mode).toBe("subscription");
    await pay(ls, res.json.session_id);
    const sub = await ls.stripe.subscriptions.retrieve((await ls.stripe.checkout.sessions.retrieve(res.json.session_id)).subscription as string);
    expect(sub.application_fee_percent).toBe(25);
    expect(sub.transfer_data?.destination).toBe(s.accountId);
    expect(sub.status).toBe("trialing");

    const trial = await accessCheck(learner.id, s.item);
    expect(trial.json).toMatchObject({ has_access: true, reason: "trialing" });
    expect(await ledgerFor(s.platform.id)).toHaveLength(0); // nothing paid during the trial

    await ls.control("clock/advance", { seconds: 8 * 86_400 });
    await ls.flush();
    expect((await accessCheck(learner.id, s.item)).json.reason).toBe("active");
    let ledger = await ledgerFor(s.platform.id);
    expect(ledger.map((l) => [l.kind, l.amount, l.feeAmount, l.netAmount])).toEqual([["charge", 1000, 250, 750]]);

    await ls.control("clock/advance", { seconds: 31 * 86_400 });
    await ls.flush();
    ledger = await ledgerFor(s.platform.id);
    expect(ledger.filter((l) => l.kind === "charge")).toHaveLength(2);
    expect(new Set(ledger.map((l) => l.stripeInvoiceId)).size).toBe(2);

    // the same e-mail does not get a second trial on this item
    await db.subscription.updateMany({ where: { userId: learner.id }, data: { status: "canceled" } });
    const again = await checkout(learner.id, s.item, { price_id: s.prices.yearly.id });
    expect(again.status).toBe(200);
    await pay(ls, again.json.session_id);
    const second = await ls.stripe.subscriptions.retrieve((await ls.stripe.checkout.sessions.retrieve(again.json.session_id)).subscription as string);
    expect(second.status).toBe("active");
    expect(second.trial_end).toBeNull();
  });

  it("refuses what must not be sold, with a clear 4xx and a code", async () => {
    const s = await sellingPlatform(ls);
    const learner = await createUser({ platformId: s.platform.id });
    const other = await sellingPlatform(ls);

    const foreign = await checkout(learner.id, s.item, { price_id: other.prices.monthly.id });
    expect(foreign.status).toBe(400);
    expect(foreign.json.code).toBe("unknown_price");
    expect(foreign.json.errors.price_id).toBeDefined();
    await db.price.update({ where: { uniqueId: s.prices.yearly.id }, data: { isActive: false } });
    const inactive = await checkout(learner.id, s.item, { price_id: s.prices.yearly.id });
    expect(inactive.status).toBe(400);
    expect(inactive.json).toMatchObject({ code: "price_inactive", errors: { price_id: ["Inactive price."] } });
    const missing = await checkout(learner.id, s.item, {});
    expect(missing.status).toBe(400);
    expect(missing.json.code).toBe("validation_error");

    const redirect = await checkout(learner.id, s.item, { price_id: s.prices.monthly.id, success_url: "https://evil.example/x" });
    expect(redirect.status).toBe(400);
    expect(redirect.json.errors.success_url).toBeDefined();
    await db.platform.update({ where: { id: s.platform.id }, data: { allowedDomains: ["https://school.example"] } });
    expect((await checkout(learner.id, s.item, { price_id: s.prices.monthly.id, success_url: "https://school.example/done" })).status).toBe(200);

    // an active subscription blocks a second purchase, naming it
    const paid = await checkout(learner.id, s.item, { price_id: s.prices.once.id });
    await pay(ls, paid.json.session_id);
    const dup = await checkout(learner.id, s.item, { price_id: s.prices.monthly.id });
    expect(dup.status).toBe(409);
    expect(dup.json.detail).toBe("You already have an active subscription to this item");
    expect(dup.json.code).toBe("already_subscribed");
    const row = await db.subscription.findFirstOrThrow({ where: { userId: learner.id } });
    expect(dup.json.subscription_id).toBe(row.uniqueId);

    // a disconnected platform cannot sell
    const buyer = await createUser({ platformId: s.platform.id });
    await db.platform.update({ where: { id: s.platform.id }, data: { stripeAccountId: null, stripeChargesEnabled: false } });
    const disconnected = await checkout(buyer.id, s.item, { price_id: s.prices.monthly.id });
    expect(disconnected.status).toBe(400);
    expect(disconnected.json.code).toBe("not_sellable");
    expect(disconnected.json.detail).toMatch(/not available for purchase right now/);

    // canonical buyer routes 404 on a disabled paywall
    await call(paywallRoute.DELETE, { method: "DELETE", sessionUserId: other.owner.id, params: other.item });
    expect((await call(canonicalCheckout.POST, { method: "POST", sessionUserId: buyer.id, params: { uid: other.uid }, body: { price_id: other.prices.monthly.id } })).status).toBe(404);
  });

  it("answers not_sellable when monetization is off or the paywall is disabled", async () => {
    const s = await sellingPlatform(ls);
    const buyer = await createUser({ platformId: s.platform.id });
    await db.platform.update({ where: { id: s.platform.id }, data: { enableMonetization: false } });
    const off = await checkout(buyer.id, s.item, { price_id: s.prices.monthly.id });
    expect(off.status).toBe(400);
    expect(off.json.code).toBe("not_sellable");
    const guest = await guestCheckout(s.item, { email: "off@example.test", price_id: s.prices.monthly.id });
    expect(guest.status).toBe(400);
    expect(guest.json.code).toBe("not_sellable");
    // the buy page says so before anyone clicks Pay, and the access check offers nothing to buy
    expect((await loadBuyPage(s.uid))?.available).toBe(false);
    expect((await accessCheck(buyer.id, s.item)).json).toMatchObject({ has_access: false, pricing_available: false });

    await db.platform.update({ where: { id: s.platform.id }, data: { enableMonetization: true } });
    await db.paywall.update({ where: { uniqueId: s.uid }, data: { isEnabled: false } });
    const disabled = await checkout(buyer.id, s.item, { price_id: s.prices.monthly.id });
    expect(disabled.status).toBe(400);
    expect(disabled.json.code).toBe("not_sellable");
    expect(disabled.json.detail).toMatch(/paywall is disabled/);
  });

  it("answers price_inactive for a deactivated tier by its own URL, and 404 for a removed one", async () => {
    const s = await sellingPlatform(ls);
    const buyer = await createUser({ platformId: s.platform.id });
    await db.price.update({ where: { uniqueId: s.prices.monthly.id }, data: { isActive: false } });
    const member = await call(priceCheckout.POST, { method: "POST", sessionUserId: buyer.id, params: { price_uid: s.prices.monthly.id }, body: {} });
    expect(member.status).toBe(400);
    expect(member.json.code).toBe("price_inactive");
    const guest = await call(priceGuest.POST, { method: "POST", params: { price_uid: s.prices.monthly.id }, body: { email: "late@example.test" } });
    expect(guest.status).toBe(400);
    expect(guest.json.code).toBe("price_inactive");

    await db.price.update({ where: { uniqueId: s.prices.yearly.id }, data: { deletedAt: new Date() } });
    const removed = await call(priceCheckout.POST, { method: "POST", sessionUserId: buyer.id, params: { price_uid: s.prices.yearly.id }, body: {} });
    expect(removed.status).toBe(404);
    // named in the body instead, a removed tier is inactive
    expect((await checkout(buyer.id, s.item, { price_id: s.prices.yearly.id })).json.code).toBe("price_inactive");
    // the active tier still sells by its own URL
    const ok = await call(priceCheckout.POST, { method: "POST", sessionUserId: buyer.id, params: { price_uid: s.prices.once.id }, body: {} });
    expect(ok.status).toBe(200);
    expect(ok.json.checkout_url).toContain(ls.url);
  });

  it("gives a double click the same session, and leaves nothing behind when Stripe fails", async () => {
    const s = await sellingPlatform(ls);
    const learner = await createUser({ platformId: s.platform.id });
    const [a, b] = await Promise.all([
      checkout(learner.id, s.item, { price_id: s.prices.monthly.id }),
      checkout(learner.id, s.item, { price_id: s.prices.monthly.id }),
    ]);
    expect(a.json.session_id).toBe(b.json.session_id);
    expect(await db.checkoutSession.count({ where: { platformId: s.platform.id } })).toBe(1);

    const other = await createUser({ platformId: s.platform.id });
    await ls.fault("/v1/checkout/sessions", 1);
    const failed = await checkout(other.id, s.item, { price_id: s.prices.monthly.id });
    expect(failed.status).toBe(502);
    expect(typeof failed.json.detail).toBe("string");
    expect(await db.checkoutSession.count({ where: { userId: other.id } })).toBe(0);
  });

  it("grants and records nothing for a declined card", async () => {
    const s = await sellingPlatform(ls);
    const learner = await createUser({ platformId: s.platform.id });
    const res = await checkout(learner.id, s.item, { price_id: s.prices.once.id });
    const result = await pay(ls, res.json.session_id, "4000000000000002");
    expect(result).toMatchObject({ status: "declined", message: "Your card was declined." });
    expect((await accessCheck(learner.id, s.item)).status).toBe(402);
    expect(await ledgerFor(s.platform.id)).toHaveLength(0);
    expect(await db.subscription.count({ where: { platformId: s.platform.id } })).toBe(0);
  });
});

describe("guest checkout", () => {
  it("sells to an e-mail, blocks a second purchase by that e-mail, and hands the purchase to its owner at sign-in", async () => {
    const s = await sellingPlatform(ls);
    const bad = await guestCheckout(s.item, { email: "not-an-email", price_id: s.prices.monthly.id });
    expect(bad.status).toBe(400);
    expect(bad.json.errors.email).toBeDefined();

    const res = await call(priceGuest.POST, { method: "POST", params: { price_uid: s.prices.monthly.id }, body: { email: "Guest@Example.test", success_url: "http://localhost:3000/buy/x", cancel_url: "http://localhost:3000/buy/x" } });
    expect(res.status).toBe(200);
    await pay(ls, res.json.session_id);
    const sub = await db.subscription.findFirstOrThrow({ where: { platformId: s.platform.id } });
    expect(sub).toMatchObject({ email: "guest@example.test", userId: null, status: "active" });

    const again = await guestCheckout(s.item, { email: "guest@example.test", price_id: s.prices.yearly.id });
    // an anonymous caller is not told who owns what: no ids, a neutral answer; the owner gets an e-mail
    expect(again.status).toBe(400);
    expect(again.json).toEqual({ detail: GUEST_REFUSED, code: "guest_checkout_refused" });
    const notices = fs.readFileSync(mailSinkPath(), "utf8").trim().split("\n").map((l) => JSON.parse(l) as { to: string; subject: string });
    expect(notices.filter((m) => m.to === "guest@example.test" && /already have/.test(m.subject))).toHaveLength(1);

    // the account made by a magic link for that e-mail is verified; signing in claims the purchase
    const user = await db.user.create({ data: { email: "guest@example.test", emailVerified: new Date() } });
    expect((await accessCheck(user.id, s.item)).json.reason).toBe("active");
    expect(await claimGuestPurchases(user.id)).toBe(1);
    expect((await db.subscription.findUniqueOrThrow({ where: { id: sub.id } })).userId).toBe(user.id);
  });

  it("rate-limits guest checkouts per e-mail and per IP", async () => {
    const s = await sellingPlatform(ls);
    const codes: number[] = [];
    for (let i = 0; i < 12; i++) codes.push((await guestCheckout(s.item, { email: "same@example.test", price_id: s.prices.monthly.id }, `198.51.100.${i}`)).status);
    expect(codes.slice(0, 10).every((c) => c === 200)).toBe(true);
    expect(codes.slice(10)).toEqual([429, 429]);
    const perIp: number[] = [];
    for (let i = 0; i < 31; i++) perIp.push((await guestCheckout(s.item, { email: `g${i}@example.test`, price_id: s.prices.monthly.id }, "192.0.2.77")).status);
    expect(perIp.at(-1)).toBe(429);
    expect(perIp.filter((c) => c === 200)).toHaveLength(30);
    // with no proxy configured, a forged X-Forwarded-For is not the client's address
    const forged = await guestCheckout(s.item, { email: "fresh@example.test", price_id: s.prices.monthly.id }, "192.0.2.77", { "x-forwarded-for": "10.9.8.7" });
    expect(forged.status).toBe(429);
    expect(forged.json.code).toBe("rate_limited");
  });
});

describe("webhooks converge", () => {
  it("ends with one subscription and one ledger row per payment under duplicated, shuffled delivery", async () => {
    const s = await sellingPlatform(ls);
    const learner = await createUser({ platformId: s.platform.id });
    await ls.control("faults", { webhooks: { duplicate: true, shuffle: true, delay_ms: 20 } });
    try {
      const res = await checkout(learner.id, s.item, { price_id: s.prices.monthly.id });
      await pay(ls, res.json.session_id);
      const once = await checkout((await createUser({ platformId: s.platform.id })).id, s.item, { price_id: s.prices.once.id });
      await pay(ls, once.json.session_id);
      await ls.flush();
    } finally {
      await ls.clearFaults();
    }
    const subs = await db.subscription.findMany({ where: { platformId: s.platform.id } });
    expect(subs).toHaveLength(2);
    expect(subs.every((x) => x.status === "active")).toBe(true);
    const ledger = await ledgerFor(s.platform.id);
    expect(ledger.filter((l) => l.kind === "charge").map((l) => l.amount).sort()).toEqual([1000, 2499]);
  });

  it("converges when customer.subscription.updated arrives before checkout.session.completed", async () => {
    const s = await sellingPlatform(ls);
    const learner = await createUser({ platformId: s.platform.id });
    const res = await checkout(learner.id, s.item, { price_id: s.prices.monthly.id });
    await ls.control("faults", { webhooks: { delay_ms: 3_000 } });
    await ls.control(`checkout/sessions/${res.json.session_id}/pay`, { card: "4242424242424242" });
    const session = await ls.stripe.checkout.sessions.retrieve(res.json.session_id);
    const subId = session.subscription as string;
    await ls.clearFaults();
    // deliver by hand: an update first, then the completion, then the originals (flush)
    const { receiveStripeWebhook } = await import("@/lib/webhooks/receive-event");
    const Stripe = (await import("stripe")).default;
    const sdk = new Stripe("sk_test_x");
    const send = async (type: string, object: unknown) => {
      const body = JSON.stringify({ id: `evt_manual_${type}_${Date.now()}`, object: "event", type, created: Math.floor(Date.now() / 1000), livemode: false, api_version: null, pending_webhooks: 1, request: null, data: { object } });
      return receiveStripeWebhook("platform", body, sdk.webhooks.generateTestHeaderString({ payload: body, secret: process.env.STRIPE_WEBHOOK_SECRET! }));
    };
    expect((await send("customer.subscription.updated", await ls.stripe.subscriptions.retrieve(subId))).status).toBe(200);
    expect((await send("checkout.session.completed", session)).status).toBe(200);
    await ls.flush();
    const subs = await db.subscription.findMany({ where: { platformId: s.platform.id } });
    expect(subs).toHaveLength(1);
    expect(subs[0]).toMatchObject({ stripeSubscriptionId: subId, userId: learner.id, status: "active" });
    expect((await ledgerFor(s.platform.id)).filter((l) => l.kind === "charge")).toHaveLength(1);
  });

  it("records refunds (partial then full) and revokes a fully refunded one-time purchase", async () => {
    const s = await sellingPlatform(ls);
    const learner = await createUser({ platformId: s.platform.id });
    const res = await checkout(learner.id, s.item, { price_id: s.prices.once.id });
    await pay(ls, res.json.session_id);
    const session = await ls.stripe.checkout.sessions.retrieve(res.json.session_id);
    await ls.stripe.refunds.create({ payment_intent: session.payment_intent as string, amount: 999 });
    await ls.flush();
    expect((await accessCheck(learner.id, s.item)).json.reason).toBe("active");
    await ls.stripe.refunds.create({ payment_intent: session.payment_intent as string });
    await ls.flush();
    const refunds = (await ledgerFor(s.platform.id)).filter((l) => l.kind === "refund");
    expect(refunds.map((r) => r.amount)).toEqual([-999, -1500]);
    expect(refunds.reduce((a, r) => a + r.feeAmount, 0)).toBe(-(250 + 375)); // 9.99×25% → 250, 15.00×25% → 375
    const check = await accessCheck(learner.id, s.item);
    expect(check.status).toBe(402);
    expect(check.json.reason).toBe("subscription_canceled");
  });

  it("records a dispute and its reversal when won", async () => {
    const s = await sellingPlatform(ls);
    const learner = await createUser({ platformId: s.platform.id });
    const res = await checkout(learner.id, s.item, { price_id: s.prices.once.id });
    await pay(ls, res.json.session_id, "4000000000000259");
    await ls.flush();
    let ledger = await ledgerFor(s.platform.id);
    expect(ledger.map((l) => [l.kind, l.amount])).toEqual([["charge", 2499], ["dispute", -2499]]);
    const charge = ledger[0].stripeChargeId!;
    const won = await ls.control<{ id: string; status: string }>(`charges/${charge}/dispute`, { outcome: "won" });
    expect(won.status).toBe("won");
    await ls.flush();
    ledger = await ledgerFor(s.platform.id);
    expect(ledger.map((l) => [l.kind, l.amount, l.feeAmount])).toEqual([
      ["charge", 2499, 625],
      ["dispute", -2499, -625],
      ["dispute_won", 2499, 625],
    ]);
    expect(ledger.reduce((sum, l) => sum + l.amount, 0)).toBe(2499);
  });

  it("turns a failed renewal into past_due on the very next check", async () => {
    const s = await sellingPlatform(ls);
    const learner = await createUser({ platformId: s.platform.id });
    const res = await checkout(learner.id, s.item, { price_id: s.prices.monthly.id });
    await pay(ls, res.json.session_id);
    const subId = (await ls.stripe.checkout.sessions.retrieve(res.json.session_id)).subscription as string;
    await ls.control(`subscriptions/${subId}/fail_next_payment`);
    await ls.control("clock/advance", { seconds: 32 * 86_400 });
    await ls.flush();
    const check = await accessCheck(learner.id, s.item);
    expect(check.status).toBe(402);
    expect(check.json.reason).toBe("subscription_past_due");
    expect((await ledgerFor(s.platform.id)).filter((l) => l.kind === "charge")).toHaveLength(1);
  });

  it("checkout callback confirms with Stripe and redirects with the purchase", async () => {
    const s = await sellingPlatform(ls);
    const learner = await createUser({ platformId: s.platform.id });
    const res = await checkout(learner.id, s.item, { price_id: s.prices.once.id });
    await ls.control("faults", { webhooks: { delay_ms: 3_000 } }); // the webhook is late
    await ls.control(`checkout/sessions/${res.json.session_id}/pay`, { card: "4242424242424242" });
    const cb = await call(callbackRoute.GET, { params: { ...s.item, session: [res.json.session_id] }, query: { return_url: "http://localhost:3000/welcome" } });
    await ls.clearFaults();
    expect(cb.status).toBe(302);
    const location = new URL(cb.headers.get("location")!);
    expect(location.origin + location.pathname).toBe("http://localhost:3000/welcome");
    expect(location.searchParams.get("email")).toBe(learner.email);
    expect(location.searchParams.get("platform_key")).toBe(s.pk);
    const sub = await db.subscription.findFirstOrThrow({ where: { platformId: s.platform.id } });
    expect(location.searchParams.get("subscription_id")).toBe(sub.uniqueId);
    expect((await accessCheck(learner.id, s.item)).status).toBe(200);
    const foreign = await call(callbackRoute.GET, { params: { ...s.item, session: [res.json.session_id] }, query: { return_url: "https://evil.example/" } });
    expect(new URL(foreign.headers.get("location")!).origin).toBe("http://localhost:3000");
    await ls.flush();
    expect((await ledgerFor(s.platform.id)).filter((l) => l.kind === "charge")).toHaveLength(1);
  });
});

describe("unfinished checkouts", () => {
  it("marks an abandoned session expired when Stripe expires it", async () => {
    const s = await sellingPlatform(ls);
    const learner = await createUser({ platformId: s.platform.id });
    const res = await checkout(learner.id, s.item, { price_id: s.prices.monthly.id });
    await ls.control("clock/advance", { seconds: 25 * 3600 });
    await ls.flush();
    const status = await call(sessionStatus.GET, { params: { id: res.json.session_id } });
    expect(status.json).toMatchObject({ status: "expired", access_granted: false });
  });

  it("offers nothing to buy while the seller cannot take payments", async () => {
    const s = await sellingPlatform(ls);
    const learner = await createUser({ platformId: s.platform.id });
    await db.platform.update({ where: { id: s.platform.id }, data: { stripeChargesEnabled: false } });
    const check = await accessCheck(learner.id, s.item);
    expect(check.status).toBe(402);
    expect(check.json).toMatchObject({ has_access: false, pricing_available: false });
  });
});
