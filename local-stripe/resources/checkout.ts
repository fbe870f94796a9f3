import type Stripe from "stripe";
import type { Ctx } from "../context.js";
import type { Router } from "../router.js";
import type { Params } from "../params.js";
import { StripeApiError, invalid } from "../errors.js";
import { newId, randomToken } from "../ids.js";
import { load } from "../common.js";
import { emit } from "../events.js";
import { paginate, createdFilter } from "../list.js";
import { lookupCard } from "../cards.js";
import { priceFromData } from "./catalog.js";
import { assertDestination } from "./accounts.js";
import { createCustomer } from "./customers.js";
import {
  attachPaymentMethod,
  confirmPaymentIntent,
  createPaymentIntent,
  createPaymentMethodFromCard,
  resolvePaymentMethod,
  setupFutureUsage,
  shippingFrom,
  wouldDecline,
} from "./payments.js";
import { startSubscription } from "./billing.js";
import { cardAftermath } from "./refunds.js";
import { allocateDiscount, checkDiscount, couponOf, createDiscount, redeem, resolveDiscounts, type ChosenDiscount } from "./discounts.js";

/** What the session keeps server-side besides the API object. */
export interface SessionMeta {
  lineItems: Stripe.LineItem[];
  /** The coupon or promotion code of `discounts` and the Discount object shown in the breakdown. */
  discount?: ChosenDiscount | null;
  discountId?: string | null;
  paymentIntentData: {
    applicationFeeAmount: number | null;
    destination: string | null;
    metadata: Stripe.Metadata;
    description: string | null;
    receiptEmail: string | null;
    shipping?: Stripe.PaymentIntent.Shipping | null;
    setupFutureUsage?: Stripe.PaymentIntent.SetupFutureUsage | null;
  };
  subscriptionData: {
    trialPeriodDays: number | null;
    applicationFeePercent: number | null;
    destination: string | null;
    amountPercent: number | null;
    metadata: Stripe.Metadata;
    description: string | null;
  };
}

export function sessionMeta(ctx: Ctx, id: string): SessionMeta {
  return ctx.app.store.entry(id)!.meta as unknown as SessionMeta;
}

function lineItemFrom(ctx: Ctx, li: Params, mode: string): Stripe.LineItem {
  const pd = li.obj("price_data");
  const price = pd ? priceFromData(ctx, pd) : load<Stripe.Price>(ctx, li.reqStr("price"), "price", "price", "line_items[0][price]");
  if (!price.active && !pd) throw invalid(`The price \`${price.id}\` is not active.`, "line_items[0][price]");
  if (mode === "payment" && price.type === "recurring") {
    throw invalid("You specified `payment` mode but passed a recurring price. Either switch to `subscription` mode or use only one-time prices.", "line_items[0][price]");
  }
  const quantity = li.int("quantity") ?? 1;
  if (quantity < 1) throw invalid("Invalid positive integer", "line_items[0][quantity]");
  const product = ctx.app.store.find<Stripe.Product>(price.product as string, "product");
  if (price.custom_unit_amount && mode !== "payment") throw invalid("Prices with `custom_unit_amount` can only be used in `payment` mode.", "line_items[0][price]");
  if (price.custom_unit_amount && quantity !== 1) throw invalid("Line items with a `custom_unit_amount` price must have a quantity of 1.", "line_items[0][quantity]");
  // a pay-what-you-want price starts at its preset; the buyer picks the amount when paying
  const unit = price.custom_unit_amount ? (price.custom_unit_amount.preset ?? price.custom_unit_amount.minimum ?? 0) : (price.unit_amount ?? 0);
  const amount = unit * quantity;
  return {
    id: newId("li"),
    object: "item",
    adjustable_quantity: null,
    amount_discount: 0,
    amount_subtotal: amount,
    amount_tax: 0,
    amount_total: amount,
    currency: price.currency,
    description: product?.name ?? null,
    metadata: {},
    price,
    quantity,
  };
}

function productOf(li: Stripe.LineItem): string {
  const prod = li.price?.product;
  return typeof prod === "string" ? prod : (prod?.id ?? "");
}

