import "server-only";
import { z } from "zod";
import { db } from "@/lib/db";
import type { Prisma, Subscription } from "@/lib/db";
import { pageArgs, pageOf, pageQuery } from "@/lib/api/pagination";
import { env } from "@/lib/config/env";
import { itemTypeSchema, normalizeItemType } from "@/lib/platforms/item-types";
import { SUBSCRIPTION_STATUSES } from "@/lib/subscriptions/statuses";
import { subscriptionView } from "@/lib/subscriptions/subscription-view";
import type { SubscriberPage, SubscriberRow } from "./analytics-schema";
import { oneTimePaymentIntentId } from "@/lib/subscriptions/purchase-key";

export const subscribersQuery = pageQuery.extend({
  status: z.enum(SUBSCRIPTION_STATUSES).optional(),
  // `workshop` means `custom:workshop`, as in the item paths
  item_type: itemTypeSchema.transform((t) => normalizeItemType(t) ?? t).optional(),
  search: z.string().trim().max(100).optional().meta({ description: "Part of the e-mail, the user's name or the item id." }),
});

const include = { price: true, user: { select: { id: true, email: true, name: true } }, paywall: { select: { itemName: true } } } as const;
type Row = Prisma.SubscriptionGetPayload<{ include: typeof include }>;


/** Stripe references of the purchase; keys only for what exists. */
function stripeRefs(s: Subscription): Record<string, string> {
  const refs: Record<string, string> = {};
  if (s.stripeCustomerId) refs.stripe_customer_id = s.stripeCustomerId;
  const paymentIntentId = oneTimePaymentIntentId(s.stripeSubscriptionId);
  if (paymentIntentId) refs.stripe_payment_intent_id = paymentIntentId;
  else if (s.stripeSubscriptionId) refs.stripe_subscription_id = s.stripeSubscriptionId;
  if (s.stripeCheckoutSessionId) refs.stripe_checkout_session_id = s.stripeCheckoutSessionId;
  return refs;
}

/**
 * Where the buyer manages billing: their purchases page, which opens Stripe's billing portal on
 * demand. A portal session itself is short-lived and lets whoever holds it act on the buyer's
 * billing, so none is minted for an admin's list. Null for grants nobody pays for.
 */
function billingPortalUrl(s: Subscription): string | null {
  if (!s.stripeSubscriptionId && !s.stripeCustomerId) return null;
  return `${env().APP_URL}/profile?tab=purchases`;
}

export function subscriberRow(s: Row): SubscriberRow {
  return {
    ...subscriptionView(s),
    // grandfathered rows are created by the grant itself, so their creation time is the grant time
    grandfathered_at: s.isGrandfathered ? s.createdAt.toISOString() : null,
    billing_portal_url: billingPortalUrl(s),
    metadata: stripeRefs(s),
  };
}

/** Subscribers of a platform (or of one item), newest first; search by e-mail, name or item id. */
export async function listSubscribers(
  platformId: string,
  q: z.infer<typeof subscribersQuery>,
  item?: { itemType: string; itemId: string },
): Promise<SubscriberPage> {
  const contains = (v: string) => ({ contains: v, mode: "insensitive" as const });
  const where: Prisma.SubscriptionWhereInput = {
    platformId,
    ...(item ?? {}),
    ...(!item && q.item_type ? { itemType: q.item_type } : {}),
    ...(q.status ? { status: q.status } : {}),
    ...(q.search ? { OR: [{ email: contains(q.search) }, { itemId: contains(q.search) }, { user: { name: contains(q.search) } }] } : {}),
  };
  const [count, rows] = await Promise.all([
    db.subscription.count({ where }),
    db.subscription.findMany({ where, include, orderBy: [{ createdAt: "desc" }, { id: "asc" }], ...pageArgs(q) }),
  ]);
  return pageOf(rows.map(subscriberRow), count, q);
}
