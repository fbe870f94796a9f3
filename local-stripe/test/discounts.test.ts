import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import Stripe from "stripe";
import { startHarness, setupSeller, type Harness } from "./helpers.js";

let h: Harness;
let seller: Awaited<ReturnType<typeof setupSeller>>;
let n = 0;

beforeAll(async () => {
  h = await startHarness();
  seller = await setupSeller(h, 2000);
});
afterAll(async () => {
  await h.close();
});
beforeEach(async () => {
  await h.flush();
  h.receiver.clear();
});

function uniqueCode(prefix: string): string {
  n += 1;
  return `${prefix}${n}${Date.now() % 100000}`;
}

function email(): string {
  n += 1;
  return `buyer${n}-${Date.now()}@example.com`;
}

async function promo(coupon: Stripe.CouponCreateParams, extra: Partial<Stripe.PromotionCodeCreateParams> = {}) {
  const c = await h.stripe.coupons.create(coupon);
  const code = await h.stripe.promotionCodes.create({ promotion: { type: "coupon", coupon: c.id }, code: uniqueCode("SAVE"), ...extra });
  return { coupon: c, code };
}

function oneTime(discounts: Stripe.Checkout.SessionCreateParams.Discount[], extra: Partial<Stripe.Checkout.SessionCreateParams> = {}) {
  return h.stripe.checkout.sessions.create({
    mode: "payment",
    line_items: [{ price: seller.price.id, quantity: 1 }],
    success_url: "http://app.test/ok?cs={CHECKOUT_SESSION_ID}",
    discounts,
    ...extra,
  });
}

async function pay(sessionId: string, body: Record<string, unknown> = {}) {
  return h.control<{ status: string; session: Stripe.Checkout.Session; error?: { message: string; param: string } }>(`checkout/sessions/${sessionId}/pay`, {
    card: "4242424242424242",
    email: email(),
    ...body,
  });
}

async function advanceTo(at: number): Promise<void> {
  const { body } = await h.control<{ now: number }>("clock", undefined, "GET");
  if (at > body.now) await h.control("clock/advance", { seconds: at - body.now });
  await h.flush();
}

async function invoicesOf(subId: string): Promise<Stripe.Invoice[]> {
  const list = await h.stripe.invoices.list({ subscription: subId, limit: 100 });
  return [...list.data].sort((a, b) => a.created - b.created || a.period_end - b.period_end);
}

describe("coupons", () => {
  it("creates, updates, lists and deletes with Stripe's events and validation", async () => {
    const c = await h.stripe.coupons.create({ percent_off: 25.5, duration: "repeating", duration_in_months: 3, name: "Launch", max_redemptions: 10 });
    expect(c).toMatchObject({ object: "coupon", percent_off: 25.5, amount_off: null, duration: "repeating", duration_in_months: 3, times_redeemed: 0, valid: true, max_redemptions: 10 });
    expect(c.id).toMatch(/^[0-9A-Za-z]{8}$/);
    const amount = await h.stripe.coupons.create({ id: uniqueCode("FIVE"), amount_off: 500, currency: "USD", currency_options: { eur: { amount_off: 450 } } });
    expect(amount).toMatchObject({ amount_off: 500, currency: "usd", duration: "once", currency_options: { eur: { amount_off: 450 } } });

    const updated = await h.stripe.coupons.update(c.id, { name: "Launch week", metadata: { campaign: "x" } });
    expect(updated).toMatchObject({ name: "Launch week", metadata: { campaign: "x" }, percent_off: 25.5 });
    expect((await h.stripe.coupons.list({ limit: 100 })).data.map((x) => x.id)).toEqual(expect.arrayContaining([c.id, amount.id]));
    expect(await h.stripe.coupons.del(amount.id)).toEqual({ id: amount.id, object: "coupon", deleted: true });
    await expect(h.stripe.coupons.retrieve(amount.id)).rejects.toMatchObject({ statusCode: 404, code: "resource_missing" });

    await h.flush();
    expect(h.receiver.types()).toEqual(expect.arrayContaining(["coupon.created", "coupon.updated", "coupon.deleted"]));
    expect(h.receiver.events("coupon.updated")[0].data.previous_attributes).toMatchObject({ name: "Launch" });

    await expect(h.stripe.coupons.create({ percent_off: 10, amount_off: 100, currency: "usd" })).rejects.toMatchObject({
      statusCode: 400,
      message: "You may only specify one of these parameters: amount_off, percent_off.",
    });
    await expect(h.stripe.coupons.create({ duration: "once" })).rejects.toMatchObject({ statusCode: 400 });
    await expect(h.stripe.coupons.create({ percent_off: 12.345 })).rejects.toMatchObject({ statusCode: 400, param: "percent_off" });
    await expect(h.stripe.coupons.create({ percent_off: 101 })).rejects.toMatchObject({ statusCode: 400, param: "percent_off" });
    await expect(h.stripe.coupons.create({ amount_off: 100 })).rejects.toMatchObject({ statusCode: 400, param: "currency" });
    await expect(h.stripe.coupons.create({ percent_off: 10, duration: "repeating" })).rejects.toMatchObject({ statusCode: 400, param: "duration_in_months" });
    await expect(h.stripe.coupons.create({ percent_off: 10, applies_to: { products: ["prod_nope"] } })).rejects.toMatchObject({ statusCode: 404 });
    await expect(h.stripe.coupons.update(c.id, { percent_off: 50 } as Stripe.CouponUpdateParams)).rejects.toMatchObject({ statusCode: 400, code: "parameter_unknown" });
  });
});