/** The lines a discount is checked against: in subscription mode the recurring ones (the first invoice). */
function discountTarget(ctx: Ctx, lineItems: Stripe.LineItem[], mode: string, currency: string, customer: string | null, email: string | null) {
  const lines = lineItems.filter((l) => mode !== "subscription" || l.price?.type === "recurring").map((l) => ({ product: productOf(l), amount: l.amount_subtotal }));
  return { currency, lines, customer, email };
}

/** Sets each line's discount and total; returns the session's subtotal, discount and total. */
function totals(ctx: Ctx, lineItems: Stripe.LineItem[], mode: string, currency: string, chosen: ChosenDiscount | null | undefined) {
  const coupon = chosen ? couponOf(ctx, chosen.coupon) : undefined;
  const eligible = lineItems.map((l) => mode !== "subscription" || l.price?.type === "recurring");
  const parts = coupon
    ? allocateDiscount(coupon, currency, lineItems.map((l, i) => ({ product: productOf(l), amount: eligible[i] ? l.amount_subtotal : 0 })))
    : lineItems.map(() => 0);
  lineItems.forEach((l, i) => {
    l.amount_discount = parts[i];
    l.amount_total = l.amount_subtotal - parts[i];
  });
  const subtotal = lineItems.reduce((s, l) => s + l.amount_subtotal, 0);
  const discount = parts.reduce((s, x) => s + x, 0);
  return { subtotal, discount, total: subtotal - discount };
}

/** The buyer's amount for a pay-what-you-want line (minor units), within the price's bounds. */
function chooseCustomAmount(ctx: Ctx, session: Stripe.Checkout.Session, meta: SessionMeta, amount: number | null): void {
  const line = meta.lineItems.find((l) => l.price?.custom_unit_amount);
  if (!line) return;
  const cua = line.price!.custom_unit_amount!;
  const chosen = amount ?? cua.preset;
  if (chosen === null) throw invalid("Enter an amount to pay.", "custom_unit_amount", "parameter_missing");
  const min = cua.minimum ?? 1;
  if (chosen < min) throw invalid(`The amount must be at least ${min}.`, "custom_unit_amount");
  if (cua.maximum !== null && chosen > cua.maximum) throw invalid(`The amount must be at most ${cua.maximum}.`, "custom_unit_amount");
  line.amount_subtotal = chosen * (line.quantity ?? 1);
  const t = totals(ctx, meta.lineItems, session.mode, session.currency ?? "usd", meta.discount);
  session.amount_subtotal = t.subtotal;
  session.amount_total = t.total;
  if (session.total_details) session.total_details.amount_discount = t.discount;
  ctx.app.store.put(session);
}

