import type Stripe from "stripe";
import type { Ctx } from "../context.js";
import type { Router } from "../router.js";
import type { Params } from "../params.js";
import { StripeApiError, invalid, missing } from "../errors.js";
import { cardAftermath } from "./refunds.js";
import { newId } from "../ids.js";
import { addInterval, dec, load } from "../common.js";
import { emit, changed } from "../events.js";
import { paginate, createdFilter } from "../list.js";
import { cardError, confirmPaymentIntent, createPaymentIntent, resolvePaymentMethod, wouldDecline } from "./payments.js";
import { decline as declineOf, type Decline } from "../cards.js";
import { priceFromData } from "./catalog.js";
import { allocateDiscount, createDiscount, discountApplies, discountMeta, markDiscountUsed, redeem, resolveDiscounts, type ChosenDiscount } from "./discounts.js";

export interface SubscriptionMeta {
  failNext?: boolean;
  trialWillEndSent?: boolean;
}

function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

export function planOf(price: Stripe.Price): Stripe.Plan {
  return {
    id: price.id,
    object: "plan",
    active: price.active,
    amount: price.unit_amount,
    amount_decimal: price.unit_amount_decimal,
    billing_scheme: "per_unit",
    created: price.created,
    currency: price.currency,
    interval: price.recurring?.interval ?? "month",
    interval_count: price.recurring?.interval_count ?? 1,
    livemode: false,
    metadata: price.metadata,
    meter: null,
    nickname: price.nickname,
    product: typeof price.product === "string" ? price.product : price.product.id,
    tiers_mode: null,
    transform_usage: null,
    trial_period_days: price.recurring?.trial_period_days ?? null,
    usage_type: "licensed",
  };
}

export function periodOf(sub: Stripe.Subscription): { start: number; end: number } {
  const item = sub.items.data[0];
  return { start: item.current_period_start, end: item.current_period_end };
}

function setPeriod(sub: Stripe.Subscription, start: number, end: number): void {
  for (const item of sub.items.data) {
    item.current_period_start = start;
    item.current_period_end = end;
  }
}

function idOf(v: string | { id: string } | null | undefined): string | null {
  return typeof v === "string" ? v : (v?.id ?? null);
}

function tryResolve(ctx: Ctx, id: string | null): Stripe.PaymentMethod | null {
  if (!id) return null;
  try {
    return resolvePaymentMethod(ctx, id);
  } catch {
    return null;
  }
}

/**
 * The payment method an invoice of this customer is charged with, as Stripe picks it: the
 * subscription's default payment method or source, the customer's invoice default payment
 * method, the customer's default source, then any attached payment method.
 */
export function defaultPaymentMethod(ctx: Ctx, customerId: string, sub?: Pick<Stripe.Subscription, "default_payment_method" | "default_source"> | null): Stripe.PaymentMethod | null {
  const c = ctx.app.store.find<Stripe.Customer>(customerId, "customer");
  const candidates = [
    idOf(sub?.default_payment_method),
    idOf(sub?.default_source as string | { id: string } | null | undefined),
    idOf(c?.invoice_settings.default_payment_method),
    idOf(c?.default_source as string | { id: string } | null | undefined),
  ];
  for (const id of candidates) {
    const pm = tryResolve(ctx, id);
    if (pm) return pm;
  }
  const attached = ctx.app.store.list<Stripe.PaymentMethod>("payment_method", ctx.account, (m) => m.customer === customerId);
  return attached[0] ?? null;
}

function customerDefaultPm(ctx: Ctx, sub: Stripe.Subscription): Stripe.PaymentMethod | null {
  return defaultPaymentMethod(ctx, sub.customer as string, sub);
}

export interface SubscriptionInput {
  customer: string;
  items: Array<{ price: Stripe.Price; quantity: number }>;
  trialPeriodDays?: number | null;
  trialEnd?: number | null;
  applicationFeePercent?: number | null;
  transferDestination?: string | null;
  transferAmountPercent?: number | null;
  metadata?: Stripe.Metadata;
  defaultPaymentMethod?: string | null;
  defaultSource?: string | null;
  description?: string | null;
  cancelAtPeriodEnd?: boolean;
  /** The first invoice is collected off-session (`off_session=true`). */
  offSession?: boolean;
  /** A coupon or promotion code for the subscription (Checkout's `discounts`). */
  discount?: (ChosenDiscount & { checkoutSession?: string | null }) | null;
}

function buildSubscription(ctx: Ctx, input: SubscriptionInput): Stripe.Subscription {
  const now = ctx.app.now();
  const id = newId("sub");
  const first = input.items[0].price;
  const interval = first.recurring?.interval ?? "month";
  const count = first.recurring?.interval_count ?? 1;
  const trialEnd = input.trialEnd ?? (input.trialPeriodDays ? now + input.trialPeriodDays * 86400 : null);
  const periodEnd = trialEnd ?? addInterval(now, interval, count);
  const items: Stripe.SubscriptionItem[] = input.items.map(({ price, quantity }) => ({
    id: newId("si", 14),
    object: "subscription_item",
    billing_thresholds: null,
    created: now,
    current_period_end: periodEnd,
    current_period_start: now,
    current_trial: null,
    discounts: [],
    metadata: {},
    plan: planOf(price),
    price,
    quantity,
    subscription: id,
    tax_rates: [],
  }));
  return {
    id,
    object: "subscription",
    application: null,
    application_fee_percent: input.applicationFeePercent ?? null,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null },
    billing_cycle_anchor: periodEnd === now ? now : trialEnd ?? now,
    billing_cycle_anchor_config: null,
    billing_mode: { flexible: null, type: "classic" },
    billing_schedules: [],
    billing_thresholds: null,
    cancel_at: input.cancelAtPeriodEnd ? periodEnd : null,
    cancel_at_period_end: input.cancelAtPeriodEnd ?? false,
    canceled_at: input.cancelAtPeriodEnd ? now : null,
    cancellation_details: { comment: null, feedback: null, feedback_option: null, reason: null },
    collection_method: "charge_automatically",
    created: now,
    currency: first.currency,
    customer: input.customer,
    customer_account: null,
    days_until_due: null,
    default_payment_method: input.defaultPaymentMethod ?? null,
    default_source: input.defaultSource ?? null,
    default_tax_rates: [],
    description: input.description ?? null,
    discounts: [],
    ended_at: null,
    invoice_settings: { account_tax_ids: null, custom_fields: null, description: null, footer: null, issuer: { type: "self" } },
    items: { object: "list", data: items, has_more: false, url: `/v1/subscription_items?subscription=${id}` },
    latest_invoice: null,
    livemode: false,
    managed_payments: null,
    metadata: input.metadata ?? {},
    next_pending_invoice_item_invoice: null,
    on_behalf_of: null,
    pause_collection: null,
    payment_settings: {
      payment_method_options: null,
      payment_method_types: null,
      save_default_payment_method: "off",
    },
    pending_invoice_item_interval: null,
    pending_setup_intent: null,
    pending_update: null,
    schedule: null,
    start_date: now,
    status: "incomplete",
    test_clock: null,
    transfer_data: input.transferDestination ? { amount_percent: input.transferAmountPercent ?? null, destination: input.transferDestination } : null,
    trial_end: trialEnd,
    trial_settings: { end_behavior: { billing_cycle_anchor: null, missing_payment_method: "create_invoice" } },
    trial_start: trialEnd ? now : null,
  };
}

