import crypto from "node:crypto";
import type Stripe from "stripe";
import type { Ctx } from "../context.js";
import type { Router } from "../router.js";
import type { Params } from "../params.js";
import { StripeApiError, invalid, missing } from "../errors.js";
import { newId, randomToken } from "../ids.js";
import { emptyAddress, load } from "../common.js";
import { emit } from "../events.js";
import { paginate, createdFilter } from "../list.js";
import { TOKENS, declineFor, lookupCard, type TestCard } from "../cards.js";
import { openDispute } from "./refunds.js";
import { assertDestination } from "./accounts.js";
import { AVAILABLE_AFTER_DAYS, buildCharge, createApplicationFee, createTransfer, createTxn } from "./money.js";

export interface BillingInput {
  email?: string | null;
  name?: string | null;
}

function fingerprint(number: string): string {
  return crypto.createHash("sha256").update(number).digest("base64").replace(/[^a-zA-Z0-9]/g, "").slice(0, 16);
}

export function createPaymentMethodFromCard(ctx: Ctx, card: TestCard, billing: BillingInput = {}, account = ctx.account): Stripe.PaymentMethod {
  const expYear = new Date(ctx.app.now() * 1000).getUTCFullYear() + 3;
  const pm: Stripe.PaymentMethod = {
    id: newId("pm"),
    object: "payment_method",
    allow_redisplay: "unspecified",
    billing_details: {
      address: emptyAddress(),
      email: billing.email ?? null,
      name: billing.name ?? null,
      phone: null,
      tax_id: null,
    },
    card: {
      brand: card.brand,
      checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: "unchecked" },
      country: card.country,
      display_brand: card.brand,
      exp_month: 12,
      exp_year: expYear,
      fingerprint: fingerprint(card.number),
      funding: card.funding,
      generated_from: null,
      last4: card.number.slice(-4),
      networks: { available: [card.brand], preferred: null },
      regulated_status: "unregulated",
      three_d_secure_usage: { supported: true },
      wallet: null,
    },
    created: ctx.app.now(),
    customer: null,
    customer_account: null,
    livemode: false,
    metadata: {},
    type: "card",
  };
  ctx.app.store.insert(pm, account, { card: card.number });
  return pm;
}

function incorrectNumber(param: string): StripeApiError {
  return new StripeApiError(402, "card_error", "Your card number is incorrect.", "incorrect_number", param);
}

/** Accepts a stored pm_ id or a magic test id (`pm_card_visa`), which yields a fresh payment method. */
export function resolvePaymentMethod(ctx: Ctx, id: string, param = "payment_method"): Stripe.PaymentMethod {
  if (TOKENS[id] && id.startsWith("pm_")) {
    return createPaymentMethodFromCard(ctx, lookupCard(TOKENS[id])!);
  }
  const pm = ctx.app.store.find<Stripe.PaymentMethod>(id, "payment_method", ctx.account);
  if (!pm) throw missing(id, "PaymentMethod", param);
  return pm;
}

export function cardOf(ctx: Ctx, pm: Stripe.PaymentMethod): TestCard {
  const meta = ctx.app.store.entry(pm.id)?.meta;
  const card = lookupCard((meta?.card as string | undefined) ?? "4242424242424242")!;
  // fail_next_payment forces one decline on an otherwise good card
  return meta?.forceDecline ? { ...card, outcome: "decline" } : card;
}

export function attachPaymentMethod(ctx: Ctx, pm: Stripe.PaymentMethod, customer: string): Stripe.PaymentMethod {
  if (!ctx.app.store.find(customer, "customer", ctx.account)) throw missing(customer, "customer", "customer");
  if (pm.customer === customer) return pm;
  pm.customer = customer;
  ctx.app.store.put(pm);
  emit(ctx, "payment_method.attached", pm);
  return pm;
}

export interface PaymentIntentInput {
  amount: number;
  currency: string;
  customer?: string | null;
  description?: string | null;
  metadata?: Stripe.Metadata;
  applicationFeeAmount?: number | null;
  destination?: string | null;
  transferGroup?: string | null;
  receiptEmail?: string | null;
  shipping?: Stripe.PaymentIntent.Shipping | null;
  setupFutureUsage?: Stripe.PaymentIntent.SetupFutureUsage | null;
}

