import type Stripe from "stripe";
import type { Ctx } from "../context.js";
import type { Router } from "../router.js";
import type { Params } from "../params.js";
import { invalid, missing } from "../errors.js";
import { newId } from "../ids.js";
import { addDays, load } from "../common.js";
import { emit, changed } from "../events.js";
import { paginate, createdFilter } from "../list.js";
import { disputeOf, lookupCard, refundBehaviorOf } from "../cards.js";
import { createTxn } from "./money.js";

export interface RefundInput {
  amount?: number;
  reason?: Stripe.Refund.Reason | null;
  metadata?: Stripe.Metadata;
  reverseTransfer?: boolean;
  refundApplicationFee?: boolean;
}

export function refundCharge(ctx: Ctx, charge: Stripe.Charge, input: RefundInput): Stripe.Refund {
  if (charge.status !== "succeeded") throw invalid(`Charge ${charge.id} has not succeeded and cannot be refunded.`, "charge");
  const remaining = charge.amount - charge.amount_refunded;
  if (remaining <= 0) {
    throw invalid(`Charge ${charge.id} has already been refunded.`, "charge", "charge_already_refunded");
  }
  const amount = input.amount ?? remaining;
  if (amount <= 0) throw invalid("Invalid positive integer", "amount");
  if (amount > remaining) {
    throw invalid(
      `Refund amount (${amount}) is greater than unrefunded amount on charge (${remaining})`,
      "amount",
      "amount_too_large",
    );
  }
  const id = newId("re");
  const now = ctx.app.now();
  const txn = createTxn(ctx, {
    account: ctx.account,
    amount: -amount,
    currency: charge.currency,
    type: "refund",
    reportingCategory: "refund",
    source: id,
  });
  let transferReversal: string | null = null;
  const transferId = charge.transfer ? (typeof charge.transfer === "string" ? charge.transfer : charge.transfer.id) : null;
  if (input.reverseTransfer && transferId) {
    const transfer = ctx.app.store.find<Stripe.Transfer>(transferId, "transfer");
    if (transfer) {
      const share = Math.min(transfer.amount - transfer.amount_reversed, Math.round((transfer.amount * amount) / charge.amount));
      transferReversal = newId("trr");
      const destination = typeof transfer.destination === "string" ? transfer.destination : transfer.destination?.id;
      createTxn(ctx, { account: ctx.account, amount: share, currency: charge.currency, type: "transfer_refund", reportingCategory: "transfer_reversal", source: transferReversal });
      if (destination) {
        createTxn(ctx, { account: destination, amount: -share, currency: charge.currency, type: "payment_refund", reportingCategory: "refund", source: transferReversal });
      }
      transfer.amount_reversed += share;
      transfer.reversed = transfer.amount_reversed >= transfer.amount;
      ctx.app.store.put(transfer);
    }
  }
  const feeId = charge.application_fee ? (typeof charge.application_fee === "string" ? charge.application_fee : charge.application_fee.id) : null;
  if (input.refundApplicationFee && feeId) {
    const fee = ctx.app.store.find<Stripe.ApplicationFee>(feeId, "application_fee");
    if (fee) {
      const share = Math.min(fee.amount - fee.amount_refunded, Math.round((fee.amount * amount) / charge.amount));
      const fr = newId("fr");
      createTxn(ctx, { account: ctx.account, amount: -share, currency: charge.currency, type: "application_fee_refund", reportingCategory: "platform_earning_refund", source: fr });
      const acct = typeof fee.account === "string" ? fee.account : fee.account.id;
      createTxn(ctx, { account: acct, amount: share, currency: charge.currency, type: "application_fee_refund", reportingCategory: "platform_earning_refund", source: fr });
      fee.amount_refunded += share;
      fee.refunded = fee.amount_refunded >= fee.amount;
      ctx.app.store.put(fee);
    }
  }
  const refund: Stripe.Refund = {
    id,
    object: "refund",
    amount,
    balance_transaction: txn.id,
    charge: charge.id,
    created: now,
    currency: charge.currency,
    customer: charge.customer,
    customer_account: null,
    destination_details: { card: { reference: "local", reference_status: "available", reference_type: "acquirer_reference_number", type: "refund" }, type: "card" },
    metadata: input.metadata ?? {},
    payment_intent: charge.payment_intent,
    payment_method: charge.payment_method,
    reason: input.reason ?? null,
    receipt_number: null,
    source_transfer_reversal: null,
    status: "succeeded",
    transfer_reversal: transferReversal,
  };
  const paidWith = chargeCard(ctx, charge);
  const behavior = paidWith ? refundBehaviorOf(paidWith) : null;
  if (behavior === "pending") refund.status = "pending";
  ctx.app.store.insert(refund, ctx.account);
  charge.amount_refunded += amount;
  charge.refunded = charge.amount_refunded >= charge.amount;
  if (charge.refunds) {
    charge.refunds.data = [refund, ...charge.refunds.data];
  }
  ctx.app.store.put(charge);
  emit(ctx, "refund.created", refund);
  emit(ctx, "charge.refunded", charge, { previous: { amount_refunded: charge.amount_refunded - amount, refunded: false } });
  // the asynchronous test refunds: the caller sees the first status, the change follows at once
  const answer = JSON.parse(JSON.stringify(refund)) as Stripe.Refund;
  if (behavior === "pending") settleRefund(ctx, refund, charge, "succeeded");
  if (behavior === "fail") settleRefund(ctx, refund, charge, "failed");
  return answer;
}

