import { z } from "zod";

// The one list of subscription statuses, shared by server and client.

export const SUBSCRIPTION_STATUSES = ["active", "trialing", "free", "grandfathered", "past_due", "canceled", "incomplete"] as const;
export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number];
export const subscriptionStatusSchema = z.enum(SUBSCRIPTION_STATUSES).meta({ id: "SubscriptionStatus" });

/** Statuses that grant access to the item. */
export const ACCESS_STATUSES = ["active", "trialing", "free", "grandfathered"] as const satisfies readonly SubscriptionStatus[];
/** Statuses that stop a second purchase of the same item (past_due still holds the buyer's subscription). */
export const BLOCKING_STATUSES = [...ACCESS_STATUSES, "past_due"] as const satisfies readonly SubscriptionStatus[];

export const hasAccessStatus = (s: string) => (ACCESS_STATUSES as readonly string[]).includes(s);
export const isBlockingStatus = (s: string) => (BLOCKING_STATUSES as readonly string[]).includes(s);