function createSession(ctx: Ctx, p: Params): Stripe.Checkout.Session {
  const mode = p.oneOf("mode", ["payment", "subscription", "setup"] as const);
  if (!mode) throw invalid("Missing required param: mode.", "mode", "parameter_missing");
  if (mode === "setup") throw invalid("Local Stripe does not support `setup` mode.", "mode");
  const uiMode = p.str("ui_mode") ?? "hosted";
  const successUrl = p.str("success_url") ?? null;
  if (uiMode === "hosted" && !successUrl) throw invalid("Missing required param: success_url.", "success_url", "parameter_missing");
  const lineParams = p.arr("line_items");
  if (!lineParams.length) throw invalid("Missing required param: line_items.", "line_items", "parameter_missing");
  const lineItems = lineParams.map((li) => lineItemFrom(ctx, li, mode));
  if (mode === "subscription" && !lineItems.some((l) => l.price?.type === "recurring")) {
    throw invalid("You must provide at least one recurring price in `subscription` mode when using prices.", "line_items");
  }
  const currency = lineItems[0].currency;
  if (lineItems.some((l) => l.currency !== currency)) throw invalid("All line items must have the same currency.", "line_items");
  const methodTypes = p.strArr("payment_method_types");
  const paymentMethodTypes = methodTypes.length ? methodTypes : ["card"];
  for (const t of paymentMethodTypes) {
    if (t !== "card" && t !== "sepa_debit") throw invalid(`Local Stripe supports only the card and sepa_debit payment method types, not ${t}.`, "payment_method_types");
  }
  if (paymentMethodTypes.includes("sepa_debit")) {
    if (mode !== "payment") throw invalid("Local Stripe supports sepa_debit in `payment` mode only.", "payment_method_types");
    if (currency !== "eur") throw invalid(`The currency provided (${currency}) is invalid for one or more payment method types (sepa_debit).`, "payment_method_types");
  }
  const customerId = p.str("customer") ?? null;
  const customerEmail = p.str("customer_email") ?? null;
  if (customerId) load<Stripe.Customer>(ctx, customerId, "customer", "customer", "customer");
  const now = ctx.app.now();
  const expiresAt = p.int("expires_at") ?? now + 24 * 3600;
  if (expiresAt < now + 30 * 60 - 5 || expiresAt > now + 24 * 3600 + 5) {
    throw invalid("The `expires_at` timestamp must be between 30 minutes and 24 hours from Checkout Session creation.", "expires_at");
  }
  const pid = p.obj("payment_intent_data");
  const sd = p.obj("subscription_data");
  if (pid && mode !== "payment") throw invalid("You can not pass `payment_intent_data` in `subscription` mode.", "payment_intent_data");
  if (sd && mode !== "subscription") throw invalid("You can only pass `subscription_data` in `subscription` mode.", "subscription_data");
  const pidDest = pid?.obj("transfer_data")?.reqStr("destination") ?? null;
  const sdDest = sd?.obj("transfer_data")?.reqStr("destination") ?? null;
  for (const [dest, param] of [
    [pidDest, "payment_intent_data[transfer_data][destination]"],
    [sdDest, "subscription_data[transfer_data][destination]"],
  ] as const) {
    if (dest) assertDestination(ctx, dest, param);
  }
  const trialDays = sd?.int("trial_period_days") ?? null;
  if (trialDays !== null && (trialDays < 1 || trialDays > 730)) throw invalid("The trial period must be between 1 and 730 days.", "subscription_data[trial_period_days]");
  if (p.has("discounts") && p.bool("allow_promotion_codes")) {
    throw invalid("You may only specify one of these parameters: allow_promotion_codes, discounts.", "allow_promotion_codes");
  }
  const knownEmail = customerEmail ?? (customerId ? (ctx.app.store.find<Stripe.Customer>(customerId, "customer")?.email ?? null) : null);
  const chosen = resolveDiscounts(ctx, p, "discounts", discountTarget(ctx, lineItems, mode, currency, customerId, knownEmail));
  const { subtotal, total: discounted, discount: discountAmount } = totals(ctx, lineItems, mode, currency, chosen);
  const fee = pid?.int("application_fee_amount") ?? null;
  // Stripe checks the fee against what the buyer pays, after discounts
  if (fee !== null && fee > discounted) throw invalid("The application fee amount cannot be greater than the amount.", "payment_intent_data[application_fee_amount]");
  const feePercent = sd?.num("application_fee_percent") ?? null;
  if (feePercent !== null && (feePercent < 0 || feePercent > 100)) throw invalid("Invalid application_fee_percent", "subscription_data[application_fee_percent]");
  const id = `cs_test_${randomToken(58)}`;
  const trialing = mode === "subscription" && !!trialDays;
  const total = trialing ? 0 : discounted;
  const session: Stripe.Checkout.Session = {
    id,
    object: "checkout.session",
    adaptive_pricing: { enabled: false },
    after_expiration: null,
    allow_promotion_codes: p.bool("allow_promotion_codes") ?? null,
    allowed_payment_method_types: null,
    amount_subtotal: subtotal,
    amount_total: total,
    automatic_tax: { enabled: false, liability: null, provider: null, status: null },
    billing_address_collection: null,
    cancel_url: p.str("cancel_url") ?? null,
    client_reference_id: p.str("client_reference_id") ?? null,
    client_secret: uiMode === "hosted" ? null : `${id}_secret_${randomToken(24)}`,
    collected_information: null,
    consent: null,
    consent_collection: null,
    created: now,
    currency,
    currency_conversion: null,
    custom_fields: [],
    custom_text: { after_submit: null, shipping_address: null, submit: null, terms_of_service_acceptance: null },
    customer: customerId,
    customer_account: null,
    customer_creation: customerId || mode === "subscription" ? null : (p.oneOf("customer_creation", ["always", "if_required"] as const) ?? "if_required"),
    customer_details: null,
    customer_email: customerEmail,
    discounts: chosen ? [{ coupon: chosen.coupon, promotion_code: chosen.promotionCode }] : [],
    expires_at: expiresAt,
    integration_identifier: null,
    invoice: null,
    invoice_creation:
      mode === "payment"
        ? {
            enabled: false,
            invoice_data: { account_tax_ids: null, custom_fields: null, description: null, footer: null, issuer: null, metadata: {}, rendering_options: null },
          }
        : null,
    livemode: false,
    locale: null,
    managed_payments: null,
    metadata: p.metadata({}),
    mode,
    origin_context: null,
    payment_intent: null,
    payment_link: null,
    payment_method_collection: mode === "subscription" ? "always" : null,
    payment_method_configuration_details: null,
    payment_method_options: paymentMethodTypes.includes("card") ? { card: { request_three_d_secure: "automatic" } } : {},
    payment_method_types: paymentMethodTypes,
    payment_status: "unpaid",
    permissions: null,
    phone_number_collection: { enabled: false },
    recovered_from: null,
    saved_payment_method_options: null,
    setup_intent: null,
    shipping_address_collection: null,
    shipping_cost: null,
    shipping_options: [],
    status: "open",
    submit_type: null,
    subscription: null,
    success_url: successUrl,
    total_details: { amount_discount: trialing ? 0 : discountAmount, amount_shipping: 0, amount_tax: 0 },
    ui_mode: uiMode as Stripe.Checkout.Session.UiMode,
    url: uiMode === "hosted" ? `${ctx.app.config.publicUrl}/checkout/${id}` : null,
    wallet_options: null,
  };
  const meta: SessionMeta = {
    lineItems,
    discount: chosen,
    discountId: chosen ? createDiscount(ctx, chosen, { customer: customerId, subscription: null, checkoutSession: id }).id : null,
    paymentIntentData: {
      applicationFeeAmount: fee,
      destination: pidDest,
      metadata: pid ? pid.metadata({}) : {},
      description: pid?.str("description") ?? null,
      receiptEmail: pid?.str("receipt_email") ?? null,
      shipping: shippingFrom(pid?.obj("shipping")),
      setupFutureUsage: pid ? setupFutureUsage(pid) : null,
    },
    subscriptionData: {
      trialPeriodDays: trialDays,
      applicationFeePercent: feePercent,
      destination: sdDest,
      amountPercent: sd?.obj("transfer_data")?.num("amount_percent") ?? null,
      metadata: sd ? sd.metadata({}) : {},
      description: sd?.str("description") ?? null,
    },
  };
  ctx.app.store.insert(session, ctx.account, meta as unknown as Record<string, unknown>);
  return session;
}

