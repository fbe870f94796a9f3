import type Stripe from "stripe";
import type { Ctx } from "../context.js";
import type { Router } from "../router.js";
import type { Params } from "../params.js";
import { StripeApiError, invalid, missing } from "../errors.js";
import { newId, randomToken } from "../ids.js";
import { addInterval, load } from "../common.js";
import { emit, changed } from "../events.js";
import { paginate, createdFilter } from "../list.js";

/** A coupon (and the promotion code it came through) chosen for a Checkout Session or subscription. */
export interface ChosenDiscount {
  coupon: string;
  promotionCode: string | null;
}

/** Kept with each Discount: the coupon as it was (it may be deleted later) and whether a `once` coupon was used. */
export interface DiscountMeta {
  coupon: Stripe.Coupon;
  used?: boolean;
}

function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

const IMMUTABLE_COUPON_PARAMS = [
  "amount_off",
  "percent_off",
  "currency",
  "duration",
  "duration_in_months",
  "max_redemptions",
  "redeem_by",
  "applies_to",
  "id",
];

function unknownParam(name: string): StripeApiError {
  return invalid(`Received unknown parameter: ${name}`, name, "parameter_unknown");
}

/** `valid` as Stripe reports it: not past `redeem_by` and not used up. */
function couponValidNow(ctx: Ctx, c: Stripe.Coupon): boolean {
  if (c.redeem_by !== null && ctx.app.now() > c.redeem_by) return false;
  if (c.max_redemptions !== null && c.times_redeemed >= c.max_redemptions) return false;
  return true;
}

function refreshCoupon(ctx: Ctx, c: Stripe.Coupon): Stripe.Coupon {
  const valid = couponValidNow(ctx, c);
  if (c.valid !== valid) {
    c.valid = valid;
    ctx.app.store.put(c);
  }
  return c;
}

function createCoupon(ctx: Ctx, p: Params): Stripe.Coupon {
  const percentRaw = p.str("percent_off");
  const percent = p.num("percent_off");
  const amount = p.int("amount_off");
  if (percent !== undefined && amount !== undefined) {
    throw invalid("You may only specify one of these parameters: amount_off, percent_off.", "amount_off");
  }
  if (percent === undefined && amount === undefined) {
    throw invalid("You must pass either `percent_off` or `amount_off`.", "percent_off", "parameter_missing");
  }
  if (percent !== undefined) {
    if (!(percent > 0 && percent <= 100)) throw invalid("Invalid percent_off: must be greater than 0 and less than or equal to 100.", "percent_off");
    if (percentRaw && /\.\d{3,}$/.test(percentRaw)) throw invalid("Invalid percent_off: must have at most 2 decimal places.", "percent_off");
  }
  let currency: string | null = null;
  let currencyOptions: Record<string, Stripe.Coupon.CurrencyOptions> | undefined;
  if (amount !== undefined) {
    if (amount < 1) throw invalid("Invalid positive integer", "amount_off");
    currency = p.str("currency")?.toLowerCase() ?? null;
    if (!currency) throw invalid("Missing required param: currency.", "currency", "parameter_missing");
    currencyOptions = currencyOptionsFrom(p, {});
  } else {
    if (p.has("currency_options")) throw invalid("`currency_options` can only be set on coupons with `amount_off`.", "currency_options");
    // Stripe keeps a currency given with percent_off (it is informational)
    currency = p.str("currency")?.toLowerCase() ?? null;
  }
  const duration = p.oneOf("duration", ["once", "repeating", "forever"] as const) ?? "once";
  const months = p.int("duration_in_months");
  if (duration === "repeating") {
    if (months === undefined) throw invalid("Missing required param: duration_in_months.", "duration_in_months", "parameter_missing");
    if (months < 1) throw invalid("Invalid positive integer", "duration_in_months");
  } else if (months !== undefined) {
    throw invalid("`duration_in_months` can only be set when `duration` is `repeating`.", "duration_in_months");
  }
  const maxRedemptions = p.int("max_redemptions");
  if (maxRedemptions !== undefined && maxRedemptions < 1) throw invalid("Invalid positive integer", "max_redemptions");
  const redeemBy = p.int("redeem_by");
  const now = ctx.app.now();
  if (redeemBy !== undefined && redeemBy <= now) throw invalid("Invalid timestamp: must be an integer Unix timestamp in the future.", "redeem_by");
  const at = p.obj("applies_to");
  const products = at ? at.strArr("products") : [];
  products.forEach((id, i) => {
    if (!ctx.app.store.find<Stripe.Product>(id, "product", ctx.account)) throw missing(id, "product", `applies_to[products][${i}]`);
  });
  const id = p.str("id") || randomToken(8);
  if (ctx.app.store.entry(id)) throw invalid("Coupon already exists.", "id", "resource_already_exists");
  const coupon: Stripe.Coupon = {
    id,
    object: "coupon",
    amount_off: amount ?? null,
    ...(at ? { applies_to: { products } } : {}),
    created: now,
    currency,
    ...(currencyOptions && Object.keys(currencyOptions).length ? { currency_options: currencyOptions } : {}),
    duration,
    duration_in_months: duration === "repeating" ? (months ?? null) : null,
    livemode: false,
    max_redemptions: maxRedemptions ?? null,
    metadata: p.metadata({}),
    name: p.str("name") || null,
    percent_off: percent ?? null,
    redeem_by: redeemBy ?? null,
    times_redeemed: 0,
    valid: true,
  };
  ctx.app.store.insert(coupon, ctx.account);
  emit(ctx, "coupon.created", coupon);
  return coupon;
}