describe("promotion codes", () => {
  it("has the pinned shape (promotion.coupon), unique active codes and list filters", async () => {
    const { coupon, code } = await promo({ percent_off: 10 }, { max_redemptions: 3, restrictions: { minimum_amount: 1000, minimum_amount_currency: "usd" } });
    expect(code).toMatchObject({
      object: "promotion_code",
      active: true,
      promotion: { type: "coupon", coupon: coupon.id },
      max_redemptions: 3,
      times_redeemed: 0,
      expires_at: null,
      customer: null,
      restrictions: { first_time_transaction: false, minimum_amount: 1000, minimum_amount_currency: "usd" },
    });
    expect(code).not.toHaveProperty("coupon");
    const expanded = await h.stripe.promotionCodes.retrieve(code.id, { expand: ["promotion.coupon"] });
    expect((expanded.promotion.coupon as Stripe.Coupon).percent_off).toBe(10);

    await expect(h.stripe.promotionCodes.create({ promotion: { type: "coupon", coupon: coupon.id }, code: code.code.toLowerCase() })).rejects.toMatchObject({
      statusCode: 400,
      param: "code",
    });
    const byCode = await h.stripe.promotionCodes.list({ code: code.code.toLowerCase() });
    expect(byCode.data.map((x) => x.id)).toEqual([code.id]);
    const listed = await h.stripe.promotionCodes.list({ code: code.code, active: true, expand: ["data.promotion.coupon"] });
    expect((listed.data[0].promotion.coupon as Stripe.Coupon).id).toBe(coupon.id);
    expect((await h.stripe.promotionCodes.list({ coupon: coupon.id })).data.map((x) => x.id)).toEqual([code.id]);

    const off = await h.stripe.promotionCodes.update(code.id, { active: false, metadata: { why: "paused" } });
    expect(off).toMatchObject({ active: false, metadata: { why: "paused" } });
    expect((await h.stripe.promotionCodes.list({ code: code.code, active: true })).data).toEqual([]);
    // the code is free again for a new active promotion code
    const again = await h.stripe.promotionCodes.create({ promotion: { type: "coupon", coupon: coupon.id }, code: code.code });
    expect(again.active).toBe(true);
    await expect(h.stripe.promotionCodes.update(code.id, { active: true })).rejects.toMatchObject({ statusCode: 400, param: "code" });

    await h.flush();
    expect(h.receiver.types()).toEqual(expect.arrayContaining(["promotion_code.created", "promotion_code.updated"]));
    expect(h.receiver.events("promotion_code.updated")[0].data.previous_attributes).toMatchObject({ active: true });
  });
});