interface LineInput {
  amount: number;
  description: string;
  quantity: number;
  price: Stripe.Price | null;
  period: { start: number; end: number };
  subscription: string | null;
  subscriptionItem: string | null;
  invoiceItem: string | null;
}

function productId(price: Stripe.Price | null): string {
  if (!price) return "";
  return typeof price.product === "string" ? price.product : price.product.id;
}

/** The subscription's discount that applies to an invoice made now, with each line's share. */
function invoiceDiscount(ctx: Ctx, subscription: Stripe.Subscription | null, currency: string, lines: LineInput[]): { id: string; parts: number[] } | null {
  if (!subscription) return null;
  const subtotal = lines.reduce((s, l) => s + l.amount, 0);
  for (const ref of subscription.discounts) {
    const id = typeof ref === "string" ? ref : ref.id;
    const discount = ctx.app.store.find<Stripe.Discount>(id, "discount");
    if (!discount || !discountApplies(ctx, discount, ctx.app.now(), subtotal)) continue;
    const coupon = discountMeta(ctx, id)!.coupon;
    const parts = allocateDiscount(coupon, currency, lines.map((l) => ({ product: productId(l.price), amount: l.amount })));
    return { id, parts };
  }
  return null;
}

export function buildInvoice(
  ctx: Ctx,
  opts: {
    customer: Stripe.Customer;
    currency: string;
    lines: LineInput[];
    billingReason: Stripe.Invoice.BillingReason;
    subscription: Stripe.Subscription | null;
    description?: string | null;
    periodStart: number;
    periodEnd: number;
  },
): Stripe.Invoice {
  const now = ctx.app.now();
  const id = newId("in");
  const subtotal = opts.lines.reduce((s, l) => s + l.amount, 0);
  const applied = invoiceDiscount(ctx, opts.subscription, opts.currency, opts.lines);
  const discountTotal = applied ? applied.parts.reduce((s, x) => s + x, 0) : 0;
  const total = subtotal - discountTotal;
  if (applied) markDiscountUsed(ctx, applied.id);
  const lines: Stripe.InvoiceLineItem[] = opts.lines.map((l, i) => ({
    id: newId("il"),
    object: "line_item",
    amount: l.amount,
    currency: opts.currency,
    description: l.description,
    discount_amounts: applied ? [{ amount: applied.parts[i], discount: applied.id }] : [],
    discountable: true,
    discounts: [],
    invoice: id,
    livemode: false,
    metadata: {},
    parent: l.subscriptionItem
      ? {
          type: "subscription_item_details",
          invoice_item_details: null,
          subscription_item_details: {
            invoice_item: null,
            proration: false,
            proration_details: { credited_items: null },
            subscription: l.subscription,
            subscription_item: l.subscriptionItem,
          },
        }
      : {
          type: "invoice_item_details",
          subscription_item_details: null,
          invoice_item_details: {
            invoice_item: l.invoiceItem ?? "",
            proration: false,
            proration_details: { credited_items: null },
            subscription: null,
          },
        },
    period: l.period,
    pretax_credit_amounts: [],
    pricing: l.price
      ? {
          type: "price_details",
          price_details: { price: l.price.id, product: typeof l.price.product === "string" ? l.price.product : l.price.product.id },
          unit_amount_decimal: l.price.unit_amount_decimal,
        }
      : { type: "price_details", unit_amount_decimal: dec(l.amount) },
    quantity: l.quantity,
    quantity_decimal: dec(l.quantity),
    subscription: l.subscription,
    subtotal: l.amount,
    taxes: [],
  }));
  const invoice: Stripe.Invoice = {
    id,
    object: "invoice",
    account_country: "US",
    account_name: "Local Stripe",
    account_tax_ids: null,
    amount_due: total,
    amount_overpaid: 0,
    amount_paid: 0,
    amount_remaining: total,
    amount_shipping: 0,
    application: null,
    attempt_count: 0,
    attempted: false,
    auto_advance: true,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null, provider: null, status: null },
    automatically_finalizes_at: null,
    billing_reason: opts.billingReason,
    collection_method: "charge_automatically",
    created: now,
    currency: opts.currency,
    custom_fields: null,
    customer: opts.customer.id,
    customer_account: null,
    customer_address: null,
    customer_email: opts.customer.email,
    customer_name: opts.customer.name ?? null,
    customer_phone: null,
    customer_shipping: null,
    customer_tax_exempt: "none",
    customer_tax_ids: [],
    default_payment_method: null,
    default_source: null,
    default_tax_rates: [],
    description: opts.description ?? null,
    discounts: applied ? [applied.id] : [],
    due_date: null,
    effective_at: null,
    ending_balance: null,
    footer: null,
    from_invoice: null,
    hosted_invoice_url: null,
    invoice_pdf: null,
    issuer: { type: "self" },
    last_finalization_error: null,
    latest_revision: null,
    lines: { object: "list", data: lines, has_more: false, url: `/v1/invoices/${id}/lines` },
    livemode: false,
    metadata: {},
    next_payment_attempt: null,
    number: null,
    on_behalf_of: null,
    parent: opts.subscription
      ? {
          type: "subscription_details",
          quote_details: null,
          subscription_details: { metadata: opts.subscription.metadata, subscription: opts.subscription.id },
        }
      : null,
    payment_settings: { default_mandate: null, payment_method_options: null, payment_method_types: null },
    payments: { object: "list", data: [], has_more: false, url: `/v1/invoice_payments?invoice=${id}` },
    period_end: opts.periodEnd,
    period_start: opts.periodStart,
    post_payment_credit_notes_amount: 0,
    pre_payment_credit_notes_amount: 0,
    receipt_number: null,
    rendering: { amount_tax_display: null, pdf: { page_size: "auto" }, template: null, template_version: null },
    shipping_cost: null,
    shipping_details: null,
    starting_balance: 0,
    statement_descriptor: null,
    status: "draft",
    status_transitions: { finalized_at: null, marked_uncollectible_at: null, paid_at: null, voided_at: null },
    subtotal,
    subtotal_excluding_tax: subtotal,
    test_clock: null,
    total,
    total_discount_amounts: applied ? [{ amount: discountTotal, discount: applied.id }] : [],
    total_excluding_tax: total,
    total_pretax_credit_amounts: [],
    total_taxes: [],
    webhooks_delivered_at: null,
  };
  ctx.app.store.insert(invoice, ctx.account);
  emit(ctx, "invoice.created", invoice);
  return invoice;
}