function currencyOptionsFrom(p: Params, existing: Record<string, Stripe.Coupon.CurrencyOptions>): Record<string, Stripe.Coupon.CurrencyOptions> {
  const co = p.obj("currency_options");
  if (!co) return existing;
  const out = { ...existing };
  for (const cur of Object.keys(co.raw)) {
    const opt = co.obj(cur);
    if (!opt) continue;
    const amt = opt.reqInt("amount_off");
    if (amt < 1) throw invalid("Invalid positive integer", `currency_options[${cur}][amount_off]`);
    out[cur.toLowerCase()] = { amount_off: amt };
  }
  return out;
}

function loadCoupon(ctx: Ctx, id: string, param = "id"): Stripe.Coupon {
  return refreshCoupon(ctx, load<Stripe.Coupon>(ctx, id, "coupon", "coupon", param));
}

function promoFor(ctx: Ctx, p: Params): Stripe.PromotionCode {
  const promotion = p.obj("promotion");
  const couponId = promotion?.str("coupon") ?? p.str("coupon");
  if (promotion) {
    const type = promotion.str("type") ?? "coupon";
    if (type !== "coupon") throw invalid("Invalid promotion[type]: must be one of coupon", "promotion[type]");
  }
  if (!couponId) throw invalid("Missing required param: promotion[coupon].", "promotion[coupon]", "parameter_missing");
  const coupon = loadCoupon(ctx, couponId, promotion ? "promotion[coupon]" : "coupon");
  const now = ctx.app.now();
  const code = p.str("code") || randomToken(8).toUpperCase();
  if (!/^[A-Za-z0-9-]+$/.test(code)) throw invalid("Invalid code: only letters, digits and dashes are allowed.", "code");
  const active = p.bool("active") ?? true;
  if (active) assertCodeFree(ctx, code, null);
  const maxRedemptions = p.int("max_redemptions");
  if (maxRedemptions !== undefined && maxRedemptions < 1) throw invalid("Invalid positive integer", "max_redemptions");
  const expiresAt = p.int("expires_at");
  if (expiresAt !== undefined && expiresAt <= now) throw invalid("Invalid timestamp: must be an integer Unix timestamp in the future.", "expires_at");
  if (expiresAt !== undefined && coupon.redeem_by !== null && expiresAt > coupon.redeem_by) {
    throw invalid("The promotion code's `expires_at` may not be later than the coupon's `redeem_by`.", "expires_at");
  }
  const customer = p.str("customer") ?? null;
  if (customer) load<Stripe.Customer>(ctx, customer, "customer", "customer", "customer");
  const r = p.obj("restrictions");
  const minimum = r?.int("minimum_amount");
  const minimumCurrency = r?.str("minimum_amount_currency")?.toLowerCase() ?? null;
  if (minimum !== undefined && minimum < 0) throw invalid("Invalid non-negative integer", "restrictions[minimum_amount]");
  if (minimum !== undefined && !minimumCurrency) {
    throw invalid("Missing required param: restrictions[minimum_amount_currency].", "restrictions[minimum_amount_currency]", "parameter_missing");
  }
  const restrictions: Stripe.PromotionCode.Restrictions = {
    first_time_transaction: r?.bool("first_time_transaction") ?? false,
    minimum_amount: minimum ?? null,
    minimum_amount_currency: minimum !== undefined ? minimumCurrency : null,
  };
  const options = r ? minimumOptions(r, {}) : {};
  if (Object.keys(options).length) restrictions.currency_options = options;
  const promo: Stripe.PromotionCode = {
    id: newId("promo"),
    object: "promotion_code",
    active,
    code,
    created: now,
    customer,
    customer_account: null,
    expires_at: expiresAt ?? null,
    livemode: false,
    max_redemptions: maxRedemptions ?? null,
    metadata: p.metadata({}),
    promotion: { coupon: coupon.id, type: "coupon" },
    restrictions,
    times_redeemed: 0,
  };
  ctx.app.store.insert(promo, ctx.account);
  emit(ctx, "promotion_code.created", promo);
  return promo;
}