describe("Checkout in payment mode", () => {
  it("charges the discounted amount and keeps the application fee within it", async () => {
    const { coupon, code } = await promo({ percent_off: 25 });
    await expect(
      oneTime([{ promotion_code: code.id }], { payment_intent_data: { application_fee_amount: 1600, transfer_data: { destination: seller.account.id } } }),
    ).rejects.toMatchObject({ statusCode: 400, param: "payment_intent_data[application_fee_amount]" });

    const session = await oneTime([{ promotion_code: code.id }], {
      payment_intent_data: { application_fee_amount: 150, transfer_data: { destination: seller.account.id } },
    });
    expect(session).toMatchObject({
      amount_subtotal: 2000,
      amount_total: 1500,
      total_details: { amount_discount: 500, amount_shipping: 0, amount_tax: 0 },
      discounts: [{ coupon: coupon.id, promotion_code: code.id }],
    });
    const items = await h.stripe.checkout.sessions.listLineItems(session.id);
    expect(items.data[0]).toMatchObject({ amount_subtotal: 2000, amount_discount: 500, amount_total: 1500 });
    const withBreakdown = await h.stripe.checkout.sessions.retrieve(session.id, { expand: ["total_details.breakdown"] });
    const breakdown = withBreakdown.total_details!.breakdown!;
    expect(breakdown.discounts).toHaveLength(1);
    expect(breakdown.discounts[0].amount).toBe(500);
    expect(breakdown.discounts[0].discount).toMatchObject({ object: "discount", promotion_code: code.id, source: { type: "coupon", coupon: coupon.id }, checkout_session: session.id });

    expect((await pay(session.id)).body.status).toBe("succeeded");
    const done = await h.stripe.checkout.sessions.retrieve(session.id, { expand: ["payment_intent.latest_charge"] });
    const pi = done.payment_intent as Stripe.PaymentIntent;
    expect(done.payment_status).toBe("paid");
    expect(pi.amount).toBe(1500);
    expect(pi.application_fee_amount).toBe(150);
    const charge = pi.latest_charge as Stripe.Charge;
    expect(charge.amount).toBe(1500);
    const fees = await h.stripe.applicationFees.list({ charge: charge.id });
    expect(fees.data[0].amount).toBe(150);
    expect((await h.stripe.coupons.retrieve(coupon.id)).times_redeemed).toBe(1);
    expect((await h.stripe.promotionCodes.retrieve(code.id)).times_redeemed).toBe(1);
  });

  it("takes an amount off, accepts a coupon directly, and completes a fully discounted order without a charge", async () => {
    const five = await h.stripe.coupons.create({ amount_off: 500, currency: "usd" });
    const s = await oneTime([{ coupon: five.id }]);
    expect(s).toMatchObject({ amount_subtotal: 2000, amount_total: 1500, total_details: { amount_discount: 500 }, discounts: [{ coupon: five.id, promotion_code: null }] });

    const big = await h.stripe.coupons.create({ amount_off: 5000, currency: "usd" });
    const free = await oneTime([{ coupon: big.id }]);
    expect(free).toMatchObject({ amount_subtotal: 2000, amount_total: 0, total_details: { amount_discount: 2000 } });
    const paid = await pay(free.id);
    expect(paid.body.status).toBe("succeeded");
    expect(paid.body.session).toMatchObject({ status: "complete", payment_status: "no_payment_required", payment_intent: null });
    expect((await h.stripe.coupons.retrieve(big.id)).times_redeemed).toBe(1);

    const eur = await h.stripe.coupons.create({ amount_off: 500, currency: "eur" });
    await expect(oneTime([{ coupon: eur.id }])).rejects.toMatchObject({ statusCode: 400, param: "discounts[0][coupon]" });
    await expect(oneTime([{ coupon: five.id }, { coupon: big.id }])).rejects.toMatchObject({ statusCode: 400 });
    await expect(oneTime([{ coupon: five.id }], { allow_promotion_codes: true })).rejects.toMatchObject({
      statusCode: 400,
      message: "You may only specify one of these parameters: allow_promotion_codes, discounts.",
    });
    await expect(oneTime([{ coupon: "nope" }])).rejects.toMatchObject({ statusCode: 404, code: "resource_missing", param: "discounts[0][coupon]" });
  });

  it("enforces max_redemptions of promotion codes and coupons", async () => {
    const { coupon, code } = await promo({ percent_off: 50 }, { max_redemptions: 1 });
    const first = await oneTime([{ promotion_code: code.id }]);
    const second = await oneTime([{ promotion_code: code.id }]);
    expect((await pay(first.id)).body.status).toBe("succeeded");
    // redeemed meanwhile: the open session can no longer be paid with it
    const late = await pay(second.id);
    expect(late.status).toBe(400);
    await expect(oneTime([{ promotion_code: code.id }])).rejects.toMatchObject({ statusCode: 400, message: "This promotion code has been used up.", param: "discounts[0][promotion_code]" });
    expect((await h.stripe.promotionCodes.retrieve(code.id)).times_redeemed).toBe(1);

    const limited = await h.stripe.coupons.create({ percent_off: 10, max_redemptions: 1 });
    expect((await pay((await oneTime([{ coupon: limited.id }])).id)).body.status).toBe("succeeded");
    expect(await h.stripe.coupons.retrieve(limited.id)).toMatchObject({ times_redeemed: 1, valid: false });
    await expect(oneTime([{ coupon: limited.id }])).rejects.toMatchObject({ statusCode: 400, code: "coupon_expired" });
    expect(coupon.times_redeemed).toBe(0);
  });

  it("refuses expired and inactive codes", async () => {
    const { body } = await h.control<{ now: number }>("clock", undefined, "GET");
    const { code: expiring } = await promo({ percent_off: 10 }, { expires_at: body.now + 3600 });
    const { coupon: redeemBy } = await promo({ percent_off: 10, redeem_by: body.now + 3600 });
    const { code: inactive } = await promo({ percent_off: 10 });
    expect((await oneTime([{ promotion_code: expiring.id }])).amount_total).toBe(1800);
    await h.stripe.promotionCodes.update(inactive.id, { active: false });
    await expect(oneTime([{ promotion_code: inactive.id }])).rejects.toMatchObject({ statusCode: 400, message: "This promotion code is inactive." });

    await advanceTo(body.now + 7200);
    await expect(oneTime([{ promotion_code: expiring.id }])).rejects.toMatchObject({ statusCode: 400, message: "This promotion code has expired." });
    expect((await h.stripe.coupons.retrieve(redeemBy.id)).valid).toBe(false);
    await expect(oneTime([{ coupon: redeemBy.id }])).rejects.toMatchObject({ statusCode: 400, code: "coupon_expired" });
  });

  it("applies a coupon only to the products it names", async () => {
    const other = await h.stripe.products.create({ name: "Other" });
    const elsewhere = await h.stripe.coupons.create({ percent_off: 20, applies_to: { products: [other.id] } });
    expect(elsewhere.applies_to).toEqual({ products: [other.id] });
    await expect(oneTime([{ coupon: elsewhere.id }])).rejects.toMatchObject({ statusCode: 400, param: "discounts[0][coupon]" });
    const here = await h.stripe.coupons.create({ percent_off: 20, applies_to: { products: [seller.product.id] } });
    expect((await oneTime([{ coupon: here.id }])).amount_total).toBe(1600);
  });

  it("refuses a first-time-only code for a buyer who already paid", async () => {
    const { code } = await promo({ percent_off: 10 }, { restrictions: { first_time_transaction: true } });
    const returning = email();
    const plain = await oneTime([]);
    expect((await pay(plain.id, { email: returning })).body.status).toBe("succeeded");

    await expect(oneTime([{ promotion_code: code.id }], { customer_email: returning })).rejects.toMatchObject({
      statusCode: 400,
      message: "This promotion code cannot be redeemed because the associated customer has prior transactions.",
    });
    // without an email up front, the check happens when the buyer pays
    const open = await oneTime([{ promotion_code: code.id }]);
    const refused = await pay(open.id, { email: returning });
    expect(refused.status).toBe(400);
    expect((await pay(open.id, { email: email() })).body.status).toBe("succeeded");
  });

  it("enforces a promotion code's minimum amount", async () => {
    const { code } = await promo({ percent_off: 10 }, { restrictions: { minimum_amount: 2500, minimum_amount_currency: "usd" } });
    await expect(oneTime([{ promotion_code: code.id }])).rejects.toMatchObject({ statusCode: 400, param: "discounts[0][promotion_code]" });
    const s = await oneTime([{ promotion_code: code.id }], { line_items: [{ price: seller.price.id, quantity: 2 }] });
    expect(s).toMatchObject({ amount_subtotal: 4000, amount_total: 3600 });
  });

  it("discounts price_data lines (the app's chosen amount) and shows the discount on the hosted page", async () => {
    const { code } = await promo({ percent_off: 10 });
    const session = await h.stripe.checkout.sessions.create({
      mode: "payment",
      line_items: [{ price_data: { currency: "usd", product: seller.product.id, unit_amount: 3000 }, quantity: 1 }],
      success_url: "http://app.test/ok",
      discounts: [{ promotion_code: code.id }],
    });
    expect(session).toMatchObject({ amount_subtotal: 3000, amount_total: 2700, total_details: { amount_discount: 300 } });
    const html = await (await fetch(session.url!)).text();
    expect(html).toContain(`Discount (${code.code})`);
    expect(html).toContain("−$3.00");
    expect(html).toContain('data-testid="subtotal">$30.00');
    expect(html).toContain('data-testid="total">$27.00');
  });
});

