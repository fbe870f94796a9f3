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
  "quota_exhausted",
] as const;
export const accessReasonSchema = z.enum(ACCESS_REASONS).meta({
  id: "AccessReason",
  description:
    "Why access is allowed (`admin`, `no_paywall`, `paywall_disabled`, the granting subscription status, `plan` when a plan the caller holds contains the item, `rule` when an access rule grants it) or denied (`no_subscription`, `subscription_<status>`, `quota_exhausted` when the granting tier's included units for the period are used up and the wallet cannot pay for another unit).",
});
export type AccessReason = z.infer<typeof accessReasonSchema>;

export const accessPricingSchema = z
  .object({ item_name: z.string(), prices: z.array(priceViewSchema).meta({ description: "Active tiers, in display order." }) })
  .meta({ id: "AccessPricing" });
export type AccessPricing = z.infer<typeof accessPricingSchema>;

export const accessQuotaSchema = z
  .object({
    included_units: z.number().int().meta({ description: "Units the tier includes per period (0 when every unit is paid from the wallet)." }),
    unit_credits: z.number().int().nullable().meta({ description: "Credits each further unit costs from the wallet; null: no overage, the quota is a hard limit." }),
    used: z.number().int().meta({ description: "Units counted in the current period." }),
    period_start: z.iso.datetime().meta({ description: "Start of the current period: the subscription's billing period, the UTC calendar month for a one-time tier." }),
  })
  .meta({ id: "AccessQuota", description: "The metering of the tier that grants (or granted) access." });
export type AccessQuota = z.infer<typeof accessQuotaSchema>;

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
    quota: accessQuotaSchema.nullable().meta({ description: "When the subscription that decided has a metered tier: its quota and the period's usage. Null otherwise." }),
    top_up_url: z.url().nullable().meta({ description: "When `reason` is `quota_exhausted`: the buyer's wallet page to buy credits. Null otherwise." }),
  })
  .meta({
    id: "AccessCheck",
    description: "The access decision; 200 when allowed, 402 when denied (including `quota_exhausted`, with `quota` and `top_up_url`), the same body either way.",
  });
export type AccessCheck = z.infer<typeof accessCheckSchema>;
