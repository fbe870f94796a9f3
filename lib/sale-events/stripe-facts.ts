import "server-only";
import type Stripe from "stripe";
import { db } from "@/lib/db";
import type { Subscription } from "@/lib/db";
import { idOf, invoiceSubscriptionId } from "@/lib/stripe/object-ids";
import { oneTimePurchaseKey } from "@/lib/subscriptions/purchase-key";
import { isTip, readPurchaseMetadata } from "@/lib/checkout/purchase-metadata";
import { recordSaleEvent, recordTipEvent, type SaleEventExtras } from "./record-sale-event";
import { receiptNumber } from "./receipt-number";

// Which sale event each Stripe fact makes, and the key that makes it once-only. Called by the
// webhook handlers after they have synced our rows; every read here is of Stripe's current
// objects or of our rows, so a replay computes the same event, and the key stores it once.

const iso = (unix: number | null | undefined) => new Date((unix ?? Math.floor(Date.now() / 1000)) * 1000).toISOString();

const byStripeId = (stripeSubscriptionId: string) => db.subscription.findUnique({ where: { stripeSubscriptionId } });

function invoicePayment(invoice: Stripe.Invoice): SaleEventExtras["payment"] {
  return {
    amount: invoice.amount_paid,
    currency: invoice.currency,
    receipt_number: receiptNumber({ invoiceNumber: invoice.number }),
    paid_at: iso(invoice.status_transitions?.paid_at ?? invoice.created),
    invoice_id: invoice.id ?? null,
    hosted_invoice_url: invoice.hosted_invoice_url ?? null,
  };
}

/** A paid tip (no purchase row): `tip.received`, once per Checkout Session. */
async function tipFacts(stripe: Stripe, session: Stripe.Checkout.Session): Promise<void> {
  if (session.status !== "complete" || session.payment_status !== "paid" || !session.payment_intent) return;
  const pi = await stripe.paymentIntents.retrieve(idOf(session.payment_intent)!, { expand: ["latest_charge"] });
  const charge = pi.latest_charge && typeof pi.latest_charge === "object" ? pi.latest_charge : null;
  await recordTipEvent(session.id, {
    amount: pi.amount_received || pi.amount,
    currency: pi.currency,
    receipt_number: receiptNumber({ chargeReceiptNumber: charge?.receipt_number, chargeId: charge?.id, paymentIntentId: pi.id }),
    paid_at: iso(charge?.created ?? pi.created),
    invoice_id: null,
    hosted_invoice_url: null,
  });
}

/** A completed Checkout Session: the purchase, and for subscriptions their start; or a tip. */
export async function checkoutCompletedFacts(stripe: Stripe, session: Stripe.Checkout.Session, subscription: Subscription | null): Promise<void> {
  if (isTip(readPurchaseMetadata(session.metadata))) return tipFacts(stripe, session);
  if (!subscription || session.status !== "complete") return;
  let payment: SaleEventExtras["payment"] = null;
  if (session.mode === "payment") {
    if (session.payment_status !== "paid" || !session.payment_intent) return;
    const pi = await stripe.paymentIntents.retrieve(idOf(session.payment_intent)!, { expand: ["latest_charge"] });
    const charge = pi.latest_charge && typeof pi.latest_charge === "object" ? pi.latest_charge : null;
    payment = {
      amount: pi.amount_received || pi.amount,
      currency: pi.currency,
      receipt_number: receiptNumber({ chargeReceiptNumber: charge?.receipt_number, chargeId: charge?.id, paymentIntentId: pi.id }),
      paid_at: iso(charge?.created ?? pi.created),
      invoice_id: null,
      hosted_invoice_url: null,
    };
  } else if (session.invoice) {
    const invoice = await stripe.invoices.retrieve(idOf(session.invoice)!);
    if (invoice.amount_paid > 0) payment = invoicePayment(invoice);
  }
  if (session.mode === "subscription") await recordSaleEvent("subscription.created", `subscription.created:${subscription.stripeSubscriptionId}`, subscription.id);
  await recordSaleEvent("purchase.completed", `purchase.completed:${session.id}`, subscription.id, { payment });
}

