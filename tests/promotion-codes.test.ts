import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/db";
import * as listRoute from "@/app/api/billing/platforms/[pk]/promotion-codes/route";
import * as oneRoute from "@/app/api/billing/platforms/[pk]/promotion-codes/[id]/route";
import * as quoteRoute from "@/app/api/billing/prices/[price_uid]/quote/route";
import * as priceGuestRoute from "@/app/api/billing/prices/[price_uid]/checkout-guest/route";
import { PEER_ADDRESS_HEADER } from "@/lib/security/client-ip";
import { recordRedemption } from "@/lib/promotions/apply-promotion";
import { stripeCodeFor } from "@/lib/promotions/promotion-codes";
import { call } from "./support/http";
import { createUser } from "./support/fixtures";
import { localStripeForFile } from "./support/local-stripe";
import { accessCheck, checkout, guestCheckout, pay, sellingPlatform } from "./support/buy";
import { createPlanWithTier } from "./support/plans";

const ls = localStripeForFile();

type Selling = Awaited<ReturnType<typeof sellingPlatform>>;

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

function create(s: Selling, body: Record<string, unknown>, userId = s.admin.id) {
  return call(listRoute.POST, { method: "POST", sessionUserId: userId, params: { pk: s.pk }, body });
}

let ipSeq = 0;
/** A quote from its own client address, so the per-address limit never interferes. */
function quote(priceUid: string, body: Record<string, unknown>, opts: { userId?: string; ip?: string } = {}) {
  const ip = opts.ip ?? `198.51.100.${(++ipSeq % 250) + 1}`;
  return call(quoteRoute.POST, { method: "POST", sessionUserId: opts.userId, params: { price_uid: priceUid }, body, headers: { [PEER_ADDRESS_HEADER]: ip } });
}

/** A code written straight to the table (for checks that read only our rows). */
async function seedCode(s: Selling, data: Partial<Prisma.PromotionCodeUncheckedCreateInput> & { code: string }) {
  return db.promotionCode.create({
    data: {
      platformId: s.platform.id,
      codeKey: data.code.toUpperCase(),
      duration: "once",
      stripeCouponId: `co_seed_${data.code}`,
      stripePromotionCodeId: `promo_seed_${s.platform.id}_${data.code}`,
      ...data,
    },
  });
}

let sessionSeq = 0;
const redeem = (s: Selling, promotionCodeId: string, email: string, userId: string | null = null, stripeSessionId = `cs_seed_${++sessionSeq}`) =>
  recordRedemption(db, { checkoutSessionId: "", stripeSessionId, promotionCodeId, platformId: s.platform.id, email, userId, discountMinor: 100, currency: "usd" });