async function postForm(url: string, form: Record<string, string>) {
  const res = await fetch(url, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(form).toString(),
  });
  return { status: res.status, location: res.headers.get("location"), html: await res.text() };
}

describe("hosted checkout page", () => {
  it("completes a fully discounted order without a card and takes a chosen amount", async () => {
    const all = await h.stripe.coupons.create({ percent_off: 100 });
    const free = await oneTime([{ coupon: all.id }]);
    const done = await postForm(free.url!, { email: email(), cardNumber: "" });
    expect(done.status).toBe(303);
    expect(done.location).toBe(`http://app.test/ok?cs=${free.id}`);
    expect(await h.stripe.checkout.sessions.retrieve(free.id)).toMatchObject({ status: "complete", payment_status: "no_payment_required", amount_total: 0 });

    const price = await h.stripe.prices.create({ product: seller.product.id, currency: "usd", custom_unit_amount: { enabled: true, minimum: 500 } });
    const pwyw = await h.stripe.checkout.sessions.create({ mode: "payment", line_items: [{ price: price.id, quantity: 1 }], success_url: "http://app.test/ok" });
    const page = await (await fetch(pwyw.url!)).text();
    expect(page).toContain('id="customAmount"');
    const low = await postForm(pwyw.url!, { email: email(), cardNumber: "4242424242424242", customAmount: "2.00" });
    expect(low.status).toBe(402);
    expect(low.html).toContain("at least");
    const ok = await postForm(pwyw.url!, { email: email(), cardNumber: "4242424242424242", customAmount: "12.50" });
    expect(ok.status).toBe(303);
    expect((await h.stripe.checkout.sessions.retrieve(pwyw.id)).amount_total).toBe(1250);
  });
});