/** The test card a charge was paid with (kept next to the charge), if any. */
function chargeCard(ctx: Ctx, charge: Stripe.Charge) {
  const number = ctx.app.store.entry(charge.id)?.meta.card;
  return typeof number === "string" ? lookupCard(number) : null;
}

function syncChargeRefund(ctx: Ctx, charge: Stripe.Charge, refund: Stripe.Refund): void {
  if (charge.refunds) charge.refunds.data = charge.refunds.data.map((r) => (r.id === refund.id ? refund : r));
  ctx.app.store.put(charge);
}

/** A pending refund succeeds, or a succeeded one fails (its amount comes back to the balance). */
function settleRefund(ctx: Ctx, refund: Stripe.Refund, charge: Stripe.Charge, status: "succeeded" | "failed"): void {
  const previous = { status: refund.status };
  refund.status = status;
  if (status === "failed") {
    const txn = createTxn(ctx, {
      account: ctx.account,
      amount: refund.amount,
      currency: refund.currency,
      type: "refund_failure",
      reportingCategory: "refund_failure",
      source: refund.id,
      description: `Refund failure for ${charge.id}`,
    });
    refund.failure_balance_transaction = txn.id;
    refund.failure_reason = "expired_or_canceled_card";
    charge.amount_refunded = Math.max(0, charge.amount_refunded - refund.amount);
    charge.refunded = charge.amount_refunded >= charge.amount;
  }
  ctx.app.store.put(refund);
  syncChargeRefund(ctx, charge, refund);
  emit(ctx, "refund.updated", refund, { previous });
  emit(ctx, "charge.refund.updated", refund, { previous });
  if (status === "failed") emit(ctx, "refund.failed", refund);
}

export interface DisputeKind {
  reason: string;
  /** An inquiry (retrieval request): status warning_needs_response, no funds withdrawn. */
  inquiry: boolean;
}

