import crypto from "node:crypto";
import type Stripe from "stripe";
import type { Ctx } from "../context.js";
import type { App } from "../app.js";
import type { Router } from "../router.js";
import type { Params } from "../params.js";
import { StripeApiError, invalid, missing } from "../errors.js";
import { newId, randomToken } from "../ids.js";
import { emptyAddress, load } from "../common.js";
import { emit, changed } from "../events.js";
import { paginate, createdFilter } from "../list.js";
import {
  attachDecline,
  bypassesPending,
  cardForTestId,
  chargeOutcome,
  checksOf,
  decline as declineOf,
  displayBrand,
  ibanBehavior,
  lookupCard,
  normalizeIban,
  riskOf,
  type Decline,
  type TestCard,
} from "../cards.js";
import { cardAftermath } from "./refunds.js";
import { assertDestination } from "./accounts.js";
import { AVAILABLE_AFTER_DAYS, announceBalance, buildCharge, createApplicationFee, createTransfer, createTxn } from "./money.js";

export interface BillingInput {
  email?: string | null;
  name?: string | null;
  phone?: string | null;
}

/** Server-side facts kept next to a payment method (or a card source) in the store. */
export interface PaymentMethodMeta {
  card?: string;
  iban?: string;
  /** A payment that needs the customer once succeeded on-session: off-session is now fine. */
  setUp?: boolean;
  /** fail_next_payment: the next charge is declined once. */
  forceDecline?: boolean;
}

export function fingerprint(value: string): string {
  return crypto.createHash("sha256").update(value).digest("base64").replace(/[^a-zA-Z0-9]/g, "").slice(0, 16);
}

function expYear(ctx: Ctx): number {
  return new Date(ctx.app.now() * 1000).getUTCFullYear() + 3;
}

function billingDetails(billing: BillingInput): Stripe.PaymentMethod.BillingDetails {
  return {
    address: emptyAddress(),
    email: billing.email ?? null,
    name: billing.name ?? null,
    phone: billing.phone ?? null,
    tax_id: null,
  };
}

export function paymentMethodCard(card: TestCard, exp: { month: number; year: number }): Stripe.PaymentMethod.Card {
  const checks = checksOf(card);
  return {
    brand: card.brand,
    checks: { address_line1_check: checks.address_line1_check, address_postal_code_check: checks.address_postal_code_check, cvc_check: checks.cvc_check === "fail" ? "fail" : "unchecked" },
    country: card.country,
    display_brand: displayBrand(card.networks[0] ?? card.brand),
    exp_month: exp.month,
    exp_year: exp.year,
    fingerprint: fingerprint(card.number),
    funding: card.funding,
    generated_from: null,
    last4: card.number.slice(-4),
    networks: { available: [...card.networks], preferred: null },
    regulated_status: "unregulated",
    three_d_secure_usage: { supported: card.outcome !== "three_ds_not_supported" },
    wallet: null,
  };
}

export function createPaymentMethodFromCard(ctx: Ctx, card: TestCard, billing: BillingInput = {}, account = ctx.account): Stripe.PaymentMethod {
  const pm: Stripe.PaymentMethod = {
    id: newId("pm"),
    object: "payment_method",
    allow_redisplay: "unspecified",
    billing_details: billingDetails(billing),
    card: paymentMethodCard(card, { month: 12, year: expYear(ctx) }),
    created: ctx.app.now(),
    customer: null,
    customer_account: null,
    livemode: false,
    metadata: {},
    type: "card",
  };
  ctx.app.store.insert(pm, account, { card: card.number } satisfies PaymentMethodMeta);
  return pm;
}

export function createSepaPaymentMethod(ctx: Ctx, iban: string, billing: BillingInput = {}): Stripe.PaymentMethod {
  const pm: Stripe.PaymentMethod = {
    id: newId("pm"),
    object: "payment_method",
    allow_redisplay: "unspecified",
    billing_details: billingDetails(billing),
    created: ctx.app.now(),
    customer: null,
    customer_account: null,
    livemode: false,
    metadata: {},
    sepa_debit: {
      bank_code: iban.slice(4, 9),
      branch_code: "",
      country: iban.slice(0, 2),
      fingerprint: fingerprint(iban),
      generated_from: { charge: null, setup_attempt: null },
      last4: iban.slice(-4),
    },
    type: "sepa_debit",
  };
  ctx.app.store.insert(pm, ctx.account, { iban } satisfies PaymentMethodMeta);
  return pm;
}

