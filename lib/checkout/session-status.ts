import "server-only";
import { z } from "zod";
import { db } from "@/lib/db";
import type { Subscription } from "@/lib/db";
import { withApi } from "@/lib/api/with-api";
import { NotFoundError } from "@/lib/api/errors";
import { fromMinorUnits } from "@/lib/prices/money";
import { receiptNumber } from "@/lib/sale-events/receipt-number";
import { saleEventSchema } from "@/lib/sale-events/sale-event-schema";
import { stripe } from "@/lib/stripe/client";
import { idOf } from "@/lib/stripe/object-ids";
import { isOneTimePurchaseKey } from "@/lib/subscriptions/purchase-key";
import { hasAccessStatus } from "@/lib/subscriptions/statuses";
import { checkoutSessionStatusSchema, type CheckoutPayment, type CheckoutSessionStatus } from "./checkout-schema";

const iso = (unix: number) => new Date(unix * 1000).toISOString();

/** What Stripe says was paid for a completed session (re-read): the charge, or the first invoice. */
async function paymentFromStripe(sessionId: string): Promise<CheckoutPayment | null> {
  const session = await stripe().checkout.sessions.retrieve(sessionId);
  if (session.mode === "payment" && session.payment_intent) {
    const pi = await stripe().paymentIntents.retrieve(idOf(session.payment_intent)!, { expand: ["latest_charge"] });
    if (pi.status !== "succeeded") return null;
    const charge = pi.latest_charge && typeof pi.latest_charge === "object" ? pi.latest_charge : null;
    return {
      amount: fromMinorUnits(pi.amount_received || pi.amount, pi.currency),
      currency: pi.currency,
      paid_at: iso(charge?.created ?? pi.created),
      receipt_number: receiptNumber({ chargeReceiptNumber: charge?.receipt_number, chargeId: charge?.id, paymentIntentId: pi.id }),
      hosted_invoice_url: null,
    };
  }
  if (session.invoice) {
    const invoice = await stripe().invoices.retrieve(idOf(session.invoice)!);
    if (invoice.status !== "paid" || invoice.amount_paid <= 0) return null; // a trial starts without a payment
    return {
      amount: fromMinorUnits(invoice.amount_paid, invoice.currency),
      currency: invoice.currency,
      paid_at: iso(invoice.status_transitions?.paid_at ?? invoice.created),
      receipt_number: receiptNumber({ invoiceNumber: invoice.number }),
      hosted_invoice_url: invoice.hosted_invoice_url ?? null,
    };
  }
  return null;
}

/**
 * The payment and receipt e-mail of a completed session. The recorded sale event (what the
 * receipt e-mail is built from) wins, so page and e-mail agree; before it exists Stripe is re-read.
 */
async function receiptOf(sessionId: string, email: string | null): Promise<Pick<CheckoutSessionStatus, "payment" | "receipt_email">> {
  const event = await db.saleEvent.findUnique({ where: { dedupeKey: `purchase.completed:${sessionId}` } });
  const parsed = event ? saleEventSchema.safeParse(event.payload) : null;
  if (event && parsed?.success) {
    const paid = parsed.data.data.payment;
    const mail = await db.emailMessage.findFirst({
      where: { kind: "purchase_receipt", dedupeKey: { startsWith: `${event.id}:` } },
      select: { to: true, status: true },
    });
    const status = !mail || mail.status === "pending" ? "queued" : mail.status === "sent" ? "sent" : mail.status === "failed" ? "failed" : null;
    return {
      payment: paid && {
        amount: fromMinorUnits(paid.amount, paid.currency),
        currency: paid.currency,
        paid_at: paid.paid_at,
        receipt_number: paid.receipt_number,
        hosted_invoice_url: paid.hosted_invoice_url,
      },
      receipt_email: status && (mail?.to ?? email) ? { to: (mail?.to ?? email)!, status } : null,
    };
  }
  try {
    return { payment: await paymentFromStripe(sessionId), receipt_email: null };
  } catch (e) {
    // the page still confirms the purchase; the numbers show on the next poll or in the e-mail
    console.warn("[checkout] could not read the payment of", sessionId, e instanceof Error ? e.message : e);
    return { payment: null, receipt_email: null };
  }
}

function nextRenewal(sub: Subscription | null): string | null {
  if (!sub || isOneTimePurchaseKey(sub.stripeSubscriptionId) || sub.cancelAtPeriodEnd || !hasAccessStatus(sub.status)) return null;
  const at = sub.status === "trialing" ? (sub.trialEnd ?? sub.currentPeriodEnd) : sub.currentPeriodEnd;
  return at?.toISOString() ?? null;
}

/**
 * What the thank-you page polls: our record of a Checkout Session, completed by the webhook.
 * Session ids are unguessable; the answer names the item and the buyer's e-mail only.
 */
export async function checkoutSessionStatus(sessionId: string): Promise<CheckoutSessionStatus> {
  const row = await db.checkoutSession.findUnique({ where: { stripeSessionId: sessionId }, include: { platform: { select: { key: true, name: true } } } });
  if (!row) throw new NotFoundError("Checkout session not found.");
  const [paywall, subscription, price] = await Promise.all([
    row.paywallId ? db.paywall.findUnique({ where: { id: row.paywallId }, select: { itemName: true, uniqueId: true } }) : null,
    row.subscriptionId ? db.subscription.findUnique({ where: { id: row.subscriptionId } }) : null,
    row.priceId ? db.price.findUnique({ where: { id: row.priceId }, select: { name: true, interval: true, amount: true, currency: true } }) : null,
  ]);
  const granted = Boolean(subscription && hasAccessStatus(subscription.status));
  const amount = subscription?.amount ?? price?.amount ?? null;
  const currency = subscription?.currency ?? price?.currency ?? null;
  const receipt = row.status === "complete" && subscription ? await receiptOf(row.stripeSessionId, row.email) : { payment: null, receipt_email: null };
  return {
    session_id: row.stripeSessionId,
    status: row.status,
    access_granted: granted,
    subscription_status: subscription?.status ?? null,
    subscription_id: subscription?.uniqueId ?? null,
    trial_end: subscription?.trialEnd?.toISOString() ?? null,
    email: row.email,
    is_guest: row.isGuest,
    platform: row.platform,
    item_type: row.itemType,
    item_id: row.itemId,
    item_name: paywall?.itemName ?? null,
    paywall_unique_id: paywall?.uniqueId ?? null,
    price_name: price?.name ?? null,
    interval: price?.interval ?? null,
    return_url: row.successUrl,
    amount: amount !== null && currency ? fromMinorUnits(amount, currency) : null,
    currency,
    is_one_time: row.mode === "payment",
    next_renewal: nextRenewal(subscription),
    ...receipt,
  };
}

export const checkoutSessionStatusRoute = withApi(
  {
    auth: "public",
    params: z.object({ id: z.string().min(1).max(255).meta({ description: "The Stripe Checkout Session id." }) }),
    responses: { 200: checkoutSessionStatusSchema },
    summary: "Read a checkout's status",
    description: "What the thank-you page polls until the webhook (or the return callback) has settled the purchase.",
    tags: ["checkout"],
  },
  async ({ params }) => checkoutSessionStatus(params.id),
);
