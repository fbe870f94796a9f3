import type Stripe from "stripe";
import { db } from "@/lib/db";
import { readPurchaseMetadata } from "@/lib/checkout/purchase-metadata";
import { feeFor } from "@/lib/prices/money";
import { appendLedger, findChargeRow, type NewLedgerEntry } from "./ledger-writes";

// Ledger rows for money movements, each written by exactly one kind of event:
//   charge       checkout.session.completed (one-time) and invoice.paid (subscriptions)
//   refund       charge.refunded (the refunded amount not yet recorded for that charge)
//   dispute      charge.dispute.created;  dispute_won  charge.dispute.closed with status won
// Fees use the commission of the moment of sale; refunds and disputes reverse it pro rata.

const idOf = (v: string | { id: string } | null | undefined) => (v ? (typeof v === "string" ? v : v.id) : null);

async function itemContext(metadata: Record<string, string> | null | undefined) {
  const meta = readPurchaseMetadata(metadata);
  if (!meta) return null;
  const platform = await db.platform.findUnique({ where: { key: meta.platform_key } });
  if (!platform) return null;
  const price = await db.price.findUnique({ where: { uniqueId: meta.price_unique_id } });
  return { meta, platform, priceId: price?.id ?? null };
}

/** One-time purchase paid through Checkout. */
export async function recordCheckoutCharge(stripe: Stripe, event: Stripe.Event, sessionId: string): Promise<number> {
  const session = await stripe.checkout.sessions.retrieve(sessionId);
  if (session.mode !== "payment" || session.payment_status !== "paid" || !session.payment_intent) return 0;
  const pi = await stripe.paymentIntents.retrieve(idOf(session.payment_intent)!);
  const ctx = await itemContext(pi.metadata);
  if (!ctx) return 0;
  const subscription = await db.subscription.findUnique({ where: { stripeSubscriptionId: `one_time:${pi.id}` } });
  const gross = pi.amount_received || pi.amount;
  const fee = pi.application_fee_amount ?? feeFor(gross, ctx.meta.fee_bps);
  return appendLedger(pi.id, async (tx) => {
    if (await findChargeRow(tx, { paymentIntentId: pi.id })) return [];
    return [
      {
        kind: "charge",
        amount: gross,
        currency: pi.currency,
        feeBps: ctx.meta.fee_bps,
        feeAmount: fee,
        netAmount: gross - fee,
        platformId: ctx.platform.id,
        itemType: ctx.meta.item_type,
        itemId: ctx.meta.item_id,
        subscriptionId: subscription?.id ?? null,
        priceId: ctx.priceId,
        stripeChargeId: idOf(pi.latest_charge),
        stripePaymentIntentId: pi.id,
        stripeObjectId: session.id,
        sourceEventId: event.id,
        description: "One-time purchase",
        occurredAt: new Date(pi.created * 1000),
      },
    ];
  });
}

/** A paid subscription invoice (first payment and renewals); zero-amount invoices (trials) write nothing. */
export async function recordInvoicePayment(stripe: Stripe, event: Stripe.Event, invoiceId: string): Promise<number> {
  const invoice = await stripe.invoices.retrieve(invoiceId, { expand: ["payments"] });
  if (invoice.status !== "paid" || !invoice.amount_paid) return 0;
  const legacy = invoice as unknown as { subscription?: string | { id: string } | null };
  const subscriptionId = idOf(invoice.parent?.subscription_details?.subscription ?? legacy.subscription ?? null);
  if (!subscriptionId) return 0;
  const sub = await stripe.subscriptions.retrieve(subscriptionId);
  const ctx = await itemContext(sub.metadata);
  if (!ctx) return 0;
  const paymentIntentId = idOf(invoice.payments?.data?.[0]?.payment?.payment_intent ?? null);
  const pi = paymentIntentId ? await stripe.paymentIntents.retrieve(paymentIntentId) : null;
  const row = await db.subscription.findUnique({ where: { stripeSubscriptionId: sub.id } });
  const bps = sub.application_fee_percent != null ? Math.round(sub.application_fee_percent * 100) : ctx.meta.fee_bps;
  const gross = invoice.amount_paid;
  const fee = feeFor(gross, bps);
  return appendLedger(invoice.id!, async (tx) => {
    if (await tx.ledgerEntry.findFirst({ where: { kind: "charge", stripeInvoiceId: invoice.id } })) return [];
    return [
      {
        kind: "charge",
        amount: gross,
        currency: invoice.currency,
        feeBps: bps,
        feeAmount: fee,
        netAmount: gross - fee,
        platformId: ctx.platform.id,
        itemType: ctx.meta.item_type,
        itemId: ctx.meta.item_id,
        subscriptionId: row?.id ?? null,
        priceId: ctx.priceId,
        stripeChargeId: pi ? idOf(pi.latest_charge) : null,
        stripePaymentIntentId: pi?.id ?? null,
        stripeInvoiceId: invoice.id,
        stripeObjectId: sub.id,
        sourceEventId: event.id,
        description: invoice.billing_reason === "subscription_create" ? "Subscription payment" : "Subscription renewal",
        occurredAt: new Date((invoice.status_transitions?.paid_at ?? invoice.created) * 1000),
      },
    ];
  });
}