function finalizeInvoice(ctx: Ctx, invoice: Stripe.Invoice): void {
  if (invoice.status !== "draft") return;
  const now = ctx.app.now();
  const customer = ctx.app.store.find<Stripe.Customer>(invoice.customer as string, "customer");
  if (customer) {
    const seq = customer.next_invoice_sequence ?? 1;
    invoice.number = `${customer.invoice_prefix ?? "LOCAL"}-${String(seq).padStart(4, "0")}`;
    customer.next_invoice_sequence = seq + 1;
    ctx.app.store.put(customer);
  }
  invoice.status = "open";
  invoice.effective_at = now;
  invoice.status_transitions.finalized_at = now;
  invoice.hosted_invoice_url = `${ctx.app.config.publicUrl}/invoices/${invoice.id}`;
  ctx.app.store.put(invoice);
  emit(ctx, "invoice.finalized", invoice);
}

function markPaid(ctx: Ctx, invoice: Stripe.Invoice, payment: { pi: Stripe.PaymentIntent; charge: Stripe.Charge } | null): void {
  const now = ctx.app.now();
  invoice.status = "paid";
  invoice.amount_paid = invoice.amount_due;
  invoice.amount_remaining = 0;
  invoice.attempted = true;
  invoice.attempt_count += payment ? 1 : 0;
  invoice.next_payment_attempt = null;
  invoice.status_transitions.paid_at = now;
  invoice.auto_advance = false;
  if (payment && invoice.payments) {
    const ip: Stripe.InvoicePayment = {
      id: newId("inpay"),
      object: "invoice_payment",
      amount_paid: payment.pi.amount,
      amount_requested: payment.pi.amount,
      created: now,
      currency: invoice.currency,
      invoice: invoice.id,
      is_default: true,
      livemode: false,
      payment: { type: "payment_intent", payment_intent: payment.pi.id },
      status: "paid",
      status_transitions: { canceled_at: null, paid_at: now },
    };
    ctx.app.store.insert(ip, ctx.account);
    invoice.payments.data = [ip];
  }
  ctx.app.store.put(invoice);
  // as in Stripe: paying the latest invoice of a past_due subscription makes it active again
  const subRef = invoice.parent?.subscription_details?.subscription;
  const sub = subRef ? ctx.app.store.find<Stripe.Subscription>(typeof subRef === "string" ? subRef : subRef.id, "subscription") : undefined;
  if (sub?.status === "past_due" && sub.latest_invoice === invoice.id) updateSub(ctx, sub, { ...clone(sub), status: "active" });
  emit(ctx, "invoice.paid", invoice);
  emit(ctx, "invoice.payment_succeeded", invoice);
}

export interface PayOutcome {
  paid: boolean;
  message: string | null;
  charge: Stripe.Charge | null;
  /** The caller runs cardAftermath (disputes, fraud warnings) once its own events are out. */
  followUp: boolean;
  /** Why the payment failed (null when paid or when there was nothing to charge with). */
  decline: Decline | null;
}