function minimumOptions(r: Params, existing: Record<string, Stripe.PromotionCode.Restrictions.CurrencyOptions>): Record<string, Stripe.PromotionCode.Restrictions.CurrencyOptions> {
  const co = r.obj("currency_options");
  if (!co) return existing;
  const out = { ...existing };
  for (const cur of Object.keys(co.raw)) {
    const min = co.obj(cur)?.int("minimum_amount");
    if (min !== undefined) out[cur.toLowerCase()] = { minimum_amount: min };
  }
  return out;
}

/** Codes are unique (case-insensitively) among active promotion codes of an account. */
function assertCodeFree(ctx: Ctx, code: string, except: string | null): void {
  const clash = ctx.app.store.list<Stripe.PromotionCode>(
    "promotion_code",
    ctx.account,
    (x) => x.active && x.id !== except && x.code.toLowerCase() === code.toLowerCase(),
  );
  if (clash.length) throw invalid(`An active promotion code with \`code: ${code}\` already exists.`, "code", "resource_already_exists");
}

function couponIdOf(promo: Stripe.PromotionCode): string {
  const c = promo.promotion.coupon;
  return typeof c === "string" ? c : (c?.id ?? "");
}

/** What a buyer is about to pay for, to check a discount against. */
export interface DiscountTarget {
  currency: string;
  /** Products of the discountable line items, with their amounts before discounts. */
  lines: Array<{ product: string; amount: number }>;
  customer: string | null;
  email: string | null;
}

function productsOf(coupon: Stripe.Coupon): string[] | null {
  return coupon.applies_to ? coupon.applies_to.products : null;
}

/** Amount the coupon takes off in this currency (null: it has no amount in this currency). */
function amountOffIn(coupon: Stripe.Coupon, currency: string): number | null {
  if (coupon.amount_off === null) return null;
  if (coupon.currency === currency) return coupon.amount_off;
  return coupon.currency_options?.[currency]?.amount_off ?? null;
}

/**
 * The part of each line the coupon takes off: percent coupons per line, amount coupons spread
 * over the lines they apply to in proportion (never more than the lines' total).
 */
