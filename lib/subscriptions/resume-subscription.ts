import "server-only";
import { db } from "@/lib/db";
import type { Platform, Subscription, User } from "@/lib/db";
import { ConflictError } from "@/lib/api/errors";
import { audit } from "@/lib/platforms/audit";
import { stripe } from "@/lib/stripe/client";
import { callStripe } from "@/lib/stripe/errors";
import { syncStripeSubscription } from "./apply-purchase";
import { recurringStripeSubscriptionId } from "./purchase-key";
import type { SubscriptionView } from "./subscription-schema";
import { subscriptionView, subscriptionViewInclude } from "./subscription-view";

export const NOTHING_TO_RESUME = "nothing_to_resume";

type Reason = "one_time" | "ended" | "not_canceling";

const refusal = (reason: Reason) =>
  new ConflictError(
    {
      one_time: "A one-time purchase has no renewal to resume.",
      ended: "This subscription has already ended; buy the item again to get access back.",
      not_canceling: "This subscription is not scheduled to cancel; there is nothing to resume.",
    }[reason],
    { reason },
    NOTHING_TO_RESUME,
  );

/**
 * Undoes cancel-at-period-end before the period ends: Stripe first, then our row is re-synced
 * from Stripe (webhooks converge on the same state). Refuses with 409 `nothing_to_resume`.
 */
export async function resumeSubscription(platform: Platform, sub: Subscription, actor: User): Promise<SubscriptionView> {
  const stripeId = recurringStripeSubscriptionId(sub.stripeSubscriptionId);
  if (!stripeId) throw refusal("one_time");
  if (sub.status === "canceled") throw refusal("ended");
  if (!sub.cancelAtPeriodEnd) throw refusal("not_canceling");

  // our row may lag behind Stripe (the period may have ended a moment ago): ask Stripe
  const current = await callStripe("read the subscription", () => stripe().subscriptions.retrieve(stripeId));
  if (current.status === "canceled" || current.status === "incomplete_expired") {
    await syncStripeSubscription(stripe(), stripeId);
    throw refusal("ended");
  }
  if (current.cancel_at_period_end) {
    // no idempotency key: the update is idempotent, and a key would replay an older resume after a new cancel
    await callStripe("resume the subscription", () => stripe().subscriptions.update(stripeId, { cancel_at_period_end: false }));
  }
  await syncStripeSubscription(stripe(), stripeId);
  await audit({ actorId: actor.id, platformId: platform.id, action: "subscription.resumed", target: sub.uniqueId });
  const row = await db.subscription.findUniqueOrThrow({ where: { id: sub.id }, include: subscriptionViewInclude });
  return subscriptionView(row);
}