export function openDispute(ctx: Ctx, charge: Stripe.Charge, kind: DisputeKind = { reason: "fraudulent", inquiry: false }): Stripe.Dispute {
  const existing = ctx.app.store.list<Stripe.Dispute>("dispute", ctx.account, (d) => d.charge === charge.id);
  if (existing.length) throw invalid(`Charge ${charge.id} is already disputed.`, "charge");
  const id = newId("dp");
  const now = ctx.app.now();
  const txn = kind.inquiry
    ? null
    : createTxn(ctx, {
        account: ctx.account,
        amount: -charge.amount,
        currency: charge.currency,
        type: "adjustment",
        reportingCategory: "dispute",
        source: id,
        description: `Chargeback withdrawal for ${charge.id}`,
      });
  const card = charge.payment_method_details?.card;
  const reasonCode = kind.reason === "product_not_received" ? "13.1" : kind.inquiry ? "10" : "10.4";
  const dispute: Stripe.Dispute = {
    id,
    object: "dispute",
    amount: charge.amount,
    balance_transactions: txn ? [txn] : [],
    charge: charge.id,
    created: now,
    currency: charge.currency,
    enhanced_eligibility_types: [],
    evidence: {
      access_activity_log: null,
      billing_address: null,
      cancellation_policy: null,
      cancellation_policy_disclosure: null,
      cancellation_rebuttal: null,
      customer_communication: null,
      customer_email_address: null,
      customer_name: null,
      customer_purchase_ip: null,
      customer_signature: null,
      duplicate_charge_documentation: null,
      duplicate_charge_explanation: null,
      duplicate_charge_id: null,
      enhanced_evidence: {},
      product_description: null,
      receipt: null,
      refund_policy: null,
      refund_policy_disclosure: null,
      refund_refusal_explanation: null,
      service_date: null,
      service_documentation: null,
      shipping_address: null,
      shipping_carrier: null,
      shipping_date: null,
      shipping_documentation: null,
      shipping_tracking_number: null,
      uncategorized_file: null,
      uncategorized_text: null,
    },
    evidence_details: {
      due_by: addDays(now, 21),
      enhanced_eligibility: {},
      has_evidence: false,
      past_due: false,
      submission_count: 0,
      submission_method: null as unknown as Stripe.Dispute.EvidenceDetails.SubmissionMethod,
    },
    intended_submission_method: null,
    is_charge_refundable: kind.inquiry,
    livemode: false,
    metadata: {},
    payment_intent: charge.payment_intent,
    payment_method_details: card
      ? { card: { brand: card.brand ?? "visa", case_type: kind.inquiry ? "inquiry" : "chargeback", network: card.brand ?? "visa", network_reason_code: reasonCode }, type: "card" }
      : undefined,
    reason: kind.reason,
    status: kind.inquiry ? "warning_needs_response" : "needs_response",
  };
  if (!dispute.payment_method_details) delete dispute.payment_method_details;
  ctx.app.store.insert(dispute, ctx.account);
  charge.disputed = true;
  ctx.app.store.put(charge);
  emit(ctx, "charge.dispute.created", dispute);
  if (!kind.inquiry) emit(ctx, "charge.dispute.funds_withdrawn", dispute);
  return dispute;
}

export function isInquiry(dispute: Stripe.Dispute): boolean {
  return dispute.status.startsWith("warning_");
}

/** An early fraud warning on a charge (radar.early_fraud_warning.created). */
export function createEarlyFraudWarning(ctx: Ctx, charge: Stripe.Charge): Stripe.Radar.EarlyFraudWarning {
  const efw: Stripe.Radar.EarlyFraudWarning = {
    id: newId("issfr"),
    object: "radar.early_fraud_warning",
    actionable: true,
    charge: charge.id,
    created: ctx.app.now(),
    fraud_type: "made_with_stolen_card",
    livemode: false,
    payment_intent: charge.payment_intent ?? undefined,
  };
  if (efw.payment_intent === undefined) delete efw.payment_intent;
  ctx.app.store.insert(efw, ctx.account);
  emit(ctx, "radar.early_fraud_warning.created", efw);
  return efw;
}

/**
 * What happens to a successful charge after its own events: the dispute test cards open a
 * dispute (or an inquiry), the early-fraud-warning card gets a warning.
 */
export function cardAftermath(ctx: Ctx, charge: Stripe.Charge, override?: DisputeKind): void {
  if (charge.status !== "succeeded") return;
  const card = chargeCard(ctx, charge);
  const kind = override ?? (card ? disputeOf(card) : null);
  if (kind) openDispute(ctx, charge, kind);
  if (card?.outcome === "early_fraud_warning") createEarlyFraudWarning(ctx, charge);
}