function reversal(original: NewLedgerEntry, kind: NewLedgerEntry["kind"], amount: number, event: Stripe.Event, objectId: string, description: string): NewLedgerEntry {
  const fee = Math.sign(amount) * feeFor(Math.abs(amount), original.feeBps);
  return {
    kind,
    amount,
    currency: original.currency,
    feeBps: original.feeBps,
    feeAmount: fee,
    netAmount: amount - fee,
    platformId: original.platformId,
    itemType: original.itemType,
    itemId: original.itemId,
    subscriptionId: original.subscriptionId,
    priceId: original.priceId,
    stripeChargeId: original.stripeChargeId,
    stripePaymentIntentId: original.stripePaymentIntentId,
    stripeInvoiceId: original.stripeInvoiceId,
    stripeObjectId: objectId,
    sourceEventId: event.id,
    description,
    occurredAt: new Date(event.created * 1000),
  };
}

export class ChargeNotRecordedYet extends Error {
  constructor(chargeId: string) {
    super(`No ledger charge for ${chargeId} yet; the event will be retried once the payment is recorded.`);
  }
}

/** Refunds on a charge: records the refunded amount that the ledger does not have yet. */
export async function recordRefunds(stripe: Stripe, event: Stripe.Event, chargeId: string): Promise<number> {
  const charge = await stripe.charges.retrieve(chargeId);
  if (!charge.amount_refunded) return 0;
  return appendLedger(charge.id, async (tx) => {
    const original = await findChargeRow(tx, { chargeId: charge.id, paymentIntentId: idOf(charge.payment_intent) });
    if (!original) {
      // not one of ours, or the sale itself has not been recorded yet
      if (readPurchaseMetadata(charge.metadata) || (await readPaymentMetadata(stripe, charge))) throw new ChargeNotRecordedYet(charge.id);
      return [];
    }
    const recorded = await tx.ledgerEntry.aggregate({ where: { kind: "refund", stripeChargeId: original.stripeChargeId ?? charge.id }, _sum: { amount: true } });
    const missing = charge.amount_refunded + (recorded._sum.amount ?? 0);
    if (missing <= 0) return [];
    const entry = reversal({ ...original, stripeChargeId: original.stripeChargeId ?? charge.id }, "refund", -missing, event, charge.id, missing === charge.amount ? "Refund" : "Partial refund");
    return [entry];
  });
}

async function readPaymentMetadata(stripe: Stripe, charge: Stripe.Charge) {
  const pi = idOf(charge.payment_intent);
  if (!pi) return null;
  return readPurchaseMetadata((await stripe.paymentIntents.retrieve(pi)).metadata);
}

/** A dispute opened (funds withdrawn) or closed as won (funds returned). */
export async function recordDispute(stripe: Stripe, event: Stripe.Event, disputeId: string): Promise<number> {
  const dispute = await stripe.disputes.retrieve(disputeId);
  const chargeId = idOf(dispute.charge)!;
  return appendLedger(chargeId, async (tx) => {
    const original = await findChargeRow(tx, { chargeId, paymentIntentId: idOf(dispute.payment_intent) });
    if (!original) {
      const charge = await stripe.charges.retrieve(chargeId);
      if (readPurchaseMetadata(charge.metadata) || (await readPaymentMetadata(stripe, charge))) throw new ChargeNotRecordedYet(chargeId);
      return [];
    }
    const rows: NewLedgerEntry[] = [];
    const opened = await tx.ledgerEntry.findFirst({ where: { kind: "dispute", stripeObjectId: dispute.id } });
    if (!opened) rows.push(reversal(original, "dispute", -dispute.amount, event, dispute.id, "Dispute opened"));
    if (dispute.status === "won" && !(await tx.ledgerEntry.findFirst({ where: { kind: "dispute_won", stripeObjectId: dispute.id } }))) {
      rows.push(reversal(original, "dispute_won", dispute.amount, event, dispute.id, "Dispute won"));
    }
    return rows;
  });
}
