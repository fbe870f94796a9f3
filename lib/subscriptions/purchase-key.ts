// A one-time purchase has no Stripe subscription, yet its row must be found again by every
// webhook and retry that concerns its payment (upserts are keyed by `stripeSubscriptionId`).
// Its key is therefore derived from the PaymentIntent, with a prefix no Stripe subscription id
// (`sub_…`) can carry. This module is the only place that knows the format.

const ONE_TIME_PREFIX = "one_time:";

/** The `stripeSubscriptionId` of the one-time purchase paid by `paymentIntentId`. */
export function oneTimePurchaseKey(paymentIntentId: string): string {
  return `${ONE_TIME_PREFIX}${paymentIntentId}`;
}

/** True when a stored `stripeSubscriptionId` is a one-time purchase key, not a Stripe subscription. */
export function isOneTimePurchaseKey(stripeSubscriptionId: string | null | undefined): boolean {
  return Boolean(stripeSubscriptionId?.startsWith(ONE_TIME_PREFIX));
}

/** The Stripe subscription behind a stored id, or null for one-time purchases and rows without one. */
export function recurringStripeSubscriptionId(stripeSubscriptionId: string | null | undefined): string | null {
  return stripeSubscriptionId && !isOneTimePurchaseKey(stripeSubscriptionId) ? stripeSubscriptionId : null;
}

/** The PaymentIntent a one-time purchase key names, or null for anything else. */
export function oneTimePaymentIntentId(stripeSubscriptionId: string | null | undefined): string | null {
  return stripeSubscriptionId && isOneTimePurchaseKey(stripeSubscriptionId) ? stripeSubscriptionId.slice(ONE_TIME_PREFIX.length) : null;
}