describe("custom_unit_amount", () => {
  it("stores the bounds with a null unit_amount and lets the buyer choose within them", async () => {
    const price = await h.stripe.prices.create({
      product: seller.product.id,
      currency: "usd",
      custom_unit_amount: { enabled: true, minimum: 500, maximum: 10000, preset: 1500 },
    });
    expect(price).toMatchObject({ unit_amount: null, unit_amount_decimal: null, type: "one_time", custom_unit_amount: { minimum: 500, maximum: 10000, preset: 1500 } });
    expect((await h.stripe.prices.retrieve(price.id)).custom_unit_amount).toEqual({ minimum: 500, maximum: 10000, preset: 1500 });
    await expect(h.stripe.prices.create({ product: seller.product.id, currency: "usd", unit_amount: 100, custom_unit_amount: { enabled: true } })).rejects.toMatchObject({
      statusCode: 400,
    });
    await expect(
      h.stripe.prices.create({ product: seller.product.id, currency: "usd", custom_unit_amount: { enabled: true }, recurring: { interval: "month" } }),
    ).rejects.toMatchObject({ statusCode: 400 });

    const session = await h.stripe.checkout.sessions.create({ mode: "payment", line_items: [{ price: price.id, quantity: 1 }], success_url: "http://app.test/ok" });
    expect(session.amount_total).toBe(1500);
    const tooLow = await pay(session.id, { custom_amount: 100 });
    expect(tooLow.status).toBe(400);
    const paid = await pay(session.id, { custom_amount: 2500 });
    expect(paid.body.status).toBe("succeeded");
    expect(paid.body.session.amount_total).toBe(2500);
    const pi = await h.stripe.paymentIntents.retrieve(paid.body.session.payment_intent as string);
    expect(pi.amount).toBe(2500);
  });
});