/** Marks an open session whose expires_at has passed as expired (emits checkout.session.expired). */
export function expireIfDue(ctx: Ctx, session: Stripe.Checkout.Session, force = false): Stripe.Checkout.Session {
  if (session.status !== "open") return session;
  if (!force && session.expires_at > ctx.app.now()) return session;
  session.status = "expired";
  session.url = null;
  ctx.app.store.put(session);
  emit(ctx, "checkout.session.expired", session);
  return session;
}

export type PayResult =
  | { status: "succeeded"; session: Stripe.Checkout.Session; redirect: string | null }
  | { status: "declined"; session: Stripe.Checkout.Session; message: string; code: string; decline_code: string };

function successRedirect(session: Stripe.Checkout.Session): string | null {
  return session.success_url ? session.success_url.replace(/\{CHECKOUT_SESSION_ID\}/g, session.id) : null;
}

function openSession(ctx: Ctx, session: Stripe.Checkout.Session): void {
  expireIfDue(ctx, session);
  if (session.status === "complete") {
    throw invalid("This Checkout Session is no longer active.", null, "checkout_session_already_completed");
  }
  if (session.status !== "open") {
    throw invalid("This Checkout Session is no longer active.", null, "checkout_session_expired");
  }
}

/** Pays a session with a payment method: the one path used by the page, the CLI and the test control. */
export function payCheckoutSession(
  ctx: Ctx,
  session: Stripe.Checkout.Session,
  pm: Stripe.PaymentMethod,
  emailInput: string | null,
  opts: { customAmount?: number | null } = {},
): PayResult {
  openSession(ctx, session);
  const meta = sessionMeta(ctx, session.id);
  const existingCustomer = typeof session.customer === "string" ? ctx.app.store.find<Stripe.Customer>(session.customer, "customer") : undefined;
  const email = session.customer_email ?? emailInput ?? existingCustomer?.email ?? pm.billing_details.email ?? null;
  if (!email) throw invalid("Missing required param: email.", "email", "parameter_missing");
  chooseCustomAmount(ctx, session, meta, opts.customAmount ?? null);
  if (meta.discount) {
    // the code may have been used up, expired or deactivated meanwhile; first-time-only codes need the buyer's email
    checkDiscount(ctx, meta.discount, discountTarget(ctx, meta.lineItems, session.mode, session.currency ?? "usd", existingCustomer?.id ?? null, email));
  }
  const fee = meta.paymentIntentData.applicationFeeAmount;
  if (session.mode === "payment" && fee !== null && fee > (session.amount_total ?? 0)) {
    throw invalid("The application fee amount cannot be greater than the amount.", "payment_intent_data[application_fee_amount]");
  }
  if (!pm.billing_details.email) {
    pm.billing_details.email = email;
    ctx.app.store.put(pm);
  }
  const details: Stripe.Checkout.Session.CustomerDetails = {
    address: { city: null, country: "US", line1: null, line2: null, postal_code: null, state: null },
    business_name: null,
    email,
    individual_name: null,
    name: pm.billing_details.name,
    phone: null,
    tax_exempt: "none",
    tax_ids: [],
  };

  if (!session.payment_method_types.includes(pm.type)) {
    throw invalid(`The PaymentMethod provided (${pm.type}) is not allowed for this Checkout Session.`, "payment_method");
  }
  if (session.mode === "subscription") {
    const decline = wouldDecline(ctx, pm);
    if (decline) return { status: "declined", session, message: decline.message, code: decline.code, decline_code: decline.decline_code };
    const customer = existingCustomer ?? createCustomer(ctx, { email, name: pm.billing_details.name });
    attachPaymentMethod(ctx, pm, customer.id);
    const sd = meta.subscriptionData;
    const { sub, invoice, outcome } = startSubscription(
      ctx,
      {
        customer: customer.id,
        items: meta.lineItems.filter((l) => l.price?.type === "recurring").map((l) => ({ price: l.price!, quantity: l.quantity ?? 1 })),
        trialPeriodDays: sd.trialPeriodDays,
        applicationFeePercent: sd.applicationFeePercent,
        transferDestination: sd.destination,
        transferAmountPercent: sd.amountPercent,
        metadata: sd.metadata,
        defaultPaymentMethod: pm.id,
        description: sd.description,
        discount: meta.discount ? { ...meta.discount, checkoutSession: session.id } : null,
      },
      pm,
    );
    if (!outcome.paid) {
      return { status: "declined", session, message: outcome.message ?? "Your card was declined.", code: "card_declined", decline_code: "generic_decline" };
    }
    session.customer = customer.id;
    session.subscription = sub.id;
    session.invoice = invoice.id;
    session.customer_details = details;
    session.status = "complete";
    session.payment_status = invoice.amount_paid > 0 ? "paid" : "no_payment_required";
    session.url = null;
    ctx.app.store.put(session);
    if (meta.discount) redeem(ctx, meta.discount);
    emit(ctx, "checkout.session.completed", session);
    if (outcome.followUp && outcome.charge) cardAftermath(ctx, outcome.charge);
    return { status: "succeeded", session, redirect: successRedirect(session) };
  }

  let customerId = existingCustomer?.id ?? null;
  if (!customerId && session.customer_creation === "always") {
    customerId = createCustomer(ctx, { email, name: pm.billing_details.name }).id;
    session.customer = customerId;
  }
  if ((session.amount_total ?? 0) === 0) {
    // a fully discounted order: nothing is charged
    session.customer_details = details;
    session.status = "complete";
    session.payment_status = "no_payment_required";
    session.url = null;
    ctx.app.store.put(session);
    if (meta.discount) redeem(ctx, meta.discount);
    emit(ctx, "checkout.session.completed", session);
    return { status: "succeeded", session, redirect: successRedirect(session) };
  }
  const pid = meta.paymentIntentData;
  let pi = typeof session.payment_intent === "string" ? ctx.app.store.find<Stripe.PaymentIntent>(session.payment_intent, "payment_intent") : undefined;
  if (pi && pi.amount !== session.amount_total) {
    // the buyer chose another amount after a declined attempt
    pi.amount = session.amount_total ?? 0;
    ctx.app.store.put(pi);
  }
  if (!pi) {
    pi = createPaymentIntent(ctx, {
      amount: session.amount_total ?? 0,
      currency: session.currency ?? "usd",
      customer: customerId,
      description: pid.description,
      metadata: pid.metadata,
      applicationFeeAmount: pid.applicationFeeAmount,
      destination: pid.destination,
      receiptEmail: pid.receiptEmail ?? email,
      shipping: pid.shipping ?? null,
      setupFutureUsage: pid.setupFutureUsage ?? null,
      paymentMethodTypes: session.payment_method_types,
    });
    session.payment_intent = pi.id;
    ctx.app.store.put(session);
  }
  const result = confirmPaymentIntent(ctx, pi, pm);
  if (result.error) {
    const e = result.error;
    return {
      status: "declined",
      session,
      message: e.message,
      code: e.code ?? "card_declined",
      decline_code: String(e.extra.decline_code ?? "generic_decline"),
    };
  }
  session.customer_details = details;
  session.status = "complete";
  // a bank debit is still processing: paid later (checkout.session.async_payment_succeeded)
  session.payment_status = result.processing ? "unpaid" : "paid";
  session.url = null;
  ctx.app.store.put(session);
  if (meta.discount) redeem(ctx, meta.discount);
  emit(ctx, "checkout.session.completed", session);
  if (result.followUp) cardAftermath(ctx, result.charge);
  return { status: "succeeded", session, redirect: successRedirect(session) };
}