/** customer.subscription.created / updated / deleted / trial_will_end, after the row was synced. */
export async function subscriptionFacts(event: Stripe.Event, subscriptionId: string): Promise<void> {
  const row = await byStripeId(subscriptionId);
  if (!row) return;
  switch (event.type) {
    case "customer.subscription.created":
      await recordSaleEvent("subscription.created", `subscription.created:${subscriptionId}`, row.id);
      return;
    case "customer.subscription.deleted":
      await recordSaleEvent("subscription.canceled", `subscription.canceled:${subscriptionId}`, row.id);
      return;
    case "customer.subscription.trial_will_end": {
      const trialEnd = (event.data.object as Stripe.Subscription).trial_end ?? 0;
      await recordSaleEvent("subscription.trial_will_end", `subscription.trial_will_end:${subscriptionId}:${trialEnd}`, row.id);
      return;
    }
    case "customer.subscription.updated": {
      const previous = (event.data.previous_attributes ?? {}) as Partial<Stripe.Subscription>;
      const now = event.data.object as Stripe.Subscription;
      const change: NonNullable<SaleEventExtras["change"]> = {};
      if (typeof previous.cancel_at_period_end === "boolean" && previous.cancel_at_period_end !== now.cancel_at_period_end) {
        change.cancel_at_period_end = { from: previous.cancel_at_period_end, to: Boolean(now.cancel_at_period_end) };
      }
      if (typeof previous.status === "string" && previous.status !== now.status) change.status = { from: previous.status, to: now.status };
      // one event per Stripe update: its id is the fact
      await recordSaleEvent("subscription.updated", `subscription.updated:${event.id}`, row.id, { change: Object.keys(change).length ? change : null });
      return;
    }
  }
}

/** invoice.paid: a renewal (not the first invoice, which is the purchase). */
export async function invoicePaidFacts(stripe: Stripe, invoiceId: string): Promise<void> {
  const invoice = await stripe.invoices.retrieve(invoiceId);
  if (invoice.billing_reason !== "subscription_cycle" || invoice.amount_paid <= 0) return;
  const subId = invoiceSubscriptionId(invoice);
  const row = subId ? await byStripeId(subId) : null;
  if (row) await recordSaleEvent("subscription.renewed", `subscription.renewed:${invoice.id}`, row.id, { payment: invoicePayment(invoice) });
}

/** invoice.payment_failed: once per failed attempt, and each attempt is its own Stripe event. */
export async function paymentFailedFacts(stripe: Stripe, event: Stripe.Event, invoiceId: string): Promise<void> {
  const invoice = await stripe.invoices.retrieve(invoiceId);
  const subId = invoiceSubscriptionId(invoice);
  const row = subId ? await byStripeId(subId) : null;
  if (!row) return;
  const payment = { ...invoicePayment(invoice)!, amount: invoice.amount_due };
  await recordSaleEvent("payment.failed", `payment.failed:${event.id}`, row.id, { payment });
}

/** The subscription row a charge paid for, through its ledger row (written before refunds and disputes are). */
async function saleOfCharge(chargeId: string, paymentIntentId: string | null): Promise<string | null> {
  const entry = await db.ledgerEntry.findFirst({
    where: { kind: "charge", OR: [{ stripeChargeId: chargeId }, ...(paymentIntentId ? [{ stripePaymentIntentId: paymentIntentId }] : [])] },
    select: { subscriptionId: true },
  });
  if (entry?.subscriptionId) return entry.subscriptionId;
  if (paymentIntentId) return (await byStripeId(oneTimePurchaseKey(paymentIntentId)))?.id ?? null;
  return null;
}

/** charge.refunded: one event per refund of the charge. */
export async function refundFacts(stripe: Stripe, chargeId: string): Promise<void> {
  const charge = await stripe.charges.retrieve(chargeId);
  const subscriptionId = await saleOfCharge(charge.id, idOf(charge.payment_intent));
  if (!subscriptionId) return;
  const refunds = await stripe.refunds.list({ charge: charge.id, limit: 100 });
  for (const refund of refunds.data) {
    if (refund.status === "failed" || refund.status === "canceled") continue;
    await recordSaleEvent("refund.created", `refund.created:${refund.id}`, subscriptionId, {
      refund: { id: refund.id, amount: refund.amount, currency: refund.currency, reason: refund.reason ?? null },
    });
  }
}

/** charge.dispute.created. */
export async function disputeFacts(stripe: Stripe, disputeId: string): Promise<void> {
  const dispute = await stripe.disputes.retrieve(disputeId);
  const subscriptionId = await saleOfCharge(idOf(dispute.charge)!, idOf(dispute.payment_intent));
  if (!subscriptionId) return;
  await recordSaleEvent("dispute.created", `dispute.created:${dispute.id}`, subscriptionId, {
    dispute: { id: dispute.id, amount: dispute.amount, currency: dispute.currency, reason: dispute.reason ?? null, status: dispute.status },
  });
}

/** A one-time purchase canceled in the app (Stripe has no subscription to end). */
export async function purchaseCanceledFact(subscriptionRowId: string, stripeSubscriptionId: string): Promise<void> {
  await recordSaleEvent("subscription.canceled", `subscription.canceled:${stripeSubscriptionId}`, subscriptionRowId);
}