/** Finalizes and collects an invoice; a zero total is paid without a charge. */
export function payInvoice(ctx: Ctx, invoice: Stripe.Invoice, pm: Stripe.PaymentMethod | null, opts: { forceFail?: boolean; offSession?: boolean } = {}): PayOutcome {
  finalizeInvoice(ctx, invoice);
  if (invoice.status === "paid") return { paid: true, message: null, charge: null, followUp: false, decline: null };
  if (invoice.amount_due === 0) {
    markPaid(ctx, invoice, null);
    return { paid: true, message: null, charge: null, followUp: false, decline: null };
  }
  const subId = invoice.parent?.subscription_details?.subscription;
  const sub = subId ? ctx.app.store.find<Stripe.Subscription>(typeof subId === "string" ? subId : subId.id, "subscription") : undefined;
  const wanted = sub?.transfer_data ? (typeof sub.transfer_data.destination === "string" ? sub.transfer_data.destination : sub.transfer_data.destination.id) : null;
  // a renewal never fails because the seller lost its transfers capability meanwhile
  const destination =
    wanted && ctx.app.store.find<Stripe.Account>(wanted, "account")?.capabilities?.transfers === "active" ? wanted : null;
  const fee = sub?.application_fee_percent != null ? Math.round((invoice.amount_due * sub.application_fee_percent) / 100) : null;
  invoice.attempted = true;
  if (!pm || pm.type !== "card") {
    invoice.attempt_count += 1;
    ctx.app.store.put(invoice);
    emit(ctx, "invoice.payment_failed", invoice);
    const message = pm ? "Local Stripe collects invoices by card only." : "This customer has no attached payment source or default payment method.";
    return { paid: false, message, charge: null, followUp: false, decline: null };
  }
  const pi = createPaymentIntent(ctx, {
    amount: invoice.amount_due,
    currency: invoice.currency,
    customer: invoice.customer as string,
    description: sub ? "Subscription update" : (invoice.description ?? null),
    applicationFeeAmount: destination ? fee : null,
    destination,
  });
  const offSession = opts.offSession ?? false;
  let result;
  const entry = ctx.app.store.entry(pm.id);
  if (opts.forceFail && entry) {
    // a one-off decline: charge with the declining test card's behaviour
    entry.meta.forceDecline = true;
    try {
      result = confirmPaymentIntent(ctx, pi, pm, { offSession });
    } finally {
      delete entry.meta.forceDecline;
    }
  } else {
    result = confirmPaymentIntent(ctx, pi, pm, { offSession });
  }
  invoice.attempt_count += 1;
  if (result.error) {
    invoice.next_payment_attempt = ctx.app.now() + 3 * 86400;
    if (invoice.payments) {
      invoice.payments.data = [];
    }
    ctx.app.store.put(invoice);
    const d: Decline = result.error.code === "authentication_required" ? declineOf("authentication_required") : { ...declineOf(String(result.error.extra.decline_code ?? "generic_decline")), code: result.error.code ?? "card_declined", message: result.error.message };
    emit(ctx, "invoice.payment_failed", invoice);
    // the customer has to come back and authenticate: Stripe also asks for action
    if (d.code === "authentication_required") emit(ctx, "invoice.payment_action_required", invoice);
    return { paid: false, message: result.error.message, charge: result.charge, followUp: false, decline: d };
  }
  markPaid(ctx, invoice, { pi: result.pi, charge: result.charge });
  return { paid: true, message: null, charge: result.charge, followUp: result.followUp, decline: null };
}

function subscriptionLines(sub: Stripe.Subscription, period: { start: number; end: number }, trial: boolean): LineInput[] {
  return sub.items.data.map((item) => {
    const qty = item.quantity ?? 1;
    const name = item.price.nickname ?? (typeof item.price.product === "string" ? item.price.product : item.price.product.id);
    return {
      amount: trial ? 0 : (item.price.unit_amount ?? 0) * qty,
      description: trial ? `Trial period for ${name}` : `${qty} × ${name}`,
      quantity: qty,
      price: item.price,
      period,
      subscription: sub.id,
      subscriptionItem: item.id,
      invoiceItem: null,
    };
  });
}

/**
 * Creates a subscription and collects its first invoice. Returns null and creates
 * nothing when the card is known to decline (Checkout shows the error instead).
 */
export function startSubscription(ctx: Ctx, input: SubscriptionInput, pm: Stripe.PaymentMethod | null): { sub: Stripe.Subscription; invoice: Stripe.Invoice; outcome: PayOutcome } {
  const sub = buildSubscription(ctx, input);
  const customer = ctx.app.store.find<Stripe.Customer>(input.customer, "customer", ctx.account);
  if (!customer) throw missing(input.customer, "customer", "customer");
  const trial = sub.trial_end !== null;
  const willPay = trial || (pm !== null && pm.type === "card" && wouldDecline(ctx, pm, input.offSession ?? false) === null);
  const total = sub.items.data.reduce((s, i) => s + (i.price.unit_amount ?? 0) * (i.quantity ?? 1), 0);
  sub.status = trial ? "trialing" : willPay || total === 0 ? "active" : "incomplete";
  if (input.discount) {
    const d = createDiscount(ctx, input.discount, { customer: input.customer, subscription: sub.id, checkoutSession: input.discount.checkoutSession ?? null });
    sub.discounts = [d.id];
  }
  ctx.app.store.insert(sub, ctx.account, { failNext: false, trialWillEndSent: false } satisfies SubscriptionMeta);
  emit(ctx, "customer.subscription.created", sub);
  const period = periodOf(sub);
  const invoice = buildInvoice(ctx, {
    customer,
    currency: sub.currency,
    lines: subscriptionLines(sub, period, trial),
    billingReason: "subscription_create",
    subscription: sub,
    periodStart: period.start,
    periodEnd: period.start,
  });
  sub.latest_invoice = invoice.id;
  ctx.app.store.put(sub);
  const outcome = payInvoice(ctx, invoice, pm, { offSession: input.offSession ?? false });
  warnTrialEndingSoon(ctx, sub);
  return { sub, invoice, outcome };
}

const TRIAL_WARNING = 3 * 86400;

/**
 * customer.subscription.trial_will_end: Stripe sends it 3 days before a trial ends, or right
 * away when less than 3 days are left. Sent once per trial (a trial extended past the 3-day
 * window gets a new warning later).
 */
export function warnTrialEndingSoon(ctx: Ctx, sub: Stripe.Subscription): void {
  const meta = ctx.app.store.entry(sub.id)?.meta as SubscriptionMeta | undefined;
  if (!meta || meta.trialWillEndSent || sub.status !== "trialing" || !sub.trial_end) return;
  if (sub.trial_end - TRIAL_WARNING > ctx.app.now()) return;
  meta.trialWillEndSent = true;
  ctx.app.store.save();
  emit(ctx, "customer.subscription.trial_will_end", ctx.app.store.find<Stripe.Subscription>(sub.id, "subscription") ?? sub);
}

