import type Stripe from "stripe";
import type { Ctx } from "../context.js";
import type { Router } from "../router.js";
import { invalid, missing } from "../errors.js";
import { newId } from "../ids.js";
import { addDays, load } from "../common.js";
import { emit } from "../events.js";
import { paginate } from "../list.js";
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
  ctx.app.store.insert(refund, ctx.account);
  charge.amount_refunded += amount;
  charge.refunded = charge.amount_refunded >= charge.amount;
  if (charge.refunds) {
    charge.refunds.data = [refund, ...charge.refunds.data];
  }
  ctx.app.store.put(charge);
  emit(ctx, "refund.created", refund);
  emit(ctx, "charge.refunded", charge, { previous: { amount_refunded: charge.amount_refunded - amount, refunded: false } });
  return refund;
}

export function openDispute(ctx: Ctx, charge: Stripe.Charge): Stripe.Dispute {
  const existing = ctx.app.store.list<Stripe.Dispute>("dispute", ctx.account, (d) => d.charge === charge.id);
  if (existing.length) throw invalid(`Charge ${charge.id} is already disputed.`, "charge");
  const id = newId("dp");
  const now = ctx.app.now();
  const txn = createTxn(ctx, {
    account: ctx.account,
    amount: -charge.amount,
    currency: charge.currency,
    type: "adjustment",
    reportingCategory: "dispute",
    source: id,
    description: `Chargeback withdrawal for ${charge.id}`,
  });
  const card = charge.payment_method_details?.card;
  const dispute: Stripe.Dispute = {
    id,
    object: "dispute",
    amount: charge.amount,
    balance_transactions: [txn],
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
    is_charge_refundable: false,
    livemode: false,
    metadata: {},
    payment_intent: charge.payment_intent,
    payment_method_details: card
      ? { card: { brand: card.brand ?? "visa", case_type: "chargeback", network: card.brand ?? "visa", network_reason_code: "10.4" }, type: "card" }
      : undefined,
    reason: "fraudulent",
    status: "needs_response",
  };
  if (!dispute.payment_method_details) delete dispute.payment_method_details;
  ctx.app.store.insert(dispute, ctx.account);
  charge.disputed = true;
  ctx.app.store.put(charge);
  emit(ctx, "charge.dispute.created", dispute);
  return dispute;
}

export function closeDispute(ctx: Ctx, dispute: Stripe.Dispute, outcome: "won" | "lost"): Stripe.Dispute {
  if (dispute.status === "won" || dispute.status === "lost") {
    throw invalid(`Dispute ${dispute.id} is already closed.`, "dispute");
  }
  const previous = { status: dispute.status };
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
  return dispute;
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
    return paginate(ctx.app.store.list<Stripe.Dispute>("dispute", ctx.account, (d) => !charge || d.charge === charge), p, "/v1/disputes");
  });
  r.post("/v1/disputes/:id", (ctx, p, { id }) => {
    const d = load<Stripe.Dispute>(ctx, id, "dispute", "dispute");
    d.metadata = p.metadata(d.metadata);
    ctx.app.store.put(d);
    return d;
  });
  r.post("/v1/disputes/:id/close", (ctx, _p, { id }) => closeDispute(ctx, load<Stripe.Dispute>(ctx, id, "dispute", "dispute"), "lost"));
}
