import "server-only";
import type Stripe from "stripe";
import { db } from "@/lib/db";
import type { LedgerEntry, Prisma } from "@/lib/db";
import { isTip, isTopUp, readPurchaseMetadata } from "@/lib/checkout/purchase-metadata";
import { idOf, invoiceSubscriptionId } from "@/lib/stripe/object-ids";
import { appendLedger, findChargeRow, type NewLedgerEntry } from "./ledger-writes";
import { chargeSplit, reversalSplit, saleFeeBps, type Reversed } from "./money-math";
import { oneTimePurchaseKey } from "@/lib/subscriptions/purchase-key";

// Ledger rows for money movements, each written by exactly one kind of event:
//   charge       checkout.session.completed (one-time) and invoice.paid (subscriptions)
//   tip          checkout.session.completed of a tip (money for the creator, no tier)
//                (a credit top-up is a `charge` of item `credit_pack`, written the same way)
//   refund       charge.refunded (the refunded amount not yet recorded for that charge)
//   dispute      charge.dispute.created;  dispute_won  charge.dispute.closed with status won
// Fees use the commission of the moment of sale; refunds and disputes reverse it pro rata (the
// arithmetic is in money-math.ts). Every Stripe read happens before appendLedger takes its lock;
// inside it only our rows are re-read, so a concurrent or replayed delivery computes nothing twice.
// A sale's `amount` is what was charged, net of any promotion code; `discountAmount` is what the
// code took off, so the list (gross) price is amount + discountAmount. Reversals carry none.


async function itemContext(metadata: Record<string, string> | null | undefined) {
  const meta = readPurchaseMetadata(metadata);
  if (!meta) return null;
  const platform = await db.platform.findUnique({ where: { key: meta.platform_key } });
  if (!platform) return null;
  const price = meta.price_unique_id ? await db.price.findUnique({ where: { uniqueId: meta.price_unique_id } }) : null;
  return { meta, platform, priceId: price?.id ?? null };
}

/** What promotion codes took off an invoice (Stripe lists one amount per discount). */
export function invoiceDiscount(invoice: Pick<Stripe.Invoice, "total_discount_amounts">): number {
  return (invoice.total_discount_amounts ?? []).reduce((n, d) => n + d.amount, 0);
}

/** One-time purchase (or tip) paid through Checkout. */
export async function recordCheckoutCharge(stripe: Stripe, event: Stripe.Event, sessionId: string): Promise<number> {
  const session = await stripe.checkout.sessions.retrieve(sessionId);
  if (session.mode !== "payment" || session.payment_status !== "paid" || !session.payment_intent) return 0;
  const pi = await stripe.paymentIntents.retrieve(idOf(session.payment_intent)!);
  const ctx = await itemContext(pi.metadata);
  if (!ctx) return 0;
  const gross = pi.amount_received || pi.amount;
  const { fee, net } = chargeSplit(gross, ctx.meta.fee_bps, pi.application_fee_amount);
  const tip = isTip(ctx.meta);
  // a credit top-up is a `charge` of item `credit_pack` (item_id: the pack) with no purchase row
  const topUp = isTopUp(ctx.meta);
  return appendLedger(pi.id, async (tx) => {
    if (await findChargeRow(tx, { paymentIntentId: pi.id })) return [];
    const subscription = tip || topUp ? null : await tx.subscription.findUnique({ where: { stripeSubscriptionId: oneTimePurchaseKey(pi.id) } });
    return [
      {
        kind: tip ? "tip" : "charge",
        amount: gross,
        currency: pi.currency,
        feeBps: ctx.meta.fee_bps,
        feeAmount: fee,
        netAmount: net,
        discountAmount: session.total_details?.amount_discount ?? 0,
        platformId: ctx.platform.id,
        itemType: ctx.meta.item_type,
        itemId: ctx.meta.item_id,
        subscriptionId: subscription?.id ?? null,
        priceId: ctx.priceId,
        stripeChargeId: idOf(pi.latest_charge),
        stripePaymentIntentId: pi.id,
        stripeObjectId: session.id,
        sourceEventId: event.id,
        description: tip ? "Tip" : topUp ? "Credit top-up" : "One-time purchase",
        occurredAt: new Date(pi.created * 1000),
      },
    ];
  });
}