/** Closes a dispute as won or lost; an inquiry closes as warning_closed and moves no money. */
export function closeDispute(ctx: Ctx, dispute: Stripe.Dispute, outcome: "won" | "lost"): Stripe.Dispute {
  if (dispute.status === "won" || dispute.status === "lost" || dispute.status === "warning_closed") {
    throw invalid(`Dispute ${dispute.id} is already closed.`, "dispute");
  }
  const previous = { status: dispute.status };
  if (isInquiry(dispute)) {
    dispute.status = "warning_closed";
    ctx.app.store.put(dispute);
    emit(ctx, "charge.dispute.closed", dispute, { previous });
    return dispute;
  }
  if (outcome === "won") {
    const txn = createTxn(ctx, {
      account: ctx.account,
      amount: dispute.amount,
      currency: dispute.currency,
      type: "adjustment",
      reportingCategory: "dispute_reversal",
      source: dispute.id,
      description: `Chargeback reversal for ${typeof dispute.charge === "string" ? dispute.charge : dispute.charge.id}`,
    });
    dispute.balance_transactions = [...dispute.balance_transactions, txn];
  }
  dispute.status = outcome;
  ctx.app.store.put(dispute);
  emit(ctx, "charge.dispute.closed", dispute, { previous });
  if (outcome === "won") emit(ctx, "charge.dispute.funds_reinstated", dispute);
  return dispute;
}

const EVIDENCE_TEXT = [
  "access_activity_log",
  "billing_address",
  "cancellation_policy_disclosure",
  "cancellation_rebuttal",
  "customer_email_address",
  "customer_name",
  "customer_purchase_ip",
  "duplicate_charge_explanation",
  "duplicate_charge_id",
  "product_description",
  "refund_policy_disclosure",
  "refund_refusal_explanation",
  "service_date",
  "shipping_address",
  "shipping_carrier",
  "shipping_date",
  "shipping_tracking_number",
  "uncategorized_text",
] as const;

/**
 * POST /v1/disputes/{id}: metadata and evidence (charge.dispute.updated). Submitted evidence
 * moves the dispute under review; Stripe's test values `winning_evidence` / `losing_evidence`
 * in `uncategorized_text` close it as won / lost.
 */
function updateDispute(ctx: Ctx, before: Stripe.Dispute, p: Params): Stripe.Dispute {
  const after = JSON.parse(JSON.stringify(before)) as Stripe.Dispute;
  after.metadata = p.metadata(after.metadata ?? {});
  const ev = p.obj("evidence");
  const closed = after.status === "won" || after.status === "lost" || after.status === "warning_closed";
  if (ev) {
    if (closed) throw invalid("This dispute is already closed.", "evidence");
    const evidence = after.evidence as unknown as Record<string, unknown>;
    for (const k of EVIDENCE_TEXT) {
      const v = ev.nullableStr(k);
      if (v !== undefined) evidence[k] = v;
    }
    after.evidence_details.has_evidence = true;
  }
  const submit = ev ? (p.bool("submit") ?? true) : false;
  if (submit) {
    after.evidence_details.submission_count += 1;
    after.evidence_details.submission_method = "manual";
    after.status = isInquiry(after) ? "warning_under_review" : "under_review";
  }
  ctx.app.store.put(after);
  const previous = changed(before, after);
  if (Object.keys(previous).length) emit(ctx, "charge.dispute.updated", after, { previous });
  const text = after.evidence.uncategorized_text;
  if (submit && (text === "winning_evidence" || text === "losing_evidence")) {
    return closeDispute(ctx, after, text === "winning_evidence" ? "won" : "lost");
  }
  return after;
}

