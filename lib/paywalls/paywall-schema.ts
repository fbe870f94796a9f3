import { z } from "zod";
import { pageSchema } from "@/lib/api/pagination";
import { priceViewSchema } from "@/lib/prices/price-view";

// Response schemas of the paywall endpoints. Pure (no db, no env) so client hooks can import
// the inferred types; the views that fill them live in paywall-view.ts / paywall-list.ts.

export const GRANDFATHERING_STRATEGIES = ["free_forever", "require_subscription"] as const;
export const grandfatheringStrategySchema = z.enum(GRANDFATHERING_STRATEGIES).meta({
  id: "GrandfatheringStrategy",
  description: "`free_forever`: users who accessed the item before the paywall first went live keep access for free.",
});
export type GrandfatheringStrategy = z.infer<typeof grandfatheringStrategySchema>;

/** Body of POST/PUT on an item's paywall; every field is optional. */
export const paywallInput = z.object({
  is_enabled: z.boolean().optional(),
  allow_free_tier: z.boolean().optional(),
  trial_period_days: z.number().int().min(0, "Cannot be negative.").max(730, "At most 730 days.").optional(),
  grandfathering_strategy: grandfatheringStrategySchema.optional(),
  item_name: z.string().trim().max(255).optional(),
  description: z.string().max(5000).optional(),
  on_successful_payment: z.union([z.literal(""), z.url({ protocol: /^https?$/, error: "Enter an absolute http(s) URL." }).max(500)]).optional(),
  // the body is parsed JSON already, so any value here is JSON
  item_metadata: z.unknown().optional().meta({ description: "Free JSON stored with the paywall." }),
});
export type PaywallInput = z.infer<typeof paywallInput>;
/** What a client sends. */
export type PaywallInputBody = z.input<typeof paywallInput>;

const shareUrl = z.url().meta({ description: "The public buy page of the item." });

export const paywallViewSchema = z
  .object({
    unique_id: z.uuid(),
    item_type: z.string(),
    item_id: z.string(),
    item_name: z.string(),
    item_metadata: z.unknown().meta({ description: "Free JSON stored with the paywall, or null." }),
    platform: z.object({ key: z.string(), name: z.string() }),
    is_enabled: z.boolean(),
    description: z.string(),
    allow_free_tier: z.boolean(),
    stripe_product_id: z.string().nullable(),
    trial_period_days: z.number().int(),
    grandfathering_strategy: grandfatheringStrategySchema,
    on_successful_payment: z.string().meta({ description: "Where buyers land after paying; empty for the item's own page." }),
    paywall_enabled_at: z.iso.datetime().nullable(),
    share_url: shareUrl,
    prices: z.array(priceViewSchema).meta({ description: "Active tiers, in display order." }),
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
  })
  .meta({ id: "Paywall", description: "An item's paywall configuration." });
export type PaywallView = z.infer<typeof paywallViewSchema>;

export const paywallStubSchema = z
  .object({
    item_type: z.string(),
    item_id: z.string(),
    is_enabled: z.boolean(),
    allow_free_tier: z.boolean(),
    trial_period_days: z.number().int(),
    prices: z.array(priceViewSchema),
  })
  .meta({ id: "PaywallStub", description: "An item without a paywall yet (no `unique_id`); the first save creates it." });
export type PaywallStub = z.infer<typeof paywallStubSchema>;

/** GET on an item's paywall: the configuration, or the stub when none exists yet. */
export const paywallOrStubSchema = z.union([paywallViewSchema, paywallStubSchema]);

/** What one item earned in one currency, from the ledger. */
export const paywallRevenueSchema = z
  .object({
    currency: z.string().meta({ description: "Lower-case ISO currency code." }),
    amount: z
      .string()
      .regex(/^-?\d+(\.\d+)?$/)
      .meta({ description: "Net revenue: what reached the platform after commission, refunds and disputes, as a decimal string." }),
    sales_count: z.number().int().meta({ description: "Charges in that currency." }),
  })
  .meta({ id: "PaywallRevenue" });
export type PaywallRevenue = z.infer<typeof paywallRevenueSchema>;

export const paywallListRowSchema = z
  .object({
    unique_id: z.uuid(),
    item_type: z.string(),
    item_id: z.string(),
    item_name: z.string(),
    is_enabled: z.boolean(),
    allow_free_tier: z.boolean(),
    trial_period_days: z.number().int(),
    grandfathering_strategy: grandfatheringStrategySchema,
    stripe_product_id: z.string().nullable(),
    active_price_count: z.number().int(),
    prices: z.array(priceViewSchema).meta({ description: "Active tiers, in display order." }),
    share_url: shareUrl,
    paywall_enabled_at: z.iso.datetime().nullable(),
    updated_at: z.iso.datetime(),
    sales_count: z.number().int().meta({ description: "Charges (sales and subscription payments) of the item, every currency, from the ledger." }),
    revenue: z
      .array(paywallRevenueSchema)
      .meta({ description: "What the item earned per currency, most sales first; empty before the first sale." }),
  })
  .meta({ id: "PaywallListRow", description: "A configured item of the platform." });
export type PaywallListRow = z.infer<typeof paywallListRowSchema>;

export const paywallListPageSchema = pageSchema(paywallListRowSchema).meta({ id: "PaywallListPage" });
export type PaywallListPage = z.infer<typeof paywallListPageSchema>;

export const publicPricingSchema = z
  .object({
    item_type: z.string(),
    item_id: z.string(),
    item_name: z.string(),
    is_paywalled: z.boolean().meta({ description: "Whether buying is needed; false when the paywall is off or absent." }),
    allow_free_tier: z.boolean(),
    trial_period_days: z.number().int(),
    prices: z.array(priceViewSchema).meta({ description: "Active tiers, in display order." }),
  })
  .meta({ id: "PublicPricing", description: "What an item costs, as anyone may see it." });
export type PublicPricing = z.infer<typeof publicPricingSchema>;