/** A paid subscription invoice (first payment and renewals); zero-amount invoices (trials) write nothing. */
export async function recordInvoicePayment(stripe: Stripe, event: Stripe.Event, invoiceId: string): Promise<number> {
  const invoice = await stripe.invoices.retrieve(invoiceId, { expand: ["payments"] });
  if (invoice.status !== "paid" || !invoice.amount_paid) return 0;
  const subscriptionId = invoiceSubscriptionId(invoice);
  if (!subscriptionId) return 0;
  const sub = await stripe.subscriptions.retrieve(subscriptionId);
  const ctx = await itemContext(sub.metadata);
  if (!ctx) return 0;
  const payments = invoice.payments?.data ?? [];
  const payment = payments.find((p) => p.status === "paid") ?? payments[0];
  const paymentIntentId = idOf(payment?.payment?.payment_intent ?? null);
  const pi = paymentIntentId ? await stripe.paymentIntents.retrieve(paymentIntentId) : null;
  const bps = saleFeeBps(sub.application_fee_percent, ctx.meta.fee_bps);
  const gross = invoice.amount_paid;
  const { fee, net } = chargeSplit(gross, bps, pi?.application_fee_amount);
  return appendLedger(invoice.id!, async (tx) => {
    if (await tx.ledgerEntry.findFirst({ where: { kind: "charge", stripeInvoiceId: invoice.id } })) return [];
    const row = await tx.subscription.findUnique({ where: { stripeSubscriptionId: sub.id } });
    return [
      {
        kind: "charge",
        amount: gross,
        currency: invoice.currency,
        feeBps: bps,
        feeAmount: fee,
        netAmount: net,
        discountAmount: invoiceDiscount(invoice),
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

/** A row reversing (part of) a recorded charge; reversalSplit says how much commission it takes back. */
function reversal(
  original: LedgerEntry,
  kind: NewLedgerEntry["kind"],
  amount: number,
  reversedBefore: Reversed,
  event: Stripe.Event,
  objectId: string,
  description: string,
): NewLedgerEntry {
  const { fee, net } = reversalSplit({ amount: original.amount, fee: original.feeAmount }, reversedBefore, amount);
  return {
    kind,
    amount,
    currency: original.currency,
    feeBps: original.feeBps,
    feeAmount: fee,
    netAmount: net,
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

/** Amount and commission already reversed on a charge, by refunds and disputes (a won dispute adds back). */
async function reversedSoFar(tx: Prisma.TransactionClient, chargeId: string): Promise<Reversed> {
  const sum = await tx.ledgerEntry.aggregate({
    where: { stripeChargeId: chargeId, kind: { in: ["refund", "dispute", "dispute_won"] } },
    _sum: { amount: true, feeAmount: true },
  });
  return { amount: sum._sum.amount ?? 0, fee: sum._sum.feeAmount ?? 0 };
}

/**
 * Whether a charge paid for something Tollgate sold: purchase metadata on the charge or its
 * payment intent (one-time), or a subscription of ours on its customer (invoices carry none).
 */
async function isOurCharge(stripe: Stripe, charge: Stripe.Charge): Promise<boolean> {
  if (readPurchaseMetadata(charge.metadata)) return true;
  const pi = idOf(charge.payment_intent);
  if (pi && readPurchaseMetadata((await stripe.paymentIntents.retrieve(pi)).metadata)) return true;
  const customer = idOf(charge.customer);
  if (!customer) return false;
  const subs = await stripe.subscriptions.list({ customer, status: "all", limit: 100 });
  return subs.data.some((sub) => readPurchaseMetadata(sub.metadata));
}

/**
 * Asked before the lock, because it reads Stripe: whether a sale that is not in the ledger is one
 * of ours (then the event must be retried until it is). Once the sale is recorded it stays
 * recorded (the ledger is append-only), so Stripe is not asked at all then.
 */
async function oursUnlessRecorded(
  stripe: Stripe,
  sale: { chargeId: string; paymentIntentId: string | null },
  charge: Stripe.Charge | (() => Promise<Stripe.Charge>),
): Promise<boolean> {
  if (await findChargeRow(db, sale)) return true;
  return isOurCharge(stripe, typeof charge === "function" ? await charge() : charge);
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
  const sale = { chargeId: charge.id, paymentIntentId: idOf(charge.payment_intent) };
  const ours = await oursUnlessRecorded(stripe, sale, charge);
  return appendLedger(charge.id, async (tx) => {
    const original = await findChargeRow(tx, sale);
    if (!original) {
      // ours but the sale is not recorded yet: fail so Stripe retries once it is
      if (ours) throw new ChargeNotRecordedYet(charge.id);
      return [];
    }
    const key = original.stripeChargeId ?? charge.id;
    const refunded = await tx.ledgerEntry.aggregate({ where: { kind: "refund", stripeChargeId: key }, _sum: { amount: true } });
    const missing = charge.amount_refunded + (refunded._sum.amount ?? 0);
    if (missing <= 0) return [];
    const base = { ...original, stripeChargeId: key };
    return [reversal(base, "refund", -missing, await reversedSoFar(tx, key), event, charge.id, missing === charge.amount ? "Refund" : "Partial refund")];
  });
}

/** A dispute that withdrew funds, and its reversal when won. Inquiries (warning_*) move no money. */
export async function recordDispute(stripe: Stripe, event: Stripe.Event, disputeId: string): Promise<number> {
  const dispute = await stripe.disputes.retrieve(disputeId);
  if (dispute.status.startsWith("warning_")) return 0;
  const chargeId = idOf(dispute.charge)!;
  const sale = { chargeId, paymentIntentId: idOf(dispute.payment_intent) };
  const ours = await oursUnlessRecorded(stripe, sale, () => stripe.charges.retrieve(chargeId));
  return appendLedger(chargeId, async (tx) => {
    const original = await findChargeRow(tx, sale);
    if (!original) {
      if (ours) throw new ChargeNotRecordedYet(chargeId);
      return [];
    }
    const key = original.stripeChargeId ?? chargeId;
    const base = { ...original, stripeChargeId: key };
    const rows: NewLedgerEntry[] = [];
    const before = await reversedSoFar(tx, key);
    if (!(await tx.ledgerEntry.findFirst({ where: { kind: "dispute", stripeObjectId: dispute.id } }))) {
      const row = reversal(base, "dispute", -dispute.amount, before, event, dispute.id, "Dispute opened");
      rows.push(row);
      before.amount += row.amount;
      before.fee += row.feeAmount;
    }
    if (dispute.status === "won" && !(await tx.ledgerEntry.findFirst({ where: { kind: "dispute_won", stripeObjectId: dispute.id } }))) {
      rows.push(reversal(base, "dispute_won", dispute.amount, before, event, dispute.id, "Dispute won"));
    }
    return rows;
  });
}
