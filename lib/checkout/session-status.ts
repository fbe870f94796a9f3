import "server-only";
import { z } from "zod";
import { db } from "@/lib/db";
import { withApi } from "@/lib/api/with-api";
import { NotFoundError } from "@/lib/api/errors";
import { hasAccessStatus } from "@/lib/subscriptions/statuses";
import { checkoutSessionStatusSchema, type CheckoutSessionStatus } from "./checkout-schema";

/**
 * What the thank-you page polls: our record of a Checkout Session, completed by the webhook.
 * Session ids are unguessable; the answer names the item and the buyer's e-mail only.
 */
export async function checkoutSessionStatus(sessionId: string): Promise<CheckoutSessionStatus> {
  const row = await db.checkoutSession.findUnique({ where: { stripeSessionId: sessionId }, include: { platform: { select: { key: true, name: true } } } });
  if (!row) throw new NotFoundError("Checkout session not found.");
  const [paywall, subscription, price] = await Promise.all([
    db.paywall.findUnique({ where: { id: row.paywallId }, select: { itemName: true, uniqueId: true } }),
    row.subscriptionId ? db.subscription.findUnique({ where: { id: row.subscriptionId } }) : null,
    db.price.findUnique({ where: { id: row.priceId }, select: { name: true, interval: true } }),
  ]);
  const granted = Boolean(subscription && hasAccessStatus(subscription.status));
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
