import type Stripe from "stripe";
import type { SubscriptionStatus } from "@/lib/db";
import { idOf } from "@/lib/stripe/object-ids";

/** Stripe subscription status → ours (SPEC §2). */
export function mapStripeStatus(status: Stripe.Subscription.Status): SubscriptionStatus {
  switch (status) {
    case "trialing":
      return "trialing";
    case "active":
      return "active";
    case "past_due":
    case "unpaid":
    case "paused":
      return "past_due";
    case "incomplete":
      return "incomplete";
    case "canceled":
    case "incomplete_expired":
      return "canceled";
    default:
      return "incomplete";
  }
}

const toDate = (seconds: number | null | undefined) => (seconds ? new Date(seconds * 1000) : null);

/** Period, trial and cancel fields of a Stripe subscription (periods live on the item in current API versions). */
export function subscriptionFields(sub: Stripe.Subscription) {
  const item = sub.items?.data?.[0];
  const legacy = sub as unknown as { current_period_start?: number; current_period_end?: number };
  return {
    status: mapStripeStatus(sub.status),
    currentPeriodStart: toDate(item?.current_period_start ?? legacy.current_period_start),
    currentPeriodEnd: toDate(item?.current_period_end ?? legacy.current_period_end),
    trialEnd: toDate(sub.trial_end),
    hadTrial: Boolean(sub.trial_end || sub.trial_start),
    cancelAtPeriodEnd: sub.cancel_at_period_end,
    canceledAt: toDate(sub.canceled_at ?? sub.ended_at),
    stripeCustomerId: idOf(sub.customer),
    stripePriceId: item?.price?.id ?? null,
    amount: item?.price?.unit_amount ?? null,
    currency: item?.price?.currency ?? null,
  };
}
