import "server-only";
import { z } from "zod";
import { db } from "@/lib/db";
import type { Platform, Subscription, User } from "@/lib/db";
import { BadRequestError } from "@/lib/api/errors";
import { env } from "@/lib/config/env";
import { audit } from "@/lib/platforms/audit";
import { purchaseCanceledFact } from "@/lib/sale-events/stripe-facts";
import { isAllowedRedirect, redirectUrlSchema } from "@/lib/security/redirect-guard";
import { stripe } from "@/lib/stripe/client";
import { callStripe } from "@/lib/stripe/errors";
import { recurringStripeSubscriptionId } from "./purchase-key";
import type { CancelResult } from "./subscription-schema";
import { subscriptionView, subscriptionViewInclude } from "./subscription-view";

export const cancelInput = z.object({ return_url: redirectUrlSchema.optional() });

/**
 * Cancels the caller's own subscription. Recurring Stripe subscriptions are managed in Stripe's
 * billing portal ({portal_url}); the change comes back by webhook. One-time, free and
 * grandfathered access ends now and the updated subscription is returned.
 */
export async function cancelSubscription(
  platform: Platform,
  sub: Subscription & Parameters<typeof subscriptionView>[0],
  actor: User,
  input: z.infer<typeof cancelInput>,
  referer: string | null,
): Promise<CancelResult> {
  if (sub.status === "canceled") return subscriptionView(sub);
  if (recurringStripeSubscriptionId(sub.stripeSubscriptionId)) {
    if (!sub.stripeCustomerId) throw new BadRequestError("Missing Stripe customer ID for this subscription", {}, "stripe_customer_missing");
    const candidates = [input.return_url, referer, `${env().APP_URL}/profile?tab=purchases`];
    const returnUrl = candidates.find((u): u is string => Boolean(u) && isAllowedRedirect(u!, platform))!;
    const portal = await callStripe("open the billing portal", () =>
      stripe().billingPortal.sessions.create({ customer: sub.stripeCustomerId!, return_url: returnUrl }),
    );
    return { portal_url: portal.url };
  }
  const updated = await db.$transaction(async (tx) => {
    const row = await tx.subscription.update({
      where: { id: sub.id },
      data: { status: "canceled", canceledAt: new Date(), cancelAtPeriodEnd: false },
      include: subscriptionViewInclude,
    });
    await audit({ actorId: actor.id, platformId: platform.id, action: "subscription.canceled", target: sub.uniqueId }, tx);
    return row;
  });
  // Stripe has nothing to end here, so no webhook will tell: the app records the fact itself
  if (sub.stripeSubscriptionId) {
    await purchaseCanceledFact(sub.id, sub.stripeSubscriptionId).catch((e) =>
      console.warn("[subscriptions] could not record the cancellation of", sub.uniqueId, e instanceof Error ? e.message : e),
    );
  }
  return subscriptionView(updated);
}