function incorrectNumber(param: string): StripeApiError {
  return new StripeApiError(402, "card_error", "Your card number is incorrect.", "incorrect_number", param);
}

/** The card number behind a test id or a stored token; null when `id` is neither. */
export function cardForToken(ctx: Ctx, id: string): TestCard | null {
  const magic = cardForTestId(id);
  if (magic) return magic;
  const e = ctx.app.store.entry(id);
  if (e && e.type === "token" && typeof e.meta.card === "string") return lookupCard(e.meta.card);
  return null;
}

/** A PaymentMethod-shaped view of a customer's card source (`card_…`), which Stripe accepts as a payment method. */
export function paymentMethodFromSource(card: Stripe.Card, number: string): Stripe.PaymentMethod {
  const tc = lookupCard(number) ?? lookupCard("4242424242424242")!;
  return {
    id: card.id,
    object: "payment_method",
    allow_redisplay: "unspecified",
    billing_details: { address: emptyAddress(), email: null, name: card.name, phone: null, tax_id: null },
    card: paymentMethodCard(tc, { month: card.exp_month, year: card.exp_year }),
    created: 0,
    customer: typeof card.customer === "string" ? card.customer : (card.customer?.id ?? null),
    customer_account: null,
    livemode: false,
    metadata: card.metadata ?? {},
    type: "card",
  };
}

/**
 * Accepts a stored pm_ id, a test id (`pm_card_visa`, `tok_visa`: a fresh payment method each
 * time), a stored token, or a customer's card source.
 */
export function resolvePaymentMethod(ctx: Ctx, id: string, param = "payment_method"): Stripe.PaymentMethod {
  const magic = cardForToken(ctx, id);
  if (magic) return createPaymentMethodFromCard(ctx, magic);
  const pm = ctx.app.store.find<Stripe.PaymentMethod>(id, "payment_method", ctx.account);
  if (pm) return pm;
  const source = ctx.app.store.find<Stripe.Card>(id, "card", ctx.account);
  const number = source ? ctx.app.store.entry(id)?.meta.card : undefined;
  if (source && typeof number === "string") return paymentMethodFromSource(source, number);
  throw missing(id, "PaymentMethod", param);
}

function pmMeta(ctx: Ctx, pm: Stripe.PaymentMethod): PaymentMethodMeta {
  return (ctx.app.store.entry(pm.id)?.meta ?? {}) as PaymentMethodMeta;
}

export function cardOf(ctx: Ctx, pm: Stripe.PaymentMethod): TestCard {
  const meta = pmMeta(ctx, pm);
  const card = lookupCard(meta.card ?? "4242424242424242")!;
  // fail_next_payment forces one decline on an otherwise good card
  return meta.forceDecline ? { ...card, outcome: "generic_decline" } : card;
}

/** The decline a charge of `pm` would get now, without charging (Checkout pre-checks). */
export function wouldDecline(ctx: Ctx, pm: Stripe.PaymentMethod, offSession = false): Decline | null {
  if (pm.type !== "card") return null;
  return chargeOutcome(cardOf(ctx, pm), { offSession, setUp: pmMeta(ctx, pm).setUp === true }).decline;
}

export function cardError(d: Decline, extra: Record<string, unknown> = {}, param: string | null = null): StripeApiError {
  return new StripeApiError(402, "card_error", d.message, d.code, param, {
    decline_code: d.decline_code,
    doc_url: `https://stripe.com/docs/error-codes/${d.code.replace(/_/g, "-")}`,
    ...extra,
  });
}

export function attachPaymentMethod(ctx: Ctx, pm: Stripe.PaymentMethod, customer: string): Stripe.PaymentMethod {
  if (!ctx.app.store.find(customer, "customer", ctx.account)) throw missing(customer, "customer", "customer");
  if (pm.customer === customer) return pm;
  if (ctx.app.store.entry(pm.id)?.type !== "payment_method") {
    throw invalid("The payment method you provided is a card source; add it with POST /v1/customers/{customer}/sources instead.", "payment_method");
  }
  if (pm.customer) {
    throw invalid(`The payment method you provided has already been attached to a customer.`, "payment_method", "payment_method_unexpected_state");
  }
  if (pm.type === "card") {
    const d = attachDecline(cardOf(ctx, pm));
    if (d) throw cardError(d, { payment_method: pm }, "");
  }
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
  paymentMethodTypes?: string[];
}

