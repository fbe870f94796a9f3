import { z } from "zod";
import { planOfferSchema } from "@/lib/plans/plan-schema";
import { priceViewSchema } from "@/lib/prices/price-view";
import { ACCESS_STATUSES } from "@/lib/subscriptions/statuses";
import { subscriptionViewSchema } from "@/lib/subscriptions/subscription-schema";

// The access check's answer, the same body for 200 (allowed) and 402 (denied). Pure (no db, no
// env) so client hooks can import the inferred types.

export const ACCESS_REASONS = [
  "admin",
  "no_paywall",
  "paywall_disabled",
  ...ACCESS_STATUSES,
  "plan",
  "rule",
  "no_subscription",
  "subscription_past_due",
  "subscription_canceled",
  "subscription_incomplete",
] as const;
export const accessReasonSchema = z.enum(ACCESS_REASONS).meta({
  id: "AccessReason",
  description:
    "Why access is allowed (`admin`, `no_paywall`, `paywall_disabled`, the granting subscription status, `plan` when a plan the caller holds contains the item, `rule` when an access rule grants it) or denied (`no_subscription`, `subscription_<status>`).",
});
export type AccessReason = z.infer<typeof accessReasonSchema>;

export const accessPricingSchema = z
  .object({ item_name: z.string(), prices: z.array(priceViewSchema).meta({ description: "Active tiers, in display order." }) })
  .meta({ id: "AccessPricing" });
export type AccessPricing = z.infer<typeof accessPricingSchema>;

export const accessCheckSchema = z
  .object({
    has_access: z.boolean(),
    item_type: z.string(),
    item_id: z.string(),
    reason: accessReasonSchema,
    requires_payment: z.boolean(),
    pricing_available: z.boolean().meta({ description: "There are tiers and the seller can take payments: a checkout can start." }),
    pricing: accessPricingSchema.nullable().meta({ description: "On a denial: what the item sells. Null when allowed." }),
    subscription: subscriptionViewSchema.nullable().meta({ description: "The caller's subscription that decided, if any (the plan's when `reason` is `plan`)." }),
    plan: z.object({ id: z.uuid(), name: z.string() }).nullable().meta({ description: "The plan that grants the item when `reason` is `plan`." }),
    rule: z.object({ id: z.string(), ends_at: z.iso.datetime().nullable() }).nullable().meta({ description: "The access rule that grants the item when `reason` is `rule`." }),
    plans: z.array(planOfferSchema).meta({ description: "On a denial: plans on sale that contain the item. Empty when allowed." }),
  })
  .meta({ id: "AccessCheck", description: "The access decision; 200 when allowed, 402 when denied, the same body either way." });
export type AccessCheck = z.infer<typeof accessCheckSchema>;