function updateSub(ctx: Ctx, before: Stripe.Subscription, after: Stripe.Subscription, type: Stripe.Event.Type = "customer.subscription.updated"): Stripe.Subscription {
  ctx.app.store.put(after);
  const prev = changed(before, after);
  if (type === "customer.subscription.updated" && Object.keys(prev).length === 0) return after;
  emit(ctx, type, after, type === "customer.subscription.updated" ? { previous: prev } : {});
  return after;
}

export function cancelNow(ctx: Ctx, sub: Stripe.Subscription, reason: Stripe.Subscription.CancellationDetails.Reason = "cancellation_requested"): Stripe.Subscription {
  if (sub.status === "canceled") return sub;
  const now = ctx.app.now();
  const after = clone(sub);
  after.status = "canceled";
  after.canceled_at = after.canceled_at ?? now;
  after.ended_at = now;
  after.cancellation_details = { comment: null, feedback: null, feedback_option: null, reason };
  return updateSub(ctx, sub, after, "customer.subscription.deleted");
}

export function setCancelAtPeriodEnd(ctx: Ctx, sub: Stripe.Subscription, flag: boolean): Stripe.Subscription {
  if (sub.status === "canceled") {
    throw invalid("A canceled subscription can only update its cancellation_details and metadata.", "cancel_at_period_end");
  }
  const after = clone(sub);
  after.cancel_at_period_end = flag;
  after.cancel_at = flag ? periodOf(sub).end : null;
  after.canceled_at = flag ? ctx.app.now() : null;
  after.cancellation_details = flag
    ? { comment: null, feedback: null, feedback_option: null, reason: "cancellation_requested" }
    : { comment: null, feedback: null, feedback_option: null, reason: null };
  return updateSub(ctx, sub, after);
}

/** The next moment something happens to this subscription on its own, if any. */
export function nextDue(ctx: Ctx, sub: Stripe.Subscription): number | null {
  if (sub.status === "canceled" || sub.status === "incomplete_expired" || sub.status === "incomplete") return null;
  const meta = ctx.app.store.entry(sub.id)?.meta as SubscriptionMeta | undefined;
  const end = periodOf(sub).end;
  if (sub.status === "trialing" && sub.trial_end && !meta?.trialWillEndSent) {
    return Math.min(sub.trial_end - TRIAL_WARNING, end);
  }
  if (sub.cancel_at !== null && sub.cancel_at <= end) return sub.cancel_at;
  return end;
}

/** Applies whatever is due at `at`: trial warning, cancellation or a renewal. */
export function advanceSubscription(ctx: Ctx, sub: Stripe.Subscription, at: number): void {
  const entry = ctx.app.store.entry(sub.id)!;
  const meta = entry.meta as SubscriptionMeta;
  const end = periodOf(sub).end;
  if (sub.status === "trialing" && sub.trial_end && !meta.trialWillEndSent && at >= sub.trial_end - TRIAL_WARNING && at < end) {
    meta.trialWillEndSent = true;
    ctx.app.store.save();
    emit(ctx, "customer.subscription.trial_will_end", sub);
    return;
  }
  if (sub.cancel_at !== null && at >= sub.cancel_at) {
    cancelNow(ctx, sub);
    return;
  }
  if (at < end) return;
  // renewal: a new period and its invoice
  const price = sub.items.data[0].price;
  const nextEnd = addInterval(end, price.recurring?.interval ?? "month", price.recurring?.interval_count ?? 1);
  const after = clone(sub);
  setPeriod(after, end, nextEnd);
  // a discount that ended (repeating past its end, once already used) leaves the subscription
  after.discounts = after.discounts.filter((ref) => {
    const id = typeof ref === "string" ? ref : ref.id;
    const d = ctx.app.store.find<Stripe.Discount>(id, "discount");
    const m = discountMeta(ctx, id);
    return !!d && !!m && (d.end === null || at < d.end) && !(m.coupon.duration === "once" && m.used);
  });
  const wasTrial = sub.status === "trialing";
  if (wasTrial) {
    meta.trialWillEndSent = true;
  }
  const customer = ctx.app.store.find<Stripe.Customer>(sub.customer as string, "customer");
  if (!customer) return;
  const invoice = buildInvoice(ctx, {
    customer,
    currency: sub.currency,
    lines: subscriptionLines(after, { start: end, end: nextEnd }, false),
    billingReason: "subscription_cycle",
    subscription: after,
    periodStart: periodOf(sub).start,
    periodEnd: end,
  });
  after.latest_invoice = invoice.id;
  updateSub(ctx, sub, after);
  const failNext = meta.failNext === true;
  meta.failNext = false;
  ctx.app.store.save();
  const outcome = payInvoice(ctx, invoice, customerDefaultPm(ctx, after), { forceFail: failNext, offSession: true });
  const current = ctx.app.store.find<Stripe.Subscription>(sub.id, "subscription")!;
  const final = clone(current);
  final.status = outcome.paid ? "active" : "past_due";
  updateSub(ctx, current, final);
  if (outcome.followUp && outcome.charge) cardAftermath(ctx, outcome.charge);
}

function itemsFromParams(ctx: Ctx, p: Params): Array<{ price: Stripe.Price; quantity: number }> {
  const items = p.arr("items").map((it) => {
    const pd = it.obj("price_data");
    const price = pd ? priceFromData(ctx, pd) : load<Stripe.Price>(ctx, it.reqStr("price"), "price", "price", "items[0][price]");
    if (!price.recurring) throw invalid(`The price specified is set to \`type=one_time\` but this field only accepts prices with \`type=recurring\`.`, "items[0][price]");
    return { price, quantity: it.int("quantity") ?? 1 };
  });
  if (!items.length) throw invalid("Missing required param: items.", "items", "parameter_missing");
  return items;
}