export function createPaymentIntent(ctx: Ctx, input: PaymentIntentInput): Stripe.PaymentIntent {
  if (!Number.isInteger(input.amount) || input.amount < 1) throw invalid("Invalid positive integer", "amount");
  if (input.destination) assertDestination(ctx, input.destination, "transfer_data[destination]");
  if (input.applicationFeeAmount != null && input.applicationFeeAmount > input.amount) {
    throw invalid("The application fee amount cannot be greater than the amount.", "application_fee_amount");
  }
  const id = newId("pi");
  const pi: Stripe.PaymentIntent = {
    id,
    object: "payment_intent",
    allowed_payment_method_types: null,
    amount: input.amount,
    amount_capturable: 0,
    amount_details: { tip: {} },
    amount_received: 0,
    application: null,
    application_fee_amount: input.applicationFeeAmount ?? null,
    automatic_payment_methods: null,
    canceled_at: null,
    cancellation_reason: null,
    capture_method: "automatic_async",
    client_secret: `${id}_secret_${randomToken(25)}`,
    confirmation_method: "automatic",
    created: ctx.app.now(),
    currency: input.currency,
    customer: input.customer ?? null,
    customer_account: null,
    description: input.description ?? null,
    excluded_payment_method_types: null,
    last_payment_error: null,
    latest_charge: null,
    livemode: false,
    managed_payments: null,
    metadata: input.metadata ?? {},
    next_action: null,
    on_behalf_of: null,
    payment_method: null,
    payment_method_configuration_details: null,
    payment_method_options: {
      card: { installments: null, mandate_options: null, network: null, request_three_d_secure: "automatic" },
    },
    payment_method_types: ["card"],
    payment_record: null,
    processing: null,
    receipt_email: input.receiptEmail ?? null,
    review: null,
    setup_future_usage: input.setupFutureUsage ?? null,
    shipping: input.shipping ?? null,
    source: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: "requires_payment_method",
    transfer_data: input.destination ? { destination: input.destination } : null,
    transfer_group: input.transferGroup ?? null,
  };
  ctx.app.store.insert(pi, ctx.account);
  emit(ctx, "payment_intent.created", pi);
  return pi;
}

export interface ConfirmResult {
  pi: Stripe.PaymentIntent;
  charge: Stripe.Charge;
  error: StripeApiError | null;
  /** The card is the dispute test card: the caller opens a dispute once its own events are out. */
  disputeLater: boolean;
}

/** Charges the card behind `pm`: a succeeded or failed charge, and the money movements of a destination charge. */
export function confirmPaymentIntent(ctx: Ctx, pi: Stripe.PaymentIntent, pm: Stripe.PaymentMethod): ConfirmResult {
  if (pi.status === "succeeded" || pi.status === "canceled") {
    throw new StripeApiError(
      400,
      "invalid_request_error",
      `This PaymentIntent's status is ${pi.status}, so it cannot be confirmed.`,
      "payment_intent_unexpected_state",
      null,
      { payment_intent: pi },
    );
  }
  const card = cardOf(ctx, pm);
  const decline = declineFor(card.outcome);
  const now = ctx.app.now();
  const email = pm.billing_details.email ?? pi.receipt_email;
  const cardInfo = {
    brand: card.brand,
    last4: card.number.slice(-4),
    funding: card.funding,
    country: card.country,
    exp_month: pm.card?.exp_month ?? 12,
    exp_year: pm.card?.exp_year ?? 2030,
    fingerprint: pm.card?.fingerprint ?? "",
  };
  pi.payment_method = pm.id;
  if (decline) {
    const charge = buildCharge({
      created: now,
      amount: pi.amount,
      currency: pi.currency,
      status: "failed",
      balanceTransaction: null,
      card: cardInfo,
      paymentMethod: pm.id,
      customer: typeof pi.customer === "string" ? pi.customer : null,
      paymentIntent: pi.id,
      description: pi.description,
      metadata: pi.metadata,
      billingEmail: email,
      failure: decline,
      transferGroup: pi.transfer_group,
    });
    ctx.app.store.insert(charge, ctx.account);
    pi.status = "requires_payment_method";
    pi.latest_charge = charge.id;
    pi.payment_method = null;
    pi.last_payment_error = {
      type: "card_error",
      charge: charge.id,
      code: decline.code,
      decline_code: decline.decline_code,
      doc_url: `https://stripe.com/docs/error-codes/${decline.code.replace(/_/g, "-")}`,
      message: decline.message,
      payment_method: pm,
    };
    ctx.app.store.put(pi);
    emit(ctx, "charge.failed", charge);
    emit(ctx, "payment_intent.payment_failed", pi);
    const error = new StripeApiError(402, "card_error", decline.message, decline.code, null, {
      decline_code: decline.decline_code,
      charge: charge.id,
      doc_url: pi.last_payment_error.doc_url,
      payment_intent: pi,
      payment_method: pm,
      request_log_url: null,
    });
    return { pi, charge, error, disputeLater: false };
  }

  const chargeId = newId("ch");
  const txn = createTxn(ctx, {
    account: ctx.account,
    amount: pi.amount,
    currency: pi.currency,
    type: "charge",
    reportingCategory: "charge",
    source: chargeId,
    description: pi.description,
    delayDays: AVAILABLE_AFTER_DAYS,
  });
  const charge = buildCharge({
    id: chargeId,
    created: now,
    amount: pi.amount,
    currency: pi.currency,
    status: "succeeded",
    balanceTransaction: txn.id,
    card: cardInfo,
    paymentMethod: pm.id,
    customer: typeof pi.customer === "string" ? pi.customer : null,
    paymentIntent: pi.id,
    description: pi.description,
    metadata: pi.metadata,
    billingEmail: email,
    receiptEmail: pi.receipt_email,
    transferGroup: pi.transfer_group,
  });
  charge.receipt_url = `${ctx.app.config.publicUrl}/receipts/${chargeId}`;
  charge.application_fee_amount = pi.application_fee_amount;
  charge.shipping = pi.shipping;
  const destination = pi.transfer_data ? (typeof pi.transfer_data.destination === "string" ? pi.transfer_data.destination : pi.transfer_data.destination.id) : null;
  let transfer: Stripe.Transfer | null = null;
  let payment: Stripe.Charge | null = null;
  if (destination) {
    charge.transfer_data = { amount: null, destination };
    const group = pi.transfer_group ?? `group_${pi.id}`;
    charge.transfer_group = group;
    pi.transfer_group = group;
    const made = createTransfer(ctx, {
      amount: pi.amount,
      currency: pi.currency,
      destination,
      sourceTransaction: chargeId,
      transferGroup: group,
      emitEvents: false,
    });
    transfer = made.transfer;
    payment = made.payment;
    charge.transfer = transfer.id;
  }
  ctx.app.store.insert(charge, ctx.account);
  pi.status = "succeeded";
  pi.amount_received = pi.amount;
  pi.latest_charge = chargeId;
  pi.last_payment_error = null;
  ctx.app.store.put(pi);
  emit(ctx, "charge.succeeded", charge);
  emit(ctx, "payment_intent.succeeded", pi);
  if (destination && transfer && payment) {
    if (pi.application_fee_amount) {
      const fee = createApplicationFee(ctx, {
        amount: pi.application_fee_amount,
        currency: pi.currency,
        charge: chargeId,
        account: destination,
        payment,
      });
      charge.application_fee = fee.id;
      ctx.app.store.put(charge);
    }
    emit(ctx, "transfer.created", transfer);
  }
  return { pi, charge, error: null, disputeLater: card.outcome === "dispute" };
}