describe("promotion codes: admin API", { timeout: 120_000 }, () => {
  it("creates a Stripe coupon and promotion code with the code's terms, restricted to the item's product", async () => {
    const s = await sellingPlatform(ls);
    const paywall = await db.paywall.findUniqueOrThrow({ where: { uniqueId: s.uid } });
    const expires = inDays(30);
    const res = await create(s, {
      code: "Spring_20",
      percent_off: 20,
      duration: "repeating",
      duration_in_months: 3,
      max_redemptions: 50,
      expires_at: expires,
      applies_to: [{ item_type: "course", item_id: "masterclass" }],
      first_time_only: true,
    });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({
      code: "Spring_20",
      percent_off: 20,
      amount_off: null,
      currency: null,
      duration: "repeating",
      duration_in_months: 3,
      max_redemptions: 50,
      times_redeemed: 0,
      expires_at: new Date(expires).toISOString(),
      applies_to: [{ item_type: "course", item_id: "masterclass", name: "Masterclass" }],
      first_time_only: true,
      active: true,
    });

    const row = await db.promotionCode.findUniqueOrThrow({ where: { id: res.json.id } });
    expect(row).toMatchObject({ codeKey: "SPRING_20", percentOffBps: 2000, amountOff: null, createdById: s.admin.id });
    const coupon = await ls.stripe.coupons.retrieve(row.stripeCouponId!, { expand: ["applies_to"] });
    expect(coupon).toMatchObject({ percent_off: 20, duration: "repeating", duration_in_months: 3, max_redemptions: 50, name: "Spring_20" });
    expect(coupon.applies_to?.products).toEqual([paywall.stripeProductId]);
    const promo = await ls.stripe.promotionCodes.retrieve(row.stripePromotionCodeId!);
    expect(promo).toMatchObject({
      active: true,
      code: stripeCodeFor(s.platform.id, "SPRING_20"),
      max_redemptions: 50,
      expires_at: Math.floor(new Date(expires).getTime() / 1000),
      restrictions: { first_time_transaction: true },
    });
    expect(promo.code).toMatch(/^SPRING-20-[0-9A-F]{8}$/);
    const couponOfPromo = promo.promotion.coupon;
    expect(typeof couponOfPromo === "string" ? couponOfPromo : couponOfPromo?.id).toBe(coupon.id);

    const auditRow = await db.auditLog.findFirstOrThrow({ where: { platformId: s.platform.id, action: "promotion_code.created", target: row.id } });
    expect(auditRow.actorId).toBe(s.admin.id);
    expect(auditRow.data).toMatchObject({ code: "Spring_20", percent_off: 20, duration: "repeating", duration_in_months: 3 });
  });

  it("creates a fixed-amount code in a currency (minor units on Stripe); the same code in any case is a 409", async () => {
    const s = await sellingPlatform(ls);
    const res = await create(s, { code: "FIVEOFF", amount_off: "5.00", currency: "USD", duration: "forever" });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ percent_off: null, amount_off: "5.00", currency: "usd", duration: "forever", duration_in_months: null, applies_to: [], max_redemptions: null, expires_at: null });
    const row = await db.promotionCode.findUniqueOrThrow({ where: { id: res.json.id } });
    expect(row.amountOff).toBe(500);
    const coupon = await ls.stripe.coupons.retrieve(row.stripeCouponId!);
    expect(coupon).toMatchObject({ amount_off: 500, currency: "usd", percent_off: null, duration: "forever" });

    const again = await create(s, { code: "fiveoff", percent_off: 10, duration: "once" });
    expect(again.status).toBe(409);
    expect(again.json).toMatchObject({ code: "promotion_code_taken", errors: { code: [expect.any(String)] } });
    expect(await db.promotionCode.count({ where: { platformId: s.platform.id } })).toBe(1);

    // another platform has codes of its own
    const other = await sellingPlatform(ls);
    expect((await create(other, { code: "FIVEOFF", amount_off: "5.00", currency: "usd", duration: "once" })).status).toBe(201);
  });

  it("refuses malformed codes and targets before calling Stripe", async () => {
    const s = await sellingPlatform(ls);
    const before = (await ls.stripe.coupons.list({ limit: 100 })).data.length;
    const cases: [Record<string, unknown>, string][] = [
      [{ code: "ab", percent_off: 10, duration: "once" }, "code"],
      [{ code: "has space", percent_off: 10, duration: "once" }, "code"],
      [{ code: "x".repeat(41), percent_off: 10, duration: "once" }, "code"],
      [{ code: "BOTH", percent_off: 10, amount_off: "1.00", currency: "usd", duration: "once" }, "amount_off"],
      [{ code: "NEITHER", duration: "once" }, "percent_off"],
      [{ code: "NOCUR", amount_off: "1.00", duration: "once" }, "currency"],
      [{ code: "BADCUR", amount_off: "1.00", currency: "zzz", duration: "once" }, "currency"],
      [{ code: "ZERO", percent_off: 0, duration: "once" }, "percent_off"],
      [{ code: "OVER", percent_off: 100.5, duration: "once" }, "percent_off"],
      [{ code: "DECIMALS", percent_off: 12.345, duration: "once" }, "percent_off"],
      [{ code: "REPEAT", percent_off: 10, duration: "repeating" }, "duration_in_months"],
      [{ code: "MONTHS", percent_off: 10, duration: "once", duration_in_months: 2 }, "duration_in_months"],
      [{ code: "PAST", percent_off: 10, duration: "once", expires_at: inDays(-1) }, "expires_at"],
      [{ code: "MAXZERO", percent_off: 10, duration: "once", max_redemptions: 0 }, "max_redemptions"],
      [{ code: "YEN", amount_off: "1.50", currency: "jpy", duration: "once" }, "amount_off"],
    ];
    for (const [body, field] of cases) {
      const res = await create(s, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json.code, JSON.stringify(body)).toBe("validation_error");
      expect(Object.keys(res.json.errors), JSON.stringify(body)).toContain(field);
    }

    const unknownItem = await create(s, { code: "NOITEM", percent_off: 10, duration: "once", applies_to: [{ item_type: "course", item_id: "nope" }] });
    expect(unknownItem.status).toBe(400);
    expect(unknownItem.json).toMatchObject({ code: "unknown_target", errors: { applies_to: [expect.stringContaining("course:nope")] } });
    const unknownPlan = await create(s, { code: "NOPLAN", percent_off: 10, duration: "once", applies_to: [{ plan_id: "00000000-0000-4000-8000-000000000000" }] });
    expect(unknownPlan.json.code).toBe("unknown_target");
    // another platform's item is unknown here
    const other = await sellingPlatform(ls);
    const foreign = await create(other, { code: "FOREIGN", percent_off: 10, duration: "once", applies_to: [{ item_type: "course", item_id: "missing" }] });
    expect(foreign.json.code).toBe("unknown_target");

    expect((await ls.stripe.coupons.list({ limit: 100 })).data.length).toBe(before);
    expect(await db.promotionCode.count({ where: { platformId: s.platform.id } })).toBe(0);
  });

  it("only the platform's admins manage its codes", async () => {
    const s = await sellingPlatform(ls);
    const member = await createUser({ platformId: s.platform.id });
    expect((await create(s, { code: "NOPE10", percent_off: 10, duration: "once" }, member.id)).status).toBe(403);
    expect((await call(listRoute.GET, { sessionUserId: member.id, params: { pk: s.pk } })).status).toBe(403);
    const stranger = await createUser();
    expect((await call(listRoute.GET, { sessionUserId: stranger.id, params: { pk: s.pk } })).status).toBe(404);
    const other = await sellingPlatform(ls);
    const theirs = await seedCode(other, { code: "THEIRS", percentOffBps: 1000 });
    expect((await call(oneRoute.GET, { sessionUserId: s.admin.id, params: { pk: s.pk, id: theirs.id } })).status).toBe(404);
  });

  it("lists newest first with completed redemptions counted once per checkout", async () => {
    const s = await sellingPlatform(ls);
    const older = await seedCode(s, { code: "OLDER", percentOffBps: 1000, maxRedemptions: 5, createdAt: new Date(Date.now() - 60_000) });
    await seedCode(s, { code: "NEWER", amountOff: 300, currency: "usd", duration: "forever" });
    await redeem(s, older.id, "a@example.test", null, "cs_list_1");
    await redeem(s, older.id, "a@example.test", null, "cs_list_1"); // the same webhook again
    await redeem(s, older.id, "B@Example.test", null, "cs_list_2");
    const res = await call(listRoute.GET, { sessionUserId: s.admin.id, params: { pk: s.pk } });
    expect(res.status).toBe(200);
    expect(res.json.count).toBe(2);
    expect(res.json.results.map((r: { code: string; times_redeemed: number; max_redemptions: number | null }) => [r.code, r.times_redeemed, r.max_redemptions])).toEqual([
      ["NEWER", 0, null],
      ["OLDER", 2, 5],
    ]);
    expect(res.json.results[0]).toMatchObject({ amount_off: "3.00", currency: "usd", percent_off: null });
    expect((await db.promotionRedemption.findMany({ where: { promotionCodeId: older.id }, orderBy: { email: "asc" } })).map((r) => r.email)).toEqual([
      "a@example.test",
      "b@example.test",
    ]);
    const one = await call(oneRoute.GET, { sessionUserId: s.admin.id, params: { pk: s.pk, id: older.id } });
    expect(one.json).toMatchObject({ id: older.id, code: "OLDER", percent_off: 10, times_redeemed: 2 });
  });

  it("deactivates on Stripe and here (PATCH or DELETE), reactivates unless expired, never deletes", async () => {
    const s = await sellingPlatform(ls);
    const created = await create(s, { code: "PAUSE15", percent_off: 15, duration: "once", expires_at: inDays(10) });
    expect(created.status).toBe(201);
    const id = created.json.id as string;
    const row = await db.promotionCode.findUniqueOrThrow({ where: { id } });

    const off = await call(oneRoute.PATCH, { method: "PATCH", sessionUserId: s.admin.id, params: { pk: s.pk, id }, body: { active: false } });
    expect(off.status).toBe(200);
    expect(off.json.active).toBe(false);
    expect((await ls.stripe.promotionCodes.retrieve(row.stripePromotionCodeId!)).active).toBe(false);
    const refused = await quote(s.prices.once.id, { promotion_code: "pause15" });
    expect(refused.json).toMatchObject({ code: "promotion_code_invalid", errors: { promotion_code: [expect.any(String)] } });

    const on = await call(oneRoute.PATCH, { method: "PATCH", sessionUserId: s.admin.id, params: { pk: s.pk, id }, body: { active: true } });
    expect(on.json.active).toBe(true);
    expect((await ls.stripe.promotionCodes.retrieve(row.stripePromotionCodeId!)).active).toBe(true);
    expect((await quote(s.prices.once.id, { promotion_code: "pause15" })).status).toBe(200);

    const del = await call(oneRoute.DELETE, { method: "DELETE", sessionUserId: s.admin.id, params: { pk: s.pk, id } });
    expect(del.status).toBe(204);
    expect(await db.promotionCode.findUniqueOrThrow({ where: { id } })).toMatchObject({ active: false });
    expect((await ls.stripe.promotionCodes.retrieve(row.stripePromotionCodeId!)).active).toBe(false);
    expect(
      (await db.auditLog.findMany({ where: { platformId: s.platform.id, target: id }, orderBy: { createdAt: "asc" } })).map((a) => a.action),
    ).toEqual(["promotion_code.created", "promotion_code.deactivated", "promotion_code.reactivated", "promotion_code.deactivated"]);

    await db.promotionCode.update({ where: { id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const expired = await call(oneRoute.PATCH, { method: "PATCH", sessionUserId: s.admin.id, params: { pk: s.pk, id }, body: { active: true } });
    expect(expired.status).toBe(400);
    expect(expired.json.code).toBe("promotion_code_expired");
  });
});

describe("price quote with a code", { timeout: 120_000 }, () => {
  it("prices percent and fixed codes on one-time and monthly tiers, whatever the code's case", async () => {
    const s = await sellingPlatform(ls);
    await seedCode(s, { code: "TWENTY", percentOffBps: 2000 });
    await seedCode(s, { code: "FIVE", amountOff: 500, currency: "usd", duration: "repeating", durationInMonths: 2 });
    await seedCode(s, { code: "THIRD", percentOffBps: 3333 });

    const pct = await quote(s.prices.once.id, { promotion_code: "twenty" });
    expect(pct.status).toBe(200);
    expect(pct.json).toEqual({
      subtotal: "24.99",
      discount: "5.00", // 20 % of 24.99 = 4.998
      total: "19.99",
      currency: "usd",
      promotion_code: { code: "TWENTY", duration: "once", duration_in_months: null, percent_off: 20, amount_off: null },
    });
    const fixed = await quote(s.prices.monthly.id, { promotion_code: " Five " });
    expect(fixed.json).toMatchObject({ subtotal: "10.00", discount: "5.00", total: "5.00", promotion_code: { duration: "repeating", duration_in_months: 2, amount_off: "5.00" } });
    const third = await quote(s.prices.yearly.id, { promotion_code: "THIRD" });
    expect(third.json).toMatchObject({ subtotal: "99.99", discount: "33.33", total: "66.66" }); // 33.3267 → 33.33
  });

  it("refuses unknown, expired, used-up, other-item and other-currency codes with their own codes", async () => {
    const s = await sellingPlatform(ls);
    await seedCode(s, { code: "OLD", percentOffBps: 1000, expiresAt: new Date(Date.now() - 1000) });
    await seedCode(s, { code: "OFF", percentOffBps: 1000, active: false });
    const limited = await seedCode(s, { code: "ONLYTWO", percentOffBps: 1000, maxRedemptions: 2 });
    await seedCode(s, { code: "ELSEWHERE", percentOffBps: 1000, appliesTo: [{ item_type: "course", item_id: "another" }] });
    await seedCode(s, { code: "EUROS", amountOff: 500, currency: "eur" });
    await seedCode(s, { code: "ALMOST", amountOff: 2470, currency: "usd" }); // 24.99 → 0.29
    await seedCode(s, { code: "COURSEONLY", percentOffBps: 1000, appliesTo: [{ item_type: "course", item_id: "masterclass" }] });
    const code = async (promotion_code: string, price = s.prices.once.id) => {
      const res = await quote(price, { promotion_code });
      expect(res.status, promotion_code).toBe(400);
      expect(res.json.errors?.promotion_code, promotion_code).toHaveLength(1);
      return res.json.code;
    };
    expect(await code("NOSUCH")).toBe("promotion_code_invalid");
    expect(await code("OFF")).toBe("promotion_code_invalid");
    expect(await code("OLD")).toBe("promotion_code_expired");
    expect(await code("ELSEWHERE")).toBe("promotion_code_not_applicable");
    expect(await code("EUROS")).toBe("promotion_code_not_applicable");
    expect(await code("ALMOST")).toBe("promotion_code_not_applicable");
    // a subscription's small first invoice is Stripe's to carry forward
    expect((await quote(s.prices.yearly.id, { promotion_code: "ALMOST" })).json).toMatchObject({ discount: "24.70", total: "75.29" });
    expect((await quote(s.prices.once.id, { promotion_code: "COURSEONLY" })).status).toBe(200);

    await redeem(s, limited.id, "one@example.test");
    expect((await quote(s.prices.once.id, { promotion_code: "ONLYTWO" })).status).toBe(200);
    await redeem(s, limited.id, "two@example.test");
    expect(await code("ONLYTWO")).toBe("promotion_code_exhausted");

    // another platform's code does not exist here
    const other = await sellingPlatform(ls);
    await seedCode(other, { code: "THEIRS", percentOffBps: 5000 });
    expect(await code("THEIRS")).toBe("promotion_code_invalid");
  });

  it("a 100 % code (or an amount covering the price) makes it free", async () => {
    const s = await sellingPlatform(ls);
    await seedCode(s, { code: "FREE", percentOffBps: 10_000 });
    await seedCode(s, { code: "BIGAMOUNT", amountOff: 5000, currency: "usd" });
    expect((await quote(s.prices.once.id, { promotion_code: "FREE" })).json).toMatchObject({ subtotal: "24.99", discount: "24.99", total: "0.00" });
    expect((await quote(s.prices.once.id, { promotion_code: "BIGAMOUNT" })).json).toMatchObject({ discount: "24.99", total: "0.00" });
  });

  it("one redemption per customer, by account or e-mail; first-purchase codes look at earlier purchases", async () => {
    const s = await sellingPlatform(ls);
    const once = await seedCode(s, { code: "WELCOME", percentOffBps: 1000 });
    await seedCode(s, { code: "FIRST", percentOffBps: 1000, firstTimeOnly: true });
    const buyer = await createUser();
    await redeem(s, once.id, buyer.email, buyer.id);

    const signedIn = await quote(s.prices.once.id, { promotion_code: "welcome" }, { userId: buyer.id });
    expect(signedIn.json).toMatchObject({ code: "promotion_code_already_used" });
    // a guest giving the address that used it, in any case
    expect((await quote(s.prices.once.id, { promotion_code: "welcome", email: buyer.email.toUpperCase() })).json.code).toBe("promotion_code_already_used");
    // signed out without an e-mail the checkout does the per-customer check
    expect((await quote(s.prices.once.id, { promotion_code: "welcome" })).status).toBe(200);
    // redeemed by account under another e-mail
    const renamed = await createUser();
    await redeem(s, once.id, "old-address@example.test", renamed.id);
    expect((await quote(s.prices.once.id, { promotion_code: "welcome" }, { userId: renamed.id })).json.code).toBe("promotion_code_already_used");

    // first purchase: a completed checkout (or a ledger charge) of this buyer on this platform
    const newcomer = await createUser();
    expect((await quote(s.prices.once.id, { promotion_code: "FIRST" }, { userId: newcomer.id })).status).toBe(200);
    const started = await checkout(newcomer.id, s.item, { price_id: s.prices.once.id });
    expect(started.status).toBe(200);
    await pay(ls, started.json.session_id);
    const refused = await quote(s.prices.monthly.id, { promotion_code: "FIRST" }, { userId: newcomer.id });
    expect(refused.json).toMatchObject({ code: "promotion_code_first_purchase_only" });
    expect((await quote(s.prices.monthly.id, { promotion_code: "FIRST", email: newcomer.email })).json.code).toBe("promotion_code_first_purchase_only");
    // a purchase on another platform does not count
    const other = await sellingPlatform(ls);
    await seedCode(other, { code: "FIRST", percentOffBps: 1000, firstTimeOnly: true });
    expect((await quote(other.prices.once.id, { promotion_code: "FIRST" }, { userId: newcomer.id })).status).toBe(200);
  });

  it("a pay-what-you-want tier needs an amount within its bounds, and the code discounts that amount", async () => {
    const s = await sellingPlatform(ls);
    const tier = await db.price.update({ where: { uniqueId: s.prices.once.id }, data: { customAmountMin: 500, customAmountMax: 10_000 } });
    await seedCode(s, { code: "TENPCT", percentOffBps: 1000 });
    const missing = await quote(tier.uniqueId, { promotion_code: "TENPCT" });
    expect(missing.status).toBe(400);
    expect(missing.json.code).toBe("amount_out_of_range");
    expect((await quote(tier.uniqueId, { promotion_code: "TENPCT", amount: "4.99" })).json.code).toBe("amount_out_of_range");
    expect((await quote(tier.uniqueId, { promotion_code: "TENPCT", amount: "100.01" })).json.code).toBe("amount_out_of_range");
    expect((await quote(tier.uniqueId, { promotion_code: "TENPCT", amount: "abc" })).json.code).toBe("validation_error");
    expect((await quote(tier.uniqueId, { promotion_code: "TENPCT", amount: "35" })).json).toMatchObject({ subtotal: "35.00", discount: "3.50", total: "31.50" });
  });

  it("answers 404 for a tier that cannot be bought and 429 past 60 quotes per address in 10 minutes", async () => {
    const s = await sellingPlatform(ls);
    await seedCode(s, { code: "LIMIT", percentOffBps: 1000 });
    await db.price.update({ where: { uniqueId: s.prices.yearly.id }, data: { isActive: false } });
    expect((await quote(s.prices.yearly.id, { promotion_code: "LIMIT" })).status).toBe(404);
    expect((await quote("00000000-0000-4000-8000-000000000000", { promotion_code: "LIMIT" })).status).toBe(404);

    const ip = "192.0.2.77";
    for (let i = 0; i < 60; i++) expect((await quote(s.prices.once.id, { promotion_code: "LIMIT" }, { ip })).status).toBe(200);
    const limited = await quote(s.prices.once.id, { promotion_code: "LIMIT" }, { ip });
    expect(limited.status).toBe(429);
    expect(limited.json.code).toBe("rate_limited");
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
  });
});

describe("checkout with a code", { timeout: 180_000 }, () => {
  it("a member's percent code: Stripe discounts the session, the commission is on the discounted amount, the ledger records gross, discount and net", async () => {
    const s = await sellingPlatform(ls, { bps: 1000 });
    expect((await create(s, { code: "SAVE20", percent_off: 20, duration: "once" })).status).toBe(201);
    const learner = await createUser();
    const started = await checkout(learner.id, s.item, { price_id: s.prices.once.id, promotion_code: "save20" });
    expect(started.status).toBe(200);
    const session = await ls.stripe.checkout.sessions.retrieve(started.json.session_id, { expand: ["payment_intent"] });
    expect(session.amount_subtotal).toBe(2499);
    expect(session.total_details?.amount_discount).toBe(500);
    expect(session.amount_total).toBe(1999);
    // 10 % of 19.99, not of 24.99
    const pi = session.payment_intent as { application_fee_amount: number | null } | null;
    if (pi) expect(pi.application_fee_amount).toBe(200);
    const ours = await db.checkoutSession.findUniqueOrThrow({ where: { stripeSessionId: started.json.session_id } });
    expect(ours).toMatchObject({ listAmount: 2499, discountAmount: 500 });

    await pay(ls, started.json.session_id);
    const charge = await db.ledgerEntry.findFirstOrThrow({ where: { platformId: s.platform.id, kind: "charge" } });
    expect(charge).toMatchObject({ amount: 1999, discountAmount: 500, feeAmount: 200, netAmount: 1799 });
    const redemption = await db.promotionRedemption.findUniqueOrThrow({ where: { stripeSessionId: started.json.session_id } });
    expect(redemption).toMatchObject({ email: learner.email, userId: learner.id, discountAmount: 500, currency: "usd" });

    // once per customer: the same buyer's address cannot use it on another tier
    const again = await quote(s.prices.monthly.id, { promotion_code: "SAVE20", email: learner.email });
    expect(again.status).toBe(400);
    expect(again.json.code).toBe("promotion_code_already_used");
  });

  it("max redemptions: the second buyer of a one-use code is refused before Stripe", async () => {
    const s = await sellingPlatform(ls);
    expect((await create(s, { code: "ONLYONE", amount_off: "4.99", currency: "usd", duration: "once", max_redemptions: 1 })).status).toBe(201);
    const first = await guestCheckout(s.item, { price_id: s.prices.once.id, email: "first@example.test", promotion_code: "ONLYONE" });
    expect(first.status).toBe(200);
    await pay(ls, first.json.session_id);
    expect((await ls.stripe.checkout.sessions.retrieve(first.json.session_id)).amount_total).toBe(2000);
    const second = await guestCheckout(s.item, { price_id: s.prices.once.id, email: "second@example.test", promotion_code: "ONLYONE" });
    expect(second.status).toBe(400);
    expect(second.json).toMatchObject({ code: "promotion_code_exhausted", errors: { promotion_code: [expect.any(String)] } });
    const list = await call(listRoute.GET, { sessionUserId: s.admin.id, params: { pk: s.pk } });
    expect(list.json.results[0]).toMatchObject({ code: "ONLYONE", times_redeemed: 1, max_redemptions: 1 });
  });

  it("a code restricted to a plan discounts the plan's tiers only, through Stripe's product restriction too", async () => {
    const s = await sellingPlatform(ls);
    const { plan, price } = await createPlanWithTier(s.pk, s.admin.id, { name: "Bundle", items: [{ item_type: "course", item_id: "masterclass" }] }, { name: "Once", amount: "40.00", interval: "one_time" });
    const created = await create(s, { code: "BUNDLE25", percent_off: 25, duration: "once", applies_to: [{ plan_id: plan.id }] });
    expect(created.status).toBe(201);
    expect(created.json.applies_to).toEqual([{ item_type: "plan", item_id: plan.id, name: "Bundle" }]);
    const row = await db.promotionCode.findUniqueOrThrow({ where: { id: created.json.id } });
    const planPaywall = await db.paywall.findUniqueOrThrow({ where: { uniqueId: plan.id } });
    expect((await ls.stripe.coupons.retrieve(row.stripeCouponId!)).applies_to?.products).toEqual([planPaywall.stripeProductId]);

    expect((await quote(price.id, { promotion_code: "bundle25" })).json).toMatchObject({ subtotal: "40.00", discount: "10.00", total: "30.00" });
    expect((await quote(s.prices.once.id, { promotion_code: "bundle25" })).json.code).toBe("promotion_code_not_applicable");

    const started = await call(priceGuestRoute.POST, {
      method: "POST",
      params: { price_uid: price.id },
      body: { email: "bundle@example.test", promotion_code: "BUNDLE25" },
      headers: { [PEER_ADDRESS_HEADER]: "203.0.113.40" },
    });
    expect(started.status).toBe(200);
    const session = await ls.stripe.checkout.sessions.retrieve(started.json.session_id);
    expect([session.amount_subtotal, session.total_details?.amount_discount, session.amount_total]).toEqual([4000, 1000, 3000]);
  });

  it("a 100 % code on a one-time tier: nothing to pay, access granted, the redemption counted", async () => {
    const s = await sellingPlatform(ls);
    expect((await create(s, { code: "ONTHEHOUSE", percent_off: 100, duration: "once" })).status).toBe(201);
    const learner = await createUser();
    const started = await checkout(learner.id, s.item, { price_id: s.prices.once.id, promotion_code: "onthehouse" });
    expect(started.status).toBe(200);
    expect((await ls.stripe.checkout.sessions.retrieve(started.json.session_id)).amount_total).toBe(0);
    await pay(ls, started.json.session_id);
    const paid = await ls.stripe.checkout.sessions.retrieve(started.json.session_id);
    expect([paid.status, paid.payment_status]).toEqual(["complete", "no_payment_required"]);
    expect((await accessCheck(learner.id, s.item)).json.has_access).toBe(true);
    expect(await db.promotionRedemption.count({ where: { stripeSessionId: started.json.session_id } })).toBe(1);
  });

  it("a repeating code of two months on a monthly tier discounts the first two invoices only", async () => {
    const s = await sellingPlatform(ls);
    expect((await create(s, { code: "TWOMONTHS", percent_off: 50, duration: "repeating", duration_in_months: 2 })).status).toBe(201);
    const learner = await createUser();
    const started = await checkout(learner.id, s.item, { price_id: s.prices.monthly.id, promotion_code: "TWOMONTHS" });
    expect(started.status).toBe(200);
    await pay(ls, started.json.session_id);
    const stripeSubId = (await ls.stripe.checkout.sessions.retrieve(started.json.session_id)).subscription as string;
    const sub = await db.subscription.findUniqueOrThrow({ where: { stripeSubscriptionId: stripeSubId } });
    const charges = () => db.ledgerEntry.findMany({ where: { subscriptionId: sub.id, kind: "charge" }, orderBy: { occurredAt: "asc" } });

    for (let renewal = 0; renewal < 2; renewal++) {
      const current = await ls.stripe.subscriptions.retrieve(stripeSubId);
      const periodEnd = current.items.data[0]?.current_period_end ?? (current as unknown as { current_period_end: number }).current_period_end;
      const { now } = await ls.control<{ now: number }>("clock", undefined, "GET");
      if (periodEnd >= now) await ls.control("clock/advance", { seconds: periodEnd - now + 60 });
      await ls.flush();
    }
    expect((await charges()).map((c) => [c.amount, c.discountAmount])).toEqual([
      [500, 500],
      [500, 500],
      [1000, 0],
    ]);
  });
});