/** A session's delayed payment settled: async_payment_succeeded (now paid) or async_payment_failed. */
export function afterAsyncPayment(ctx: Ctx, pi: Stripe.PaymentIntent, succeeded: boolean): void {
  const session = ctx.app.store.list<Stripe.Checkout.Session>("checkout.session", ctx.account, (s) => s.payment_intent === pi.id)[0];
  if (!session || session.status !== "complete") return;
  if (succeeded) {
    session.payment_status = "paid";
    ctx.app.store.put(session);
    emit(ctx, "checkout.session.async_payment_succeeded", session);
  } else {
    emit(ctx, "checkout.session.async_payment_failed", session);
  }
}

/** Pays with a raw card number (hosted page and test control). */
export function payWithCard(
  ctx: Ctx,
  session: Stripe.Checkout.Session,
  cardNumber: string,
  email: string | null,
  name: string | null = null,
  opts: { customAmount?: number | null } = {},
): PayResult {
  openSession(ctx, session);
  const card = lookupCard(cardNumber);
  if (!card) throw new StripeApiError(402, "card_error", "Your card number is incorrect.", "incorrect_number", "card[number]");
  const pm = createPaymentMethodFromCard(ctx, card, { email, name });
  return payCheckoutSession(ctx, session, pm, email, opts);
}