function pmFromParams(ctx: Ctx, p: Params): Stripe.PaymentMethod {
  const type = p.str("type") ?? "card";
  if (type !== "card") throw invalid(`Local Stripe supports only card payment methods.`, "type");
  const card = p.obj("card");
  if (!card) throw invalid("Missing required param: card.", "card", "parameter_missing");
  const token = card.str("token");
  let number: string;
  if (token) {
    if (!TOKENS[token]) throw missing(token, "token", "card[token]");
    number = TOKENS[token];
  } else {
    number = card.reqStr("number");
  }
  const tc = lookupCard(number);
  if (!tc) throw incorrectNumber("card[number]");
  const bd = p.obj("billing_details");
  const pm = createPaymentMethodFromCard(ctx, tc, { email: bd?.str("email") ?? null, name: bd?.str("name") ?? null });
  pm.metadata = p.metadata({});
  if (bd && pm.billing_details.address) {
    const a = bd.obj("address");
    if (a) {
      for (const k of ["city", "country", "line1", "line2", "postal_code", "state"] as const) {
        const v = a.str(k);
        if (v !== undefined) pm.billing_details.address[k] = v;
      }
    }
  }
  ctx.app.store.put(pm);
  return pm;
}

export function register(r: Router): void {
  r.post("/v1/payment_methods", (ctx, p) => pmFromParams(ctx, p));
  r.get("/v1/payment_methods/:id", (ctx, _p, { id }) => {
    if (TOKENS[id]) return resolvePaymentMethod(ctx, id, "id");
    return load<Stripe.PaymentMethod>(ctx, id, "payment_method", "PaymentMethod");
  });
  r.post("/v1/payment_methods/:id/attach", (ctx, p, { id }) => {
    const pm = resolvePaymentMethod(ctx, id, "id");
    return attachPaymentMethod(ctx, pm, p.reqStr("customer"));
  });
  r.post("/v1/payment_methods/:id/detach", (ctx, _p, { id }) => {
    const pm = load<Stripe.PaymentMethod>(ctx, id, "payment_method", "PaymentMethod");
    pm.customer = null;
    ctx.app.store.put(pm);
    emit(ctx, "payment_method.detached", pm);
    return pm;
  });
  const listPms = (ctx: Ctx, p: Params, customer: string | undefined) =>
    paginate(
      ctx.app.store.list<Stripe.PaymentMethod>("payment_method", ctx.account, (m) => !!customer && m.customer === customer),
      p,
      "/v1/payment_methods",
    );
  r.get("/v1/payment_methods", (ctx, p) => listPms(ctx, p, p.str("customer")));
  r.get("/v1/customers/:id/payment_methods", (ctx, p, { id }) => {
    load(ctx, id, "customer", "customer");
    return listPms(ctx, p, id);
  });

  r.post("/v1/payment_intents", (ctx, p) => {
    const td = p.obj("transfer_data");
    const pi = createPaymentIntent(ctx, {
      amount: p.reqInt("amount"),
      currency: p.reqStr("currency").toLowerCase(),
      customer: p.str("customer") ?? null,
      description: p.str("description") ?? null,
      metadata: p.metadata({}),
      applicationFeeAmount: p.int("application_fee_amount") ?? null,
      destination: td?.reqStr("destination") ?? null,
      transferGroup: p.str("transfer_group") ?? null,
      receiptEmail: p.str("receipt_email") ?? null,
    });
    const pmId = p.str("payment_method");
    if (pmId) {
      pi.payment_method = resolvePaymentMethod(ctx, pmId).id;
      pi.status = "requires_confirmation";
      ctx.app.store.put(pi);
    }
    if (p.bool("confirm")) return confirmFromParams(ctx, pi, p);
    return pi;
  });
  r.get("/v1/payment_intents/:id", (ctx, _p, { id }) => load<Stripe.PaymentIntent>(ctx, id, "payment_intent", "payment_intent"));
  r.post("/v1/payment_intents/:id", (ctx, p, { id }) => {
    const pi = load<Stripe.PaymentIntent>(ctx, id, "payment_intent", "payment_intent");
    pi.metadata = p.metadata(pi.metadata);
    const desc = p.nullableStr("description");
    if (desc !== undefined) pi.description = desc;
    ctx.app.store.put(pi);
    return pi;
  });
  r.post("/v1/payment_intents/:id/confirm", (ctx, p, { id }) => {
    const pi = load<Stripe.PaymentIntent>(ctx, id, "payment_intent", "payment_intent");
    return confirmFromParams(ctx, pi, p);
  });
  r.post("/v1/payment_intents/:id/cancel", (ctx, p, { id }) => {
    const pi = load<Stripe.PaymentIntent>(ctx, id, "payment_intent", "payment_intent");
    if (pi.status === "succeeded" || pi.status === "canceled") {
      throw invalid(`You cannot cancel this PaymentIntent because it has a status of ${pi.status}.`, null, "payment_intent_unexpected_state");
    }
    pi.status = "canceled";
    pi.canceled_at = ctx.app.now();
    pi.cancellation_reason = (p.str("cancellation_reason") as Stripe.PaymentIntent.CancellationReason | undefined) ?? null;
    ctx.app.store.put(pi);
    emit(ctx, "payment_intent.canceled", pi);
    return pi;
  });
  r.get("/v1/payment_intents", (ctx, p) => {
    const customer = p.str("customer");
    const created = createdFilter(p);
    return paginate(
      ctx.app.store.list<Stripe.PaymentIntent>("payment_intent", ctx.account, (x) => (!customer || x.customer === customer) && created(x.created)),
      p,
      "/v1/payment_intents",
    );
  });

  r.get("/v1/charges/:id", (ctx, _p, { id }) => load<Stripe.Charge>(ctx, id, "charge", "charge"));
  r.post("/v1/charges/:id", (ctx, p, { id }) => {
    const ch = load<Stripe.Charge>(ctx, id, "charge", "charge");
    ch.metadata = p.metadata(ch.metadata);
    ctx.app.store.put(ch);
    return ch;
  });
  r.get("/v1/charges", (ctx, p) => {
    const customer = p.str("customer");
    const pi = p.str("payment_intent");
    const group = p.str("transfer_group");
    const created = createdFilter(p);
    return paginate(
      ctx.app.store.list<Stripe.Charge>(
        "charge",
        ctx.account,
        (x) => (!customer || x.customer === customer) && (!pi || x.payment_intent === pi) && (!group || x.transfer_group === group) && created(x.created),
      ),
      p,
      "/v1/charges",
    );
  });
}

function confirmFromParams(ctx: Ctx, pi: Stripe.PaymentIntent, p: Params): Stripe.PaymentIntent {
  const pmId = p.str("payment_method") ?? (typeof pi.payment_method === "string" ? pi.payment_method : pi.payment_method?.id);
  if (!pmId) {
    throw invalid("You cannot confirm this PaymentIntent because it's missing a payment method.", "payment_method", "payment_intent_unexpected_state");
  }
  const pm = resolvePaymentMethod(ctx, pmId);
  const result = confirmPaymentIntent(ctx, pi, pm);
  if (result.error) throw result.error;
  if (result.disputeLater) openDispute(ctx, result.charge);
  return result.pi;
}