export function allocateDiscount(coupon: Stripe.Coupon, currency: string, lines: Array<{ product: string; amount: number }>): number[] {
  const only = productsOf(coupon);
  const applies = lines.map((l) => only === null || only.includes(l.product));
  if (coupon.percent_off !== null) {
    return lines.map((l, i) => (applies[i] ? Math.round((l.amount * coupon.percent_off!) / 100) : 0));
  }
  const off = amountOffIn(coupon, currency) ?? 0;
  const base = lines.reduce((s, l, i) => s + (applies[i] ? l.amount : 0), 0);
  const total = Math.min(off, base);
  const out = lines.map(() => 0);
  if (total <= 0) return out;
  let left = total;
  let last = -1;
  lines.forEach((l, i) => {
    if (!applies[i] || l.amount <= 0) return;
    out[i] = Math.floor((total * l.amount) / base);
    left -= out[i];
    last = i;
  });
  if (last >= 0) out[last] += left;
  return out;
}

/** Whether the customer (by id or email) already paid for something on this account. */
function hasPriorTransactions(ctx: Ctx, customer: string | null, email: string | null): boolean {
  const mail = email?.toLowerCase() ?? null;
  const customerEmail = (id: unknown) => {
    if (typeof id !== "string") return null;
    return ctx.app.store.find<Stripe.Customer>(id, "customer")?.email?.toLowerCase() ?? null;
  };
  const matches = (cus: unknown, ...emails: Array<string | null | undefined>) =>
    (customer !== null && cus === customer) ||
    (mail !== null && [...emails.map((e) => e?.toLowerCase() ?? null), customerEmail(cus)].includes(mail));
  const charged = ctx.app.store.list<Stripe.Charge>(
    "charge",
    ctx.account,
    (c) => c.paid && c.status === "succeeded" && matches(c.customer, c.billing_details.email, c.receipt_email),
  );
  if (charged.length) return true;
  const invoiced = ctx.app.store.list<Stripe.Invoice>("invoice", ctx.account, (i) => i.status === "paid" && i.amount_paid > 0 && matches(i.customer, i.customer_email));
  return invoiced.length > 0;
}

function promoError(message: string, param: string, code: string | null = null): StripeApiError {
  return invalid(message, param, code);
}

/**
 * Validates `discounts` (at most one `{coupon}` or `{promotion_code}`) against what is bought,
 * with the refusals Stripe gives for invalid, expired, used-up or restricted codes.
 */
export function resolveDiscounts(ctx: Ctx, p: Params, key: string, target: DiscountTarget): ChosenDiscount | null {
  const list = p.arr(key);
  if (!list.length) return null;
  if (list.length > 1) throw invalid("You may only apply one discount to this object.", `${key}[1]`);
  const d = list[0];
  const couponParam = d.str("coupon");
  const promoParam = d.str("promotion_code");
  if (couponParam && promoParam) throw invalid("You may only specify one of these parameters: coupon, promotion_code.", `${key}[0][coupon]`);
  if (!couponParam && !promoParam) throw invalid(`Missing required param: ${key}[0][coupon] or ${key}[0][promotion_code].`, `${key}[0]`, "parameter_missing");
  return checkDiscount(ctx, { coupon: couponParam ?? "", promotionCode: promoParam ?? null }, target, key);
}