export function createPaymentIntent(ctx: Ctx, input: PaymentIntentInput): Stripe.PaymentIntent {
  if (!Number.isInteger(input.amount) || input.amount < 1) throw invalid("Invalid positive integer", "amount");
  if (input.destination) assertDestination(ctx, input.destination, "transfer_data[destination]");
  if (input.applicationFeeAmount != null && input.applicationFeeAmount > input.amount) {
    throw invalid("The application fee amount cannot be greater than the amount.", "application_fee_amount");
  }
  const types = input.paymentMethodTypes?.length ? input.paymentMethodTypes : ["card"];
  for (const t of types) {
    if (t !== "card" && t !== "sepa_debit") throw invalid(`Local Stripe supports only the card and sepa_debit payment method types, not ${t}.`, "payment_method_types");
  }
  if (types.includes("sepa_debit") && input.currency !== "eur") {
    throw invalid(`The currency provided (${input.currency}) is invalid for one or more payment method types (sepa_debit).`, "currency");
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
      ...(types.includes("card") ? { card: { installments: null, mandate_options: null, network: null, request_three_d_secure: "automatic" } } : {}),
      ...(types.includes("sepa_debit") ? { sepa_debit: {} } : {}),
    } as Stripe.PaymentIntent.PaymentMethodOptions,
    payment_method_types: types,
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

/** What a charge needs besides the payment method. */
export interface ChargeInput {
  amount: number;
  currency: string;
  customer: string | null;
  paymentIntent: string | null;
  description: string | null;
  metadata: Stripe.Metadata;
  receiptEmail: string | null;
  transferGroup: string | null;
  destination: string | null;
  applicationFeeAmount: number | null;
  shipping: Stripe.Charge.Shipping | null;
  offSession: boolean;
  /** Legacy Charges API: the card source object shown as `charge.source`. */
  source?: Stripe.Card | null;
}

export interface ChargeAttempt {
  charge: Stripe.Charge;
  decline: Decline | null;
  /** Creates the application fee and emits transfer.created: call after the charge's own events. */
  finish(): void;
}

function threeDSecure(): Stripe.Charge.PaymentMethodDetails.Card.ThreeDSecure {
  return {
    authentication_flow: "challenge",
    electronic_commerce_indicator: "05",
    exemption_indicator: null,
    result: "authenticated",
    result_reason: null,
    transaction_id: crypto.randomUUID(),
    version: "2.2.0",
  };
}

/** Moves the money of a successful charge: its balance transaction and, for a destination charge, the transfer. */
function settleFunds(ctx: Ctx, charge: Stripe.Charge, input: ChargeInput, delayDays: number): () => void {
  const txn = createTxn(ctx, {
    account: ctx.account,
    amount: charge.amount,
    currency: charge.currency,
    type: "charge",
    reportingCategory: "charge",
    source: charge.id,
    description: charge.description,
    delayDays,
  });
  charge.balance_transaction = txn.id;
  charge.application_fee_amount = input.applicationFeeAmount;
  charge.receipt_url = `${ctx.app.config.publicUrl}/receipts/${charge.id}`;
  // funds that skip the pending balance are announced right away
  const announce = (account: string) => {
    if (delayDays === 0) announceBalance(ctx, account);
  };
  if (!input.destination) return () => announce(ctx.account);
  charge.transfer_data = { amount: null, destination: input.destination };
  const group = input.transferGroup ?? (input.paymentIntent ? `group_${input.paymentIntent}` : `group_${charge.id}`);
  charge.transfer_group = group;
  const { transfer, payment } = createTransfer(ctx, {
    amount: charge.amount,
    currency: charge.currency,
    destination: input.destination,
    sourceTransaction: charge.id,
    transferGroup: group,
    emitEvents: false,
    delayDays,
  });
  charge.transfer = transfer.id;
  const destination = input.destination;
  return () => {
    if (input.applicationFeeAmount) {
      const fee = createApplicationFee(ctx, {
        amount: input.applicationFeeAmount,
        currency: charge.currency,
        charge: charge.id,
        account: destination,
        payment,
        delayDays,
      });
      charge.application_fee = fee.id;
      ctx.app.store.put(charge);
    }
    emit(ctx, "transfer.created", transfer);
    announce(ctx.account);
    announce(destination);
  };
}

/** Charges the card behind `pm` as the table says: a failed charge, or a succeeded one with its money movements. */
export function chargeCard(ctx: Ctx, pm: Stripe.PaymentMethod, input: ChargeInput): ChargeAttempt {
  const card = cardOf(ctx, pm);
  const meta = pmMeta(ctx, pm);
  const result = chargeOutcome(card, { offSession: input.offSession, setUp: meta.setUp === true });
  const now = ctx.app.now();
  const cardInfo = {
    brand: card.brand,
    last4: card.number.slice(-4),
    funding: card.funding,
    country: card.country,
    exp_month: pm.card?.exp_month ?? 12,
    exp_year: pm.card?.exp_year ?? 2030,
    fingerprint: pm.card?.fingerprint ?? fingerprint(card.number),
  };
  const charge = buildCharge({
    created: now,
    amount: input.amount,
    currency: input.currency,
    status: result.decline ? "failed" : "succeeded",
    balanceTransaction: null,
    card: cardInfo,
    paymentMethod: pm.id,
    customer: input.customer,
    paymentIntent: input.paymentIntent,
    description: input.description,
    metadata: input.metadata,
    billingEmail: pm.billing_details.email ?? input.receiptEmail,
    receiptEmail: result.decline ? null : input.receiptEmail,
    failure: result.decline,
    transferGroup: input.transferGroup,
    risk: riskOf(card),
    checks: checksOf(card),
    threeDSecure: result.authenticated ? threeDSecure() : null,
    networks: card.networks,
  });
  charge.billing_details.name = pm.billing_details.name;
  charge.shipping = input.shipping;
  if (input.source) charge.source = input.source;
  if (result.decline) {
    ctx.app.store.insert(charge, ctx.account, { card: card.number });
    return { charge, decline: result.decline, finish: () => undefined };
  }
  const finish = settleFunds(ctx, charge, input, bypassesPending(card) ? 0 : AVAILABLE_AFTER_DAYS);
  ctx.app.store.insert(charge, ctx.account, { card: card.number });
  if (!input.offSession && ctx.app.store.entry(pm.id)) {
    // the customer was there: the card is now set up for off-session use
    meta.setUp = true;
    ctx.app.store.save();
  }
  return { charge, decline: null, finish };
}

export interface ConfirmResult {
  pi: Stripe.PaymentIntent;
  charge: Stripe.Charge;
  error: StripeApiError | null;
  /** The caller runs cardAftermath (disputes, fraud warnings) once its own events are out. */
  followUp: boolean;
  /** A bank debit is processing: it succeeds or fails later (settleDueDebits). */
  processing: boolean;
}

function assertConfirmable(pi: Stripe.PaymentIntent): void {
  if (pi.status === "succeeded" || pi.status === "canceled" || pi.status === "processing") {
    throw new StripeApiError(
      400,
      "invalid_request_error",
      `This PaymentIntent's status is ${pi.status}, so it cannot be confirmed.`,
      "payment_intent_unexpected_state",
      null,
      { payment_intent: pi },
    );
  }
}

function chargeInputOf(pi: Stripe.PaymentIntent, offSession: boolean): ChargeInput {
  const destination = pi.transfer_data ? (typeof pi.transfer_data.destination === "string" ? pi.transfer_data.destination : pi.transfer_data.destination.id) : null;
  return {
    amount: pi.amount,
    currency: pi.currency,
    customer: typeof pi.customer === "string" ? pi.customer : (pi.customer?.id ?? null),
    paymentIntent: pi.id,
    description: pi.description,
    metadata: pi.metadata,
    receiptEmail: pi.receipt_email,
    transferGroup: pi.transfer_group,
    destination,
    applicationFeeAmount: pi.application_fee_amount,
    shipping: pi.shipping,
    offSession,
  };
}

function failIntent(ctx: Ctx, pi: Stripe.PaymentIntent, charge: Stripe.Charge, pm: Stripe.PaymentMethod, d: Decline): StripeApiError {
  pi.status = "requires_payment_method";
  pi.latest_charge = charge.id;
  pi.payment_method = null;
  pi.processing = null;
  const docUrl = `https://stripe.com/docs/error-codes/${d.code.replace(/_/g, "-")}`;
  pi.last_payment_error = {
    type: "card_error",
    charge: charge.id,
    code: d.code,
    decline_code: d.decline_code,
    doc_url: docUrl,
    message: d.message,
    payment_method: pm,
  };
  ctx.app.store.put(pi);
  emit(ctx, "charge.failed", charge);
  emit(ctx, "payment_intent.payment_failed", pi);
  return cardError(d, { charge: charge.id, payment_intent: pi, payment_method: pm, request_log_url: null });
}

/** Confirms with `pm`: a card is charged now; a SEPA debit starts processing and settles later. */
export function confirmPaymentIntent(ctx: Ctx, pi: Stripe.PaymentIntent, pm: Stripe.PaymentMethod, opts: { offSession?: boolean } = {}): ConfirmResult {
  assertConfirmable(pi);
  if (!pi.payment_method_types.includes(pm.type)) {
    throw invalid(
      `The PaymentMethod provided (${pm.type}) is not allowed for this PaymentIntent. Please attach a PaymentMethod of one of the following types: ${pi.payment_method_types.join(", ")}.`,
      "payment_method",
      "payment_intent_incompatible_payment_method",
    );
  }
  pi.payment_method = pm.id;
  if (pm.type === "sepa_debit") return startBankDebit(ctx, pi, pm);
  const attempt = chargeCard(ctx, pm, chargeInputOf(pi, opts.offSession ?? false));
  const charge = attempt.charge;
  if (attempt.decline) {
    const error = failIntent(ctx, pi, charge, pm, attempt.decline);
    return { pi, charge, error, followUp: false, processing: false };
  }
  if (charge.transfer_group) pi.transfer_group = charge.transfer_group;
  pi.status = "succeeded";
  pi.amount_received = pi.amount;
  pi.latest_charge = charge.id;
  pi.last_payment_error = null;
  pi.next_action = null;
  ctx.app.store.put(pi);
  emit(ctx, "charge.succeeded", charge);
  emit(ctx, "payment_intent.succeeded", pi);
  attempt.finish();
  return { pi, charge, error: null, followUp: true, processing: false };
}

/** Server-side state of a processing bank debit, kept in the PaymentIntent's meta. */
interface DebitMeta {
  settleAt: number;
  outcome: "succeeded" | "failed";
  dispute: boolean;
  charge: string;
}

function startBankDebit(ctx: Ctx, pi: Stripe.PaymentIntent, pm: Stripe.PaymentMethod): ConfirmResult {
  const iban = pmMeta(ctx, pm).iban ?? "AT611904300234573201";
  const behavior = ibanBehavior(iban);
  const now = ctx.app.now();
  const mandate = newId("mandate");
  const charge = buildCharge({
    created: now,
    amount: pi.amount,
    currency: pi.currency,
    status: "pending",
    balanceTransaction: null,
    card: null,
    paymentMethod: pm.id,
    customer: typeof pi.customer === "string" ? pi.customer : null,
    paymentIntent: pi.id,
    description: pi.description,
    metadata: pi.metadata,
    billingEmail: pm.billing_details.email ?? pi.receipt_email,
    transferGroup: pi.transfer_group,
    paymentMethodDetails: {
      type: "sepa_debit",
      sepa_debit: {
        bank_code: pm.sepa_debit?.bank_code ?? null,
        branch_code: pm.sepa_debit?.branch_code ?? null,
        country: pm.sepa_debit?.country ?? null,
        fingerprint: pm.sepa_debit?.fingerprint ?? null,
        last4: pm.sepa_debit?.last4 ?? null,
        mandate,
      },
    },
  });
  charge.billing_details.name = pm.billing_details.name;
  charge.outcome = { ...charge.outcome!, network_status: "approved_by_network", seller_message: "Payment is processing.", type: "authorized" };
  charge.shipping = pi.shipping;
  ctx.app.store.insert(charge, ctx.account);
  pi.status = "processing";
  pi.latest_charge = charge.id;
  pi.last_payment_error = null;
  pi.processing = null;
  ctx.app.store.put(pi);
  const debit: DebitMeta = { settleAt: now + behavior.delaySeconds, outcome: behavior.outcome, dispute: behavior.dispute, charge: charge.id };
  ctx.app.store.meta(pi.id).debit = debit;
  ctx.app.store.save();
  emit(ctx, "charge.pending", charge);
  emit(ctx, "payment_intent.processing", pi);
  ctx.app.kick();
  return { pi, charge, error: null, followUp: false, processing: true };
}

export interface SettledDebit {
  /** When it settled (virtual time). */
  at: number;
  ctx: Ctx;
  pi: Stripe.PaymentIntent;
  charge: Stripe.Charge;
  succeeded: boolean;
}

/** Ends a processing SEPA debit: succeeded (funds, transfer) or failed. */
function settleBankDebit(ctx: Ctx, pi: Stripe.PaymentIntent, debit: DebitMeta): SettledDebit | null {
  const charge = ctx.app.store.find<Stripe.Charge>(debit.charge, "charge");
  if (!charge) return null;
  delete ctx.app.store.meta(pi.id).debit;
  const pmId = typeof pi.payment_method === "string" ? pi.payment_method : pi.payment_method?.id;
  const pm = pmId ? ctx.app.store.find<Stripe.PaymentMethod>(pmId, "payment_method") : undefined;
  if (debit.outcome === "failed") {
    const d: Decline = { ...declineOf("insufficient_funds"), message: "The customer's account has insufficient funds to cover this payment.", outcomeType: "issuer_declined" };
    charge.status = "failed";
    charge.paid = false;
    charge.failure_code = d.code;
    charge.failure_message = d.message;
    charge.outcome = { ...charge.outcome!, network_status: "declined_by_network", reason: "insufficient_funds", seller_message: d.message, type: "issuer_declined" };
    ctx.app.store.put(charge);
    failIntent(ctx, pi, charge, pm ?? ({ id: pmId } as Stripe.PaymentMethod), { ...d, code: "insufficient_funds" });
    return { at: ctx.app.now(), ctx, pi, charge, succeeded: false };
  }
  const finish = settleFunds(ctx, charge, chargeInputOf(pi, true), AVAILABLE_AFTER_DAYS);
  charge.status = "succeeded";
  charge.paid = true;
  charge.captured = true;
  charge.amount_captured = charge.amount;
  charge.outcome = { ...charge.outcome!, seller_message: "Payment complete." };
  ctx.app.store.put(charge);
  if (charge.transfer_group) pi.transfer_group = charge.transfer_group;
  pi.status = "succeeded";
  pi.amount_received = pi.amount;
  ctx.app.store.put(pi);
  emit(ctx, "charge.succeeded", charge);
  emit(ctx, "payment_intent.succeeded", pi);
  finish();
  if (debit.dispute) cardAftermath(ctx, charge, { reason: "fraudulent", inquiry: false });
  return { at: ctx.app.now(), ctx, pi, charge, succeeded: true };
}

/** Settles every processing bank debit whose time has come (called by the clock). */
export function settleDueDebits(app: App): SettledDebit[] {
  const out: SettledDebit[] = [];
  const now = app.now();
  const due = Object.values(app.store.state.objects)
    .filter((e) => e.type === "payment_intent" && (e.obj as unknown as Stripe.PaymentIntent).status === "processing" && e.meta.debit)
    .map((e) => ({ e, debit: e.meta.debit as DebitMeta }))
    .filter(({ debit }) => debit.settleAt <= now)
    .sort((a, b) => a.debit.settleAt - b.debit.settleAt);
  for (const { e, debit } of due) {
    const ctx = app.ctx(e.account);
    const settled = app.at(debit.settleAt, () => settleBankDebit(ctx, e.obj as unknown as Stripe.PaymentIntent, debit));
    if (settled) out.push(settled);
  }
  return out;
}

function billingFrom(p: Params | undefined): BillingInput & { address?: Params } {
  return { email: p?.str("email") ?? null, name: p?.str("name") ?? null, phone: p?.str("phone") ?? null, address: p?.obj("address") };
}

function applyAddress(pm: Stripe.PaymentMethod, a: Params | undefined): void {
  if (!a || !pm.billing_details.address) return;
  for (const k of ["city", "country", "line1", "line2", "postal_code", "state"] as const) {
    const v = a.str(k);
    if (v !== undefined) pm.billing_details.address[k] = v;
  }
}

/** Builds a payment method from `type` + `card[…]` / `sepa_debit[…]` params (PaymentMethod create, payment_method_data). */
export function paymentMethodFromParams(ctx: Ctx, p: Params, prefix = ""): Stripe.PaymentMethod {
  const type = p.str("type") ?? "card";
  const bd = p.obj("billing_details");
  const billing = billingFrom(bd);
  let pm: Stripe.PaymentMethod;
  if (type === "sepa_debit") {
    const s = p.obj("sepa_debit");
    if (!s) throw invalid(`Missing required param: ${prefix}sepa_debit.`, `${prefix}sepa_debit`, "parameter_missing");
    const raw = s.reqStr("iban");
    const iban = normalizeIban(raw);
    if (!iban) throw invalid(`The IBAN you provided (${raw}) is invalid.`, `${prefix}sepa_debit[iban]`, "invalid_bank_account_iban");
    pm = createSepaPaymentMethod(ctx, iban, billing);
  } else if (type === "card") {
    const card = p.obj("card");
    if (!card) throw invalid(`Missing required param: ${prefix}card.`, `${prefix}card`, "parameter_missing");
    const token = card.str("token");
    let tc: TestCard | null;
    if (token) {
      tc = cardForToken(ctx, token);
      if (!tc) throw missing(token, "token", `${prefix}card[token]`);
    } else {
      tc = lookupCard(card.reqStr("number"));
      if (!tc) throw incorrectNumber(`${prefix}card[number]`);
    }
    pm = createPaymentMethodFromCard(ctx, tc, billing);
    const month = card.int("exp_month");
    const year = card.int("exp_year");
    if (pm.card && month !== undefined) {
      if (month < 1 || month > 12) throw new StripeApiError(402, "card_error", "Your card's expiration month is invalid.", "invalid_expiry_month", `${prefix}card[exp_month]`);
      pm.card.exp_month = month;
    }
    if (pm.card && year !== undefined) pm.card.exp_year = year < 100 ? 2000 + year : year;
  } else {
    throw invalid(`Local Stripe supports only card and sepa_debit payment methods.`, `${prefix}type`);
  }
  pm.metadata = p.metadata({});
  applyAddress(pm, billing.address);
  ctx.app.store.put(pm);
  return pm;
}

function offSessionParam(p: Params): boolean | undefined {
  const v = p.str("off_session");
  if (v === undefined || v === "") return undefined;
  return v !== "false";
}

export function shippingFrom(s: Params | undefined): Stripe.PaymentIntent.Shipping | null {
  if (!s) return null;
  const a = s.obj("address");
  return {
    address: {
      city: a?.str("city") ?? null,
      country: a?.str("country") ?? null,
      line1: a?.str("line1") ?? null,
      line2: a?.str("line2") ?? null,
      postal_code: a?.str("postal_code") ?? null,
      state: a?.str("state") ?? null,
    },
    carrier: s.str("carrier") ?? null,
    name: s.str("name") ?? "",
    phone: s.str("phone") ?? null,
    tracking_number: s.str("tracking_number") ?? null,
  };
}

export function setupFutureUsage(p: Params, key = "setup_future_usage"): Stripe.PaymentIntent.SetupFutureUsage | null {
  return p.oneOf(key, ["on_session", "off_session"] as const) ?? null;
}

export function register(r: Router): void {
  r.post("/v1/payment_methods", (ctx, p) => paymentMethodFromParams(ctx, p));
  r.get("/v1/payment_methods/:id", (ctx, _p, { id }) => resolvePaymentMethod(ctx, id, "id"));
  r.post("/v1/payment_methods/:id/attach", (ctx, p, { id }) => {
    const pm = resolvePaymentMethod(ctx, id, "id");
    return attachPaymentMethod(ctx, pm, p.reqStr("customer"));
  });
  r.post("/v1/payment_methods/:id/detach", (ctx, _p, { id }) => {
    const pm = load<Stripe.PaymentMethod>(ctx, id, "payment_method", "PaymentMethod");
    if (!pm.customer) throw invalid("The payment method you provided is not attached to a customer so detachment is impossible.", null, "payment_method_unexpected_state");
    pm.customer = null;
    ctx.app.store.put(pm);
    emit(ctx, "payment_method.detached", pm);
    return pm;
  });
  r.post("/v1/payment_methods/:id", (ctx, p, { id }) => {
    const before = load<Stripe.PaymentMethod>(ctx, id, "payment_method", "PaymentMethod");
    const after = JSON.parse(JSON.stringify(before)) as Stripe.PaymentMethod;
    after.metadata = p.metadata(after.metadata ?? {});
    const bd = p.obj("billing_details");
    if (bd) {
      for (const k of ["email", "name", "phone"] as const) {
        const v = bd.nullableStr(k);
        if (v !== undefined) after.billing_details[k] = v;
      }
      applyAddress(after, bd.obj("address"));
    }
    const card = p.obj("card");
    if (card && after.card) {
      after.card.exp_month = card.int("exp_month") ?? after.card.exp_month;
      after.card.exp_year = card.int("exp_year") ?? after.card.exp_year;
    }
    ctx.app.store.put(after);
    const previous = changed(before, after);
    if (Object.keys(previous).length) emit(ctx, "payment_method.updated", after, { previous });
    return after;
  });
  const listPms = (ctx: Ctx, p: Params, customer: string | undefined) => {
    const type = p.str("type");
    return paginate(
      ctx.app.store.list<Stripe.PaymentMethod>("payment_method", ctx.account, (m) => !!customer && m.customer === customer && (!type || m.type === type)),
      p,
      "/v1/payment_methods",
    );
  };
  r.get("/v1/payment_methods", (ctx, p) => listPms(ctx, p, p.str("customer")));
  r.get("/v1/customers/:id/payment_methods", (ctx, p, { id }) => {
    load(ctx, id, "customer", "customer");
    return listPms(ctx, p, id);
  });

  r.post("/v1/payment_intents", (ctx, p) => {
    const td = p.obj("transfer_data");
    const capture = p.str("capture_method");
    if (capture === "manual") throw invalid("Local Stripe captures every payment automatically; capture_method=manual is not supported.", "capture_method");
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
      shipping: shippingFrom(p.obj("shipping")),
      setupFutureUsage: setupFutureUsage(p),
      paymentMethodTypes: p.strArr("payment_method_types"),
    });
    const pm = pmFromIntentParams(ctx, p);
    if (pm) {
      pi.payment_method = pm.id;
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
    const pm = pmFromIntentParams(ctx, p);
    if (pm && pi.status !== "succeeded" && pi.status !== "canceled" && pi.status !== "processing") {
      pi.payment_method = pm.id;
      pi.status = "requires_confirmation";
    }
    ctx.app.store.put(pi);
    return pi;
  });
  r.post("/v1/payment_intents/:id/confirm", (ctx, p, { id }) => {
    const pi = load<Stripe.PaymentIntent>(ctx, id, "payment_intent", "payment_intent");
    return confirmFromParams(ctx, pi, p);
  });
  r.post("/v1/payment_intents/:id/cancel", (ctx, p, { id }) => {
    const pi = load<Stripe.PaymentIntent>(ctx, id, "payment_intent", "payment_intent");
    if (pi.status === "succeeded" || pi.status === "canceled" || pi.status === "processing") {
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
    const desc = p.nullableStr("description");
    if (desc !== undefined) ch.description = desc;
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

/** `payment_method` (any accepted id) or `payment_method_data[…]` of a PaymentIntent request. */
function pmFromIntentParams(ctx: Ctx, p: Params): Stripe.PaymentMethod | null {
  const data = p.obj("payment_method_data");
  if (data) return paymentMethodFromParams(ctx, data, "payment_method_data[");
  const id = p.str("payment_method");
  return id ? resolvePaymentMethod(ctx, id) : null;
}

function confirmFromParams(ctx: Ctx, pi: Stripe.PaymentIntent, p: Params): Stripe.PaymentIntent {
  const given = pmFromIntentParams(ctx, p);
  const pmId = given?.id ?? (typeof pi.payment_method === "string" ? pi.payment_method : pi.payment_method?.id);
  if (!pmId) {
    throw invalid("You cannot confirm this PaymentIntent because it's missing a payment method.", "payment_method", "payment_intent_unexpected_state");
  }
  const pm = given ?? resolvePaymentMethod(ctx, pmId);
  const sfu = setupFutureUsage(p);
  if (sfu) pi.setup_future_usage = sfu;
  const result = confirmPaymentIntent(ctx, pi, pm, { offSession: offSessionParam(p) ?? false });
  if (result.error) throw result.error;
  if (result.followUp) cardAftermath(ctx, result.charge);
  return result.pi;
}