export function register(r: Router): void {
  r.post("/v1/subscriptions", (ctx, p) => {
    const customerId = p.reqStr("customer");
    const customer = load<Stripe.Customer>(ctx, customerId, "customer", "customer", "customer");
    const items = itemsFromParams(ctx, p);
    const td = p.obj("transfer_data");
    const pmParam = p.str("default_payment_method");
    const pm = pmParam ? resolvePaymentMethod(ctx, pmParam, "default_payment_method") : null;
    const trialEndParam = p.str("trial_end");
    const input: SubscriptionInput = {
      customer: customer.id,
      items,
      trialPeriodDays: p.int("trial_period_days") ?? null,
      trialEnd: trialEndParam && trialEndParam !== "now" ? p.int("trial_end") : null,
      applicationFeePercent: p.num("application_fee_percent") ?? null,
      transferDestination: td?.reqStr("destination") ?? null,
      transferAmountPercent: td?.num("amount_percent") ?? null,
      metadata: p.metadata({}),
      defaultPaymentMethod: pm?.id ?? null,
      defaultSource: p.str("default_source") ?? null,
      description: p.str("description") ?? null,
      cancelAtPeriodEnd: p.bool("cancel_at_period_end") ?? false,
      offSession: p.bool("off_session") ?? false,
    };
    if (input.trialEnd != null && input.trialEnd <= ctx.app.now()) throw invalid("Invalid timestamp: must be an integer Unix timestamp in the future.", "trial_end");
    if (input.defaultSource) resolvePaymentMethod(ctx, input.defaultSource, "default_source");
    const lines = items.map(({ price, quantity }) => ({ product: productId(price), amount: (price.unit_amount ?? 0) * quantity }));
    const chosen = resolveDiscounts(ctx, p, "discounts", { currency: items[0].price.currency, lines, customer: customer.id, email: customer.email });
    input.discount = chosen;
    if (chosen) redeem(ctx, chosen);
    const { sub } = startSubscription(ctx, input, pm ?? defaultPaymentMethod(ctx, customer.id, { default_payment_method: null, default_source: input.defaultSource ?? null }));
    return ctx.app.store.find<Stripe.Subscription>(sub.id, "subscription");
  });
  r.get("/v1/subscriptions/:id", (ctx, _p, { id }) => load<Stripe.Subscription>(ctx, id, "subscription", "subscription"));
  r.post("/v1/subscriptions/:id", (ctx, p, { id }) => {
    let sub = load<Stripe.Subscription>(ctx, id, "subscription", "subscription");
    const flag = p.bool("cancel_at_period_end");
    if (flag !== undefined && flag !== sub.cancel_at_period_end) sub = setCancelAtPeriodEnd(ctx, sub, flag);
    const after = clone(sub);
    after.metadata = p.metadata(sub.metadata);
    const desc = p.nullableStr("description");
    if (desc !== undefined) after.description = desc;
    const dpm = p.nullableStr("default_payment_method");
    if (dpm !== undefined) after.default_payment_method = dpm === null ? null : resolvePaymentMethod(ctx, dpm, "default_payment_method").id;
    const ds = p.nullableStr("default_source");
    if (ds !== undefined) after.default_source = ds === null ? null : resolvePaymentMethod(ctx, ds, "default_source").id;
    const fee = p.num("application_fee_percent");
    if (fee !== undefined) after.application_fee_percent = fee;
    const cd = p.obj("cancellation_details");
    if (cd && after.cancellation_details) {
      const c = cd.nullableStr("comment");
      if (c !== undefined) after.cancellation_details.comment = c;
      const f = cd.nullableStr("feedback");
      if (f !== undefined) after.cancellation_details.feedback = f as Stripe.Subscription.CancellationDetails.Feedback | null;
    }
    const trialEnd = p.str("trial_end");
    const meta = ctx.app.store.entry(sub.id)!.meta as SubscriptionMeta;
    const now = ctx.app.now();
    if (trialEnd !== undefined && trialEnd !== "") {
      if (sub.status === "canceled") throw invalid("A canceled subscription can only update its cancellation_details and metadata.", "trial_end");
      const at = trialEnd === "now" ? now : p.int("trial_end")!;
      if (trialEnd !== "now" && at <= now) throw invalid("Invalid timestamp: must be an integer Unix timestamp in the future.", "trial_end");
      if (trialEnd === "now" && sub.status !== "trialing") throw invalid("The subscription is not in a trial period.", "trial_end");
      after.trial_end = at;
      after.trial_start = sub.status === "trialing" ? sub.trial_start : now;
      after.status = "trialing";
      setPeriod(after, periodOf(after).start, at);
      // a trial that ends now gets no warning; one extended past the warning window gets a new one
      if (trialEnd === "now") meta.trialWillEndSent = true;
      else if (at - TRIAL_WARNING > now) meta.trialWillEndSent = false;
      ctx.app.store.save();
    }
    const updated = updateSub(ctx, sub, after);
    if (trialEnd === "now") {
      advanceSubscription(ctx, updated, now);
      return ctx.app.store.find<Stripe.Subscription>(sub.id, "subscription");
    }
    warnTrialEndingSoon(ctx, updated);
    return updated;
  });
  r.del("/v1/subscriptions/:id", (ctx, _p, { id }) => {
    const sub = load<Stripe.Subscription>(ctx, id, "subscription", "subscription");
    if (sub.status === "canceled") {
      throw invalid(`A canceled subscription can only update its cancellation_details and metadata.`, null, "resource_missing");
    }
    return cancelNow(ctx, sub);
  });
  r.get("/v1/subscriptions", (ctx, p) => {
    const customer = p.str("customer");
    const price = p.str("price");
    const status = p.str("status");
    const created = createdFilter(p);
    const list = ctx.app.store.list<Stripe.Subscription>(
      "subscription",
      ctx.account,
      (s) =>
        (!customer || s.customer === customer) &&
        (!price || s.items.data.some((i) => i.price.id === price)) &&
        (status === "all" ? true : status ? s.status === status : s.status !== "canceled") &&
        created(s.created),
    );
    return paginate(list, p, "/v1/subscriptions");
  });

  r.post("/v1/invoiceitems", (ctx, p) => {
    const customer = load<Stripe.Customer>(ctx, p.reqStr("customer"), "customer", "customer", "customer");
    const now = ctx.app.now();
    const priceId = p.str("price");
    const price = priceId ? load<Stripe.Price>(ctx, priceId, "price", "price", "price") : null;
    const quantity = p.int("quantity") ?? 1;
    const amount = price ? (price.unit_amount ?? 0) * quantity : p.reqInt("amount");
    const item: Stripe.InvoiceItem = {
      id: newId("ii"),
      object: "invoiceitem",
      amount,
      currency: (price?.currency ?? p.reqStr("currency")).toLowerCase(),
      customer: customer.id,
      customer_account: null,
      date: now,
      description: p.str("description") ?? null,
      discountable: true,
      discounts: [],
      invoice: p.str("invoice") ?? null,
      livemode: false,
      metadata: p.metadata({}),
      net_amount: amount,
      parent: null,
      period: { start: now, end: now },
      pricing: price
        ? { type: "price_details", price_details: { price: price.id, product: price.product as string }, unit_amount_decimal: price.unit_amount_decimal }
        : { type: "price_details", unit_amount_decimal: dec(amount) },
      proration: false,
      quantity,
      quantity_decimal: dec(quantity),
      tax_rates: [],
      test_clock: null,
    };
    ctx.app.store.insert(item, ctx.account);
    emit(ctx, "invoiceitem.created", item);
    return item;
  });
  r.get("/v1/invoiceitems/:id", (ctx, _p, { id }) => load<Stripe.InvoiceItem>(ctx, id, "invoiceitem", "invoiceitem"));
  r.del("/v1/invoiceitems/:id", (ctx, _p, { id }) => {
    const item = load<Stripe.InvoiceItem>(ctx, id, "invoiceitem", "invoiceitem");
    const inv = item.invoice ? ctx.app.store.find<Stripe.Invoice>(idOf(item.invoice)!, "invoice") : undefined;
    if (inv && inv.status !== "draft") throw invalid("This invoice item is on a finalized invoice and can no longer be deleted.", null, "invoice_not_editable");
    ctx.app.store.remove(id);
    emit(ctx, "invoiceitem.deleted", item);
    const deleted: Stripe.DeletedInvoiceItem = { id, object: "invoiceitem", deleted: true };
    return deleted;
  });

  r.post("/v1/invoices", (ctx, p) => {
    const customer = load<Stripe.Customer>(ctx, p.reqStr("customer"), "customer", "customer", "customer");
    const behavior = p.str("pending_invoice_items_behavior") ?? "exclude";
    const pending = behavior === "include" ? ctx.app.store.list<Stripe.InvoiceItem>("invoiceitem", ctx.account, (i) => i.customer === customer.id && i.invoice === null) : [];
    const now = ctx.app.now();
    const invoice = buildInvoice(ctx, {
      customer,
      currency: (p.str("currency") ?? pending[0]?.currency ?? "usd").toLowerCase(),
      lines: pending.reverse().map((i) => ({
        amount: i.amount,
        description: i.description ?? "",
        quantity: i.quantity,
        price: null,
        period: i.period,
        subscription: null,
        subscriptionItem: null,
        invoiceItem: i.id,
      })),
      billingReason: "manual",
      subscription: null,
      description: p.str("description") ?? null,
      periodStart: now,
      periodEnd: now,
    });
    invoice.metadata = p.metadata({});
    invoice.auto_advance = p.bool("auto_advance") ?? false;
    const collection = p.oneOf("collection_method", ["charge_automatically", "send_invoice"] as const) ?? "charge_automatically";
    invoice.collection_method = collection;
    if (collection === "send_invoice") {
      const days = p.int("days_until_due");
      const due = p.int("due_date");
      if (days === undefined && due === undefined) throw invalid("Missing required param: days_until_due or due_date.", "days_until_due", "parameter_missing");
      invoice.due_date = due ?? now + (days ?? 0) * 86400;
    }
    const dpm = p.str("default_payment_method");
    if (dpm) invoice.default_payment_method = resolvePaymentMethod(ctx, dpm, "default_payment_method").id;
    ctx.app.store.put(invoice);
    for (const i of pending) ctx.app.store.put({ ...i, invoice: invoice.id });
    return invoice;
  });
  r.get("/v1/invoices/:id", (ctx, _p, { id }) => load<Stripe.Invoice>(ctx, id, "invoice", "invoice"));
  r.get("/v1/invoices/:id/lines", (ctx, p, { id }) => {
    const inv = load<Stripe.Invoice>(ctx, id, "invoice", "invoice");
    return paginate(inv.lines.data, p, `/v1/invoices/${id}/lines`);
  });
  r.post("/v1/invoices/:id", (ctx, p, { id }) => {
    const before = load<Stripe.Invoice>(ctx, id, "invoice", "invoice");
    if (before.status === "void" || before.status === "paid" || before.status === "uncollectible") {
      if (Object.keys(p.raw).some((k) => k !== "metadata" && k !== "expand")) throw invalid(`This invoice is ${before.status}; only its metadata can change.`, null, "invoice_not_editable");
    }
    const after = clone(before);
    after.metadata = p.metadata(after.metadata ?? {});
    const desc = p.nullableStr("description");
    if (desc !== undefined) after.description = desc;
    const aa = p.bool("auto_advance");
    if (aa !== undefined) after.auto_advance = aa;
    const footer = p.nullableStr("footer");
    if (footer !== undefined) after.footer = footer;
    const dpm = p.nullableStr("default_payment_method");
    if (dpm !== undefined) after.default_payment_method = dpm === null ? null : resolvePaymentMethod(ctx, dpm, "default_payment_method").id;
    ctx.app.store.put(after);
    const previous = changed(before, after);
    if (Object.keys(previous).length) emit(ctx, "invoice.updated", after, { previous });
    return after;
  });
  r.del("/v1/invoices/:id", (ctx, _p, { id }) => {
    const inv = load<Stripe.Invoice>(ctx, id, "invoice", "invoice");
    if (inv.status !== "draft") throw invalid("You can only delete draft invoices.", null, "invoice_not_editable");
    ctx.app.store.remove(id);
    // its invoice items are pending again
    for (const item of ctx.app.store.list<Stripe.InvoiceItem>("invoiceitem", ctx.account, (i) => i.invoice === id)) ctx.app.store.put({ ...item, invoice: null });
    emit(ctx, "invoice.deleted", inv);
    const deleted: Stripe.DeletedInvoice = { id, object: "invoice", deleted: true };
    return deleted;
  });
  const closeInvoice = (ctx: Ctx, id: string, status: "void" | "uncollectible") => {
    const before = load<Stripe.Invoice>(ctx, id, "invoice", "invoice");
    if (before.status !== "open" && !(status === "void" && before.status === "uncollectible")) {
      throw invalid(`You can only ${status === "void" ? "void" : "mark as uncollectible"} an open invoice; this one is ${before.status}.`, null, "invoice_not_editable");
    }
    const after = clone(before);
    const now = ctx.app.now();
    after.status = status;
    after.auto_advance = false;
    after.next_payment_attempt = null;
    if (status === "void") {
      after.status_transitions.voided_at = now;
      after.amount_remaining = 0;
    } else {
      after.status_transitions.marked_uncollectible_at = now;
    }
    ctx.app.store.put(after);
    emit(ctx, status === "void" ? "invoice.voided" : "invoice.marked_uncollectible", after, { previous: changed(before, after) });
    return after;
  };
  r.post("/v1/invoices/:id/void", (ctx, _p, { id }) => closeInvoice(ctx, id, "void"));
  r.post("/v1/invoices/:id/mark_uncollectible", (ctx, _p, { id }) => closeInvoice(ctx, id, "uncollectible"));
  r.post("/v1/invoices/:id/send", (ctx, _p, { id }) => {
    const inv = load<Stripe.Invoice>(ctx, id, "invoice", "invoice");
    if (inv.collection_method !== "send_invoice") {
      throw invalid("You can only manually send an invoice if its collection method is 'send_invoice'.", null, "invoice_not_editable");
    }
    if (inv.status === "draft") finalizeInvoice(ctx, inv);
    if (inv.status !== "open") throw invalid(`This invoice is ${inv.status} and cannot be sent.`, null, "invoice_not_editable");
    emit(ctx, "invoice.sent", inv);
    return inv;
  });
  r.post("/v1/invoices/:id/finalize", (ctx, _p, { id }) => {
    const inv = load<Stripe.Invoice>(ctx, id, "invoice", "invoice");
    if (inv.status !== "draft") throw invalid(`This invoice is already finalized.`, null, "invoice_not_editable");
    finalizeInvoice(ctx, inv);
    return inv;
  });
  r.post("/v1/invoices/:id/pay", (ctx, p, { id }) => {
    const inv = load<Stripe.Invoice>(ctx, id, "invoice", "invoice");
    if (inv.status === "paid") throw invalid("Invoice is already paid", null, "invoice_already_paid");
    if (inv.status === "void" || inv.status === "uncollectible") throw invalid(`This invoice is ${inv.status} and cannot be paid.`, null, "invoice_not_editable");
    const pmId = p.str("payment_method") ?? p.str("source") ?? idOf(inv.default_payment_method) ?? idOf(inv.default_source as string | { id: string } | null);
    const subId = inv.parent?.subscription_details?.subscription;
    const sub = subId ? ctx.app.store.find<Stripe.Subscription>(typeof subId === "string" ? subId : subId.id, "subscription") : undefined;
    const pm: Stripe.PaymentMethod | null = pmId ? resolvePaymentMethod(ctx, pmId) : defaultPaymentMethod(ctx, inv.customer as string, sub);
    // Stripe's default for invoice payments: the customer is off-session
    const outcome = payInvoice(ctx, inv, pm, { offSession: p.bool("off_session") ?? true });
    if (!outcome.paid) {
      const d = outcome.decline;
      if (d?.code === "authentication_required") {
        throw new StripeApiError(
          402,
          "card_error",
          "This payment requires additional user action before it can be completed successfully. Payment can be completed using the PaymentIntent associated with the invoice.",
          "invoice_payment_intent_requires_action",
          null,
          { decline_code: d.decline_code },
        );
      }
      if (d) throw cardError({ ...d, message: outcome.message ?? d.message });
      throw new StripeApiError(402, "card_error", outcome.message ?? "Your card was declined.", "card_declined", null, { decline_code: "generic_decline" });
    }
    return ctx.app.store.find<Stripe.Invoice>(inv.id, "invoice");
  });
  r.get("/v1/invoices", (ctx, p) => {
    const customer = p.str("customer");
    const subscription = p.str("subscription");
    const status = p.str("status");
    const created = createdFilter(p);
    const list = ctx.app.store.list<Stripe.Invoice>(
      "invoice",
      ctx.account,
      (i) =>
        (!customer || i.customer === customer) &&
        (!subscription || i.parent?.subscription_details?.subscription === subscription) &&
        (!status || i.status === status) &&
        created(i.created),
    );
    return paginate(list, p, "/v1/invoices");
  });
  r.get("/v1/invoice_payments", (ctx, p) => {
    const invoice = p.str("invoice");
    return paginate(
      ctx.app.store.list<Stripe.InvoicePayment>("invoice_payment", ctx.account, (x) => !invoice || x.invoice === invoice),
      p,
      "/v1/invoice_payments",
    );
  });
  r.get("/v1/invoice_payments/:id", (ctx, _p, { id }) => load<Stripe.InvoicePayment>(ctx, id, "invoice_payment", "invoice_payment"));
}