/** Re-checks (or first checks) a chosen discount; `key` names the param errors point at. */
export function checkDiscount(ctx: Ctx, chosen: { coupon: string; promotionCode: string | null }, target: DiscountTarget, key = "discounts"): ChosenDiscount {
  let promo: Stripe.PromotionCode | null = null;
  let couponId = chosen.coupon;
  const promoParam = `${key}[0][promotion_code]`;
  if (chosen.promotionCode) {
    promo = load<Stripe.PromotionCode>(ctx, chosen.promotionCode, "promotion_code", "promotion_code", promoParam);
    const now = ctx.app.now();
    if (!promo.active) throw promoError("This promotion code is inactive.", promoParam);
    if (promo.expires_at !== null && now >= promo.expires_at) throw promoError("This promotion code has expired.", promoParam);
    if (promo.max_redemptions !== null && promo.times_redeemed >= promo.max_redemptions) throw promoError("This promotion code has been used up.", promoParam);
    if (promo.customer !== null && promo.customer !== target.customer) throw promoError("This promotion code cannot be redeemed by this customer.", promoParam);
    const r = promo.restrictions;
    const total = target.lines.reduce((s, l) => s + l.amount, 0);
    const minimum =
      r.minimum_amount !== null && r.minimum_amount_currency === target.currency ? r.minimum_amount : (r.currency_options?.[target.currency]?.minimum_amount ?? null);
    if (minimum !== null && total < minimum) {
      throw promoError("This promotion code cannot be redeemed because the order total is below the code's minimum amount.", promoParam);
    }
    if (r.first_time_transaction && hasPriorTransactions(ctx, target.customer, target.email)) {
      throw promoError("This promotion code cannot be redeemed because the associated customer has prior transactions.", promoParam);
    }
    couponId = couponIdOf(promo);
  }
  const couponParam = promo ? promoParam : `${key}[0][coupon]`;
  const coupon = ctx.app.store.find<Stripe.Coupon>(couponId, "coupon", ctx.account);
  if (!coupon) throw missing(couponId, "coupon", couponParam);
  refreshCoupon(ctx, coupon);
  if (!coupon.valid) throw invalid(`Coupon expired: ${coupon.id}`, couponParam, "coupon_expired");
  if (coupon.amount_off !== null && amountOffIn(coupon, target.currency) === null) {
    throw invalid(`The coupon \`${coupon.id}\` takes off an amount in ${coupon.currency}, which cannot be applied to a ${target.currency} payment.`, couponParam);
  }
  const only = productsOf(coupon);
  if (only !== null && !target.lines.some((l) => only.includes(l.product))) {
    throw invalid(`The coupon \`${coupon.id}\` does not apply to any of the products being purchased.`, couponParam);
  }
  return { coupon: coupon.id, promotionCode: promo?.id ?? null };
}

export function couponOf(ctx: Ctx, id: string): Stripe.Coupon | undefined {
  return ctx.app.store.find<Stripe.Coupon>(id, "coupon");
}

/** Counts a redemption on the coupon and the promotion code (the payment was made). */
export function redeem(ctx: Ctx, chosen: ChosenDiscount): void {
  const coupon = couponOf(ctx, chosen.coupon);
  if (coupon) {
    coupon.times_redeemed += 1;
    coupon.valid = couponValidNow(ctx, coupon);
    ctx.app.store.put(coupon);
  }
  if (chosen.promotionCode) {
    const promo = ctx.app.store.find<Stripe.PromotionCode>(chosen.promotionCode, "promotion_code");
    if (promo) {
      promo.times_redeemed += 1;
      ctx.app.store.put(promo);
    }
  }
}

/** Creates the Discount object applying a coupon (Checkout or a subscription). */
export function createDiscount(
  ctx: Ctx,
  chosen: ChosenDiscount,
  on: { customer: string | null; subscription: string | null; checkoutSession: string | null; start?: number },
): Stripe.Discount {
  const coupon = couponOf(ctx, chosen.coupon);
  if (!coupon) throw missing(chosen.coupon, "coupon", "discounts[0][coupon]");
  const start = on.start ?? ctx.app.now();
  const discount: Stripe.Discount = {
    id: newId("di"),
    object: "discount",
    checkout_session: on.checkoutSession,
    customer: on.customer,
    customer_account: null,
    end: coupon.duration === "repeating" && coupon.duration_in_months ? addInterval(start, "month", coupon.duration_in_months) : null,
    invoice: null,
    invoice_item: null,
    promotion_code: chosen.promotionCode,
    source: { coupon: coupon.id, type: "coupon" },
    start,
    subscription: on.subscription,
    subscription_item: null,
  };
  ctx.app.store.insert(discount, ctx.account, { coupon: clone(coupon) } satisfies DiscountMeta);
  return discount;
}

export function discountMeta(ctx: Ctx, id: string): DiscountMeta | undefined {
  return ctx.app.store.entry(id)?.meta as DiscountMeta | undefined;
}

/**
 * Whether a subscription's discount still applies to an invoice made at `at` with this
 * subtotal: forever always, repeating until its `end`, once for the first invoice that has
 * something to discount (a trial's zero invoice does not use it up).
 */