function withLineItems(ctx: Ctx, session: Stripe.Checkout.Session, p: Params): Stripe.Checkout.Session {
  let current = expireIfDue(ctx, session);
  const paths = p.strArr("expand");
  const meta = sessionMeta(ctx, session.id);
  if (paths.includes("total_details.breakdown") && current.total_details) {
    const discount = meta.discountId ? ctx.app.store.find<Stripe.Discount>(meta.discountId, "discount") : undefined;
    const breakdown = { discounts: discount && current.total_details.amount_discount > 0 ? [{ amount: current.total_details.amount_discount, discount }] : [], taxes: [] };
    current = { ...current, total_details: { ...current.total_details, breakdown } };
  }
  if (!paths.includes("line_items")) return current;
  return { ...current, line_items: { object: "list", data: meta.lineItems, has_more: false, url: `/v1/checkout/sessions/${session.id}/line_items` } };
}

function paymentPage(ctx: Ctx, session: Stripe.Checkout.Session) {
  const meta = sessionMeta(ctx, session.id);
  return {
    object: "checkout.session",
    id: session.id,
    session_id: session.id,
    mode: session.mode,
    status: session.status,
    payment_status: session.payment_status,
    amount_subtotal: session.amount_subtotal,
    amount_total: session.amount_total,
    total_details: session.total_details,
    discounts: session.discounts,
    currency: session.currency,
    customer_email: session.customer_email,
    line_items: { object: "list", data: meta.lineItems, has_more: false, url: `/v1/payment_pages/${session.id}/line_items` },
    success_url: session.success_url,
    cancel_url: session.cancel_url,
    url: session.url,
  };
}