describe("Checkout in subscription mode", () => {
  async function subscribe(coupon: Stripe.CouponCreateParams, opts: { fee?: number; trial?: number } = {}) {
    const { coupon: c, code } = await promo(coupon);
    const session = await h.stripe.checkout.sessions.create({
      mode: "subscription",
      line_items: [{ price: seller.monthly.id, quantity: 1 }],
      success_url: "http://app.test/ok",
      discounts: [{ promotion_code: code.id }],
      subscription_data: {
        application_fee_percent: opts.fee,
        transfer_data: opts.fee ? { destination: seller.account.id } : undefined,
        trial_period_days: opts.trial,
      },
    });
    const res = await pay(session.id);
    expect(res.body.status).toBe("succeeded");
    const sub = await h.stripe.subscriptions.retrieve(res.body.session.subscription as string, { expand: ["discounts"] });
    return { coupon: c, code, session, sub };
  }

  async function renewals(sub: Stripe.Subscription, count: number): Promise<Stripe.Invoice[]> {
    for (let i = 0; i < count; i++) {
      const current = await h.stripe.subscriptions.retrieve(sub.id);
      await advanceTo(current.items.data[0].current_period_end + 60);
    }
    return invoicesOf(sub.id);
  }

  it("a once coupon discounts the first invoice only", { timeout: 120_000 }, async () => {
    const { session, sub, coupon, code } = await subscribe({ percent_off: 50, duration: "once" });
    expect(session).toMatchObject({ amount_subtotal: 2000, amount_total: 1000, total_details: { amount_discount: 1000 } });
    const d = sub.discounts[0] as Stripe.Discount;
    expect(d).toMatchObject({ object: "discount", subscription: sub.id, customer: sub.customer, promotion_code: code.id, source: { coupon: coupon.id, type: "coupon" }, end: null });
    expect(d.start).toBe(sub.start_date);
    const invoices = await renewals(sub, 2);
    expect(invoices.map((i) => [i.subtotal, i.total, i.amount_due, i.amount_paid])).toEqual([
      [2000, 1000, 1000, 1000],
      [2000, 2000, 2000, 2000],
      [2000, 2000, 2000, 2000],
    ]);
    expect(invoices[0].total_discount_amounts).toEqual([{ amount: 1000, discount: d.id }]);
    expect(invoices[0].discounts).toEqual([d.id]);
    expect(invoices[0].lines.data[0].discount_amounts).toEqual([{ amount: 1000, discount: d.id }]);
    expect(invoices[1].total_discount_amounts).toEqual([]);
    expect((await h.stripe.subscriptions.retrieve(sub.id)).discounts).toEqual([]);
    expect((await h.stripe.promotionCodes.retrieve(code.id)).times_redeemed).toBe(1);
  });

  it("a repeating coupon lasts duration_in_months, and the fee percent applies to the discounted amount", { timeout: 120_000 }, async () => {
    const { sub } = await subscribe({ amount_off: 500, currency: "usd", duration: "repeating", duration_in_months: 2 }, { fee: 10 });
    const d = sub.discounts[0] as Stripe.Discount;
    expect(d.end).toBeGreaterThan(d.start + 58 * 86400);
    expect(d.end).toBeLessThan(d.start + 63 * 86400);
    const invoices = await renewals(sub, 3);
    expect(invoices.map((i) => i.amount_paid)).toEqual([1500, 1500, 2000, 2000]);
    const fees = [];
    for (const inv of invoices) {
      const pi = await h.stripe.paymentIntents.retrieve((inv.payments!.data[0].payment as { payment_intent: string }).payment_intent);
      fees.push([pi.amount, pi.application_fee_amount]);
    }
    expect(fees).toEqual([
      [1500, 150],
      [1500, 150],
      [2000, 200],
      [2000, 200],
    ]);
  });

  it("a forever coupon discounts every invoice; with a trial, once waits for the first paid invoice", { timeout: 120_000 }, async () => {
    const { sub } = await subscribe({ percent_off: 25, duration: "forever" });
    const invoices = await renewals(sub, 2);
    expect(invoices.map((i) => i.amount_paid)).toEqual([1500, 1500, 1500]);
    expect((await h.stripe.subscriptions.retrieve(sub.id)).discounts).toHaveLength(1);

    const trial = await subscribe({ percent_off: 50, duration: "once" }, { trial: 7 });
    expect(trial.session).toMatchObject({ amount_total: 0, total_details: { amount_discount: 0 } });
    const trialInvoices = await renewals(trial.sub, 2);
    expect(trialInvoices.map((i) => i.amount_paid)).toEqual([0, 1000, 2000]);
  });

  it("subscriptions.create takes discounts too", async () => {
    const c = await h.stripe.coupons.create({ percent_off: 10, duration: "forever" });
    const customer = await h.stripe.customers.create({ email: email(), payment_method: "pm_card_visa" });
    const sub = await h.stripe.subscriptions.create({ customer: customer.id, items: [{ price: seller.monthly.id }], discounts: [{ coupon: c.id }], expand: ["latest_invoice"] });
    expect(sub.discounts).toHaveLength(1);
    expect((sub.latest_invoice as Stripe.Invoice).amount_paid).toBe(1800);
    expect((await h.stripe.coupons.retrieve(c.id)).times_redeemed).toBe(1);
  });
});