export function register(r: Router): void {
  r.post("/v1/refunds", (ctx, p) => {
    let chargeId = p.str("charge");
    const piId = p.str("payment_intent");
    if (!chargeId && !piId) throw invalid("One of the following params should be provided for this request: payment_intent or charge.", "charge", "parameter_missing");
    if (!chargeId && piId) {
      const pi = load<Stripe.PaymentIntent>(ctx, piId, "payment_intent", "payment_intent", "payment_intent");
      if (pi.status !== "succeeded" || !pi.latest_charge) {
        throw invalid(`This PaymentIntent (${pi.id}) does not have a successful charge to refund.`, "payment_intent", "charge_not_refundable");
      }
      chargeId = typeof pi.latest_charge === "string" ? pi.latest_charge : pi.latest_charge.id;
    }
    const charge = ctx.app.store.find<Stripe.Charge>(chargeId!, "charge", ctx.account);
    if (!charge) throw missing(chargeId!, "charge", "charge");
    return refundCharge(ctx, charge, {
      amount: p.int("amount"),
      reason: p.oneOf("reason", ["duplicate", "fraudulent", "requested_by_customer"] as const) ?? null,
      metadata: p.metadata({}),
      reverseTransfer: p.bool("reverse_transfer"),
      refundApplicationFee: p.bool("refund_application_fee"),
    });
  });
  r.get("/v1/refunds/:id", (ctx, _p, { id }) => load<Stripe.Refund>(ctx, id, "refund", "refund"));
  r.get("/v1/refunds", (ctx, p) => {
    const charge = p.str("charge");
    const pi = p.str("payment_intent");
    return paginate(
      ctx.app.store.list<Stripe.Refund>("refund", ctx.account, (x) => (!charge || x.charge === charge) && (!pi || x.payment_intent === pi)),
      p,
      "/v1/refunds",
    );
  });
  r.get("/v1/charges/:id/refunds", (ctx, p, { id }) => {
    load(ctx, id, "charge", "charge");
    return paginate(ctx.app.store.list<Stripe.Refund>("refund", ctx.account, (x) => x.charge === id), p, `/v1/charges/${id}/refunds`);
  });

  r.get("/v1/disputes/:id", (ctx, _p, { id }) => load<Stripe.Dispute>(ctx, id, "dispute", "dispute"));
  r.get("/v1/disputes", (ctx, p) => {
    const charge = p.str("charge");
    const pi = p.str("payment_intent");
    const created = createdFilter(p);
    return paginate(
      ctx.app.store.list<Stripe.Dispute>("dispute", ctx.account, (d) => (!charge || d.charge === charge) && (!pi || d.payment_intent === pi) && created(d.created)),
      p,
      "/v1/disputes",
    );
  });
  r.post("/v1/disputes/:id", (ctx, p, { id }) => updateDispute(ctx, load<Stripe.Dispute>(ctx, id, "dispute", "dispute"), p));
  r.post("/v1/disputes/:id/close", (ctx, _p, { id }) => closeDispute(ctx, load<Stripe.Dispute>(ctx, id, "dispute", "dispute"), "lost"));

  r.post("/v1/refunds/:id", (ctx, p, { id }) => {
    const before = load<Stripe.Refund>(ctx, id, "refund", "refund");
    const after = JSON.parse(JSON.stringify(before)) as Stripe.Refund;
    after.metadata = p.metadata(after.metadata ?? {});
    ctx.app.store.put(after);
    const previous = changed(before, after);
    if (Object.keys(previous).length) {
      const chargeId = typeof after.charge === "string" ? after.charge : after.charge?.id;
      const charge = chargeId ? ctx.app.store.find<Stripe.Charge>(chargeId, "charge") : undefined;
      if (charge) syncChargeRefund(ctx, charge, after);
      emit(ctx, "refund.updated", after, { previous });
      emit(ctx, "charge.refund.updated", after, { previous });
    }
    return after;
  });

  r.get("/v1/radar/early_fraud_warnings/:id", (ctx, _p, { id }) =>
    load<Stripe.Radar.EarlyFraudWarning>(ctx, id, "radar.early_fraud_warning", "early fraud warning"),
  );
  r.get("/v1/radar/early_fraud_warnings", (ctx, p) => {
    const charge = p.str("charge");
    const pi = p.str("payment_intent");
    return paginate(
      ctx.app.store.list<Stripe.Radar.EarlyFraudWarning>(
        "radar.early_fraud_warning",
        ctx.account,
        (w) => (!charge || w.charge === charge) && (!pi || w.payment_intent === pi),
      ),
      p,
      "/v1/radar/early_fraud_warnings",
    );
  });
}
