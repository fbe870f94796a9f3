import type { Price, Subscription, User } from "@/lib/db";
import { fromMinorUnits } from "@/lib/prices/money";
import { isOneTimePurchaseKey } from "./purchase-key";
import type { SubscriptionView } from "./subscription-schema";

export { subscriptionViewSchema, type SubscriptionView } from "./subscription-schema";

type Row = Subscription & { price?: Price | null; user?: Pick<User, "id" | "email" | "name"> | null; paywall?: { itemName: string } | null };

/** What subscriptionView needs loaded with the row. */
export const subscriptionViewInclude = {
  price: true,
  user: { select: { id: true, email: true, name: true } },
  paywall: { select: { itemName: true } },
} as const;

/** The API shape of a subscription; the price shows what this buyer pays, not the tier's current amount. */
export function subscriptionView(s: Row): SubscriptionView {
  const currency = s.currency ?? s.price?.currency ?? null;
  const amount = s.amount ?? s.price?.amount ?? null;
  return {
    unique_id: s.uniqueId,
    user_id: s.userId,
    username: s.user?.name ?? null,
    email: s.email,
    item_type: s.itemType,
    item_id: s.itemId,
    item_name: s.paywall?.itemName ?? null,
    status: s.status,
    price: s.price
      ? {
          id: s.price.uniqueId,
          name: s.price.name,
          amount: amount !== null && currency ? fromMinorUnits(amount, currency) : null,
          currency,
          interval: s.interval ?? s.price.interval,
          features: s.price.features,
          remark: s.price.remark,
        }
      : null,
    current_period_start: s.currentPeriodStart?.toISOString() ?? null,
    current_period_end: s.currentPeriodEnd?.toISOString() ?? null,
    trial_end: s.trialEnd?.toISOString() ?? null,
    cancel_at_period_end: s.cancelAtPeriodEnd,
    canceled_at: s.canceledAt?.toISOString() ?? null,
    is_grandfathered: s.isGrandfathered,
    is_one_time: isOneTimePurchaseKey(s.stripeSubscriptionId),
    created_at: s.createdAt.toISOString(),
    updated_at: s.updatedAt.toISOString(),
  };
}