export function register(r: Router): void {
  r.post("/v1/checkout/sessions", (ctx, p) => createSession(ctx, p));
  r.get("/v1/checkout/sessions/:id", (ctx, p, { id }) =>
    withLineItems(ctx, load<Stripe.Checkout.Session>(ctx, id, "checkout.session", "checkout.session"), p),
  );
  r.get("/v1/checkout/sessions/:id/line_items", (ctx, p, { id }) => {
    load(ctx, id, "checkout.session", "checkout.session");
    return paginate(sessionMeta(ctx, id).lineItems, p, `/v1/checkout/sessions/${id}/line_items`);
  });
  r.post("/v1/checkout/sessions/:id/expire", (ctx, _p, { id }) => {
    const s = load<Stripe.Checkout.Session>(ctx, id, "checkout.session", "checkout.session");
    if (s.status !== "open") {
      throw invalid(`Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of "${s.status}".`, null, "checkout_session_not_open");
    }
    return expireIfDue(ctx, s, true);
  });
  r.post("/v1/checkout/sessions/:id", (ctx, p, { id }) => {
    const s = load<Stripe.Checkout.Session>(ctx, id, "checkout.session", "checkout.session");
    s.metadata = p.metadata(s.metadata ?? {});
    ctx.app.store.put(s);
    return s;
  });
  r.get("/v1/checkout/sessions", (ctx, p) => {
    const pi = p.str("payment_intent");
    const sub = p.str("subscription");
    const customer = p.str("customer");
    const status = p.str("status");
    const created = createdFilter(p);
    const list = ctx.app.store
      .list<Stripe.Checkout.Session>(
        "checkout.session",
        ctx.account,
        (s) =>
          (!pi || s.payment_intent === pi) &&
          (!sub || s.subscription === sub) &&
          (!customer || s.customer === customer) &&
          created(s.created),
      )
      .map((s) => expireIfDue(ctx, s))
      .filter((s) => !status || s.status === status);
    return paginate(list, p, "/v1/checkout/sessions");
  });

  r.get("/v1/payment_pages/:id", (ctx, _p, { id }) => {
    const s = load<Stripe.Checkout.Session>(ctx, id, "checkout.session", "checkout.session");
    return paymentPage(ctx, expireIfDue(ctx, s));
  });
  r.post("/v1/payment_pages/:id/confirm", (ctx, p, { id }) => {
    const s = load<Stripe.Checkout.Session>(ctx, id, "checkout.session", "checkout.session");
    const expected = p.int("expected_amount");
    if (expected !== undefined && expected !== s.amount_total) {
      throw invalid(`The expected amount (${expected}) does not match the amount due (${s.amount_total}).`, "expected_amount");
    }
    const pmId = p.reqStr("payment_method");
    const pm = resolvePaymentMethod(ctx, pmId);
    const result = payCheckoutSession(ctx, s, pm, p.str("email") ?? null);
    if (result.status === "declined") {
      throw new StripeApiError(402, "card_error", result.message, result.code, null, { decline_code: result.decline_code });
    }
    return { ...paymentPage(ctx, result.session), status: "complete" };
  });
}
