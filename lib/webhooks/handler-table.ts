import "server-only";
import type Stripe from "stripe";
import { db } from "@/lib/db";
import { idOf, invoiceSubscriptionId } from "@/lib/stripe/object-ids";
import type { WebhookEndpoint } from "@/lib/stripe/webhook-secrets";
import { syncConnectedAccount } from "@/lib/connect/account-sync";
import { applyCheckoutSession, syncOneTimePurchase, syncStripeSubscription } from "@/lib/subscriptions/apply-purchase";
import { recordCheckoutCharge, recordDispute, recordInvoicePayment, recordRefunds } from "@/lib/ledger/payment-entries";
import { eventReads } from "./event-reads";
import { recordPayout } from "@/lib/payouts/payout-entries";
import { refundTopUp } from "@/lib/top-up/apply-top-up";
import { grantInvoiceCredits } from "@/lib/top-up/credit-grants";
import { checkoutCompletedFacts, disputeFacts, invoicePaidFacts, paymentFailedFacts, refundFacts, subscriptionFacts } from "@/lib/sale-events/stripe-facts";

export type WebhookContext = { endpoint: WebhookEndpoint; stripe: Stripe };
export type WebhookHandler = (event: Stripe.Event, ctx: WebhookContext) => Promise<void>;
export type HandlerTable = Partial<Record<Stripe.Event.Type, WebhookHandler>>;

const objectId = (event: Stripe.Event) => (event.data.object as { id: string }).id;

const accountUpdated: WebhookHandler = async (event, { stripe }) => {
  await syncConnectedAccount(stripe, event.account ?? objectId(event));
};

// Money and access first; the sale events (e-mails, outbound webhooks) follow from our rows.
const checkoutCompleted: WebhookHandler = async (event, { stripe }) => {
  const { session, subscription } = await applyCheckoutSession(stripe, objectId(event));
  await recordCheckoutCharge(stripe, event, objectId(event));
  await checkoutCompletedFacts(stripe, session, subscription);
};

const checkoutExpired: WebhookHandler = async (event, { stripe }) => {
  const session = await stripe.checkout.sessions.retrieve(objectId(event));
  if (session.status === "expired") {
    await db.checkoutSession.updateMany({ where: { stripeSessionId: session.id, status: "open" }, data: { status: "expired" } });
  }
};

const subscriptionChanged: WebhookHandler = async (event, { stripe }) => {
  await syncStripeSubscription(stripe, objectId(event));
  await subscriptionFacts(event, objectId(event));
};

// The steps share this event's Stripe reads (event-reads.ts): four calls instead of seven.
const invoicePaid: WebhookHandler = async (event, { stripe }) => {
  const reads = eventReads(stripe);
  const subscriptionId = invoiceSubscriptionId(event.data.object as Stripe.Invoice);
  if (subscriptionId) await syncStripeSubscription(reads.fresh, subscriptionId);
  await recordInvoicePayment(reads.shared, event, objectId(event));
  // credits the tier grants per period (after the sync, so the row names the buyer)
  await grantInvoiceCredits(reads.shared, objectId(event));
  await invoicePaidFacts(reads.shared, objectId(event));
};

const invoicePaymentFailed: WebhookHandler = async (event, { stripe }) => {
  const subscriptionId = invoiceSubscriptionId(event.data.object as Stripe.Invoice);
  if (subscriptionId) await syncStripeSubscription(stripe, subscriptionId);
  await paymentFailedFacts(stripe, event, objectId(event));
};

const chargeRefunded: WebhookHandler = async (event, { stripe }) => {
  const charge = event.data.object as Stripe.Charge;
  await recordRefunds(stripe, event, charge.id);
  // a fully refunded one-time purchase no longer grants access
  const pi = idOf(charge.payment_intent);
  if (pi) await syncOneTimePurchase(stripe, pi);
  // a refunded credit top-up takes back the unspent share of its credits
  await refundTopUp(stripe, charge.id);
  await refundFacts(stripe, charge.id);
};

const disputeChanged: WebhookHandler = async (event, { stripe }) => {
  await recordDispute(stripe, event, objectId(event));
  if (event.type === "charge.dispute.created") await disputeFacts(stripe, objectId(event));
};

const payoutChanged: WebhookHandler = async (event, { stripe }) => {
  await recordPayout(stripe, event, objectId(event));
};

/**
 * Handlers by event type for each endpoint. Each one re-reads what it needs from Stripe and
 * upserts, so duplicates, retries and any arrival order converge on the same state.
 * Types without a handler are acknowledged and recorded.
 */
export const webhookHandlers: Record<WebhookEndpoint, HandlerTable> = {
  platform: {
    "checkout.session.completed": checkoutCompleted,
    "checkout.session.async_payment_succeeded": checkoutCompleted,
    "checkout.session.expired": checkoutExpired,
    "customer.subscription.created": subscriptionChanged,
    "customer.subscription.updated": subscriptionChanged,
    "customer.subscription.deleted": subscriptionChanged,
    "customer.subscription.trial_will_end": subscriptionChanged,
    "invoice.paid": invoicePaid,
    "invoice.payment_failed": invoicePaymentFailed,
    "charge.refunded": chargeRefunded,
    "charge.dispute.created": disputeChanged,
    "charge.dispute.closed": disputeChanged,
  },
  connect: {
    "account.updated": accountUpdated,
    "payout.created": payoutChanged,
    "payout.updated": payoutChanged,
    "payout.paid": payoutChanged,
    "payout.failed": payoutChanged,
    "payout.canceled": payoutChanged,
  },
};