export function discountApplies(ctx: Ctx, discount: Stripe.Discount, at: number, subtotal: number): boolean {
  const meta = discountMeta(ctx, discount.id);
  if (!meta) return false;
  if (discount.end !== null && at >= discount.end) return false;
  if (meta.coupon.duration === "once") return !meta.used && subtotal > 0;
  return true;
}

export function markDiscountUsed(ctx: Ctx, discountId: string): void {
  const meta = discountMeta(ctx, discountId);
  if (meta && meta.coupon.duration === "once" && !meta.used) {
    meta.used = true;
    ctx.app.store.save();
  }
}

export function register(r: Router): void {
  r.post("/v1/coupons", (ctx, p) => createCoupon(ctx, p));
  r.get("/v1/coupons/:id", (ctx, _p, { id }) => loadCoupon(ctx, id));
  r.post("/v1/coupons/:id", (ctx, p, { id }) => {
    const before = loadCoupon(ctx, id);
    for (const k of IMMUTABLE_COUPON_PARAMS) if (p.has(k)) throw unknownParam(k);
    const after: Stripe.Coupon = clone(before);
    after.metadata = p.metadata(before.metadata ?? {});
    if (p.has("name")) after.name = p.str("name") || null;
    if (p.has("currency_options")) {
      if (before.amount_off === null) throw invalid("`currency_options` can only be set on coupons with `amount_off`.", "currency_options");
      after.currency_options = currencyOptionsFrom(p, before.currency_options ?? {});
    }
    const prev = changed(before, after);
    if (Object.keys(prev).length) {
      ctx.app.store.put(after);
      emit(ctx, "coupon.updated", after, { previous: prev });
    }
    return after;
  });
  r.del("/v1/coupons/:id", (ctx, _p, { id }) => {
    const coupon = loadCoupon(ctx, id);
    ctx.app.store.remove(id);
    emit(ctx, "coupon.deleted", coupon);
    const deleted: Stripe.DeletedCoupon = { id, object: "coupon", deleted: true };
    return deleted;
  });
  r.get("/v1/coupons", (ctx, p) => {
    const created = createdFilter(p);
    const list = ctx.app.store.list<Stripe.Coupon>("coupon", ctx.account, (c) => created(c.created)).map((c) => refreshCoupon(ctx, c));
    return paginate(list, p, "/v1/coupons");
  });

  r.post("/v1/promotion_codes", (ctx, p) => promoFor(ctx, p));
  r.get("/v1/promotion_codes/:id", (ctx, _p, { id }) => load<Stripe.PromotionCode>(ctx, id, "promotion_code", "promotion_code"));
  r.post("/v1/promotion_codes/:id", (ctx, p, { id }) => {
    const before = load<Stripe.PromotionCode>(ctx, id, "promotion_code", "promotion_code");
    const after: Stripe.PromotionCode = clone(before);
    after.metadata = p.metadata(before.metadata ?? {});
    const active = p.bool("active");
    if (active !== undefined) {
      if (active && !before.active) assertCodeFree(ctx, before.code, before.id);
      after.active = active;
    }
    const rp = p.obj("restrictions");
    if (rp) {
      const options = minimumOptions(rp, before.restrictions.currency_options ?? {});
      if (Object.keys(options).length) after.restrictions.currency_options = options;
    }
    const prev = changed(before, after);
    if (Object.keys(prev).length) {
      ctx.app.store.put(after);
      emit(ctx, "promotion_code.updated", after, { previous: prev });
    }
    return after;
  });
  r.get("/v1/promotion_codes", (ctx, p) => {
    const active = p.bool("active");
    const code = p.str("code")?.toLowerCase();
    const coupon = p.str("coupon");
    const customer = p.str("customer");
    const created = createdFilter(p);
    const list = ctx.app.store.list<Stripe.PromotionCode>(
      "promotion_code",
      ctx.account,
      (x) =>
        (active === undefined || x.active === active) &&
        (!code || x.code.toLowerCase() === code) &&
        (!coupon || couponIdOf(x) === coupon) &&
        (!customer || x.customer === customer) &&
        created(x.created),
    );
    return paginate(list, p, "/v1/promotion_codes");
  });
}
