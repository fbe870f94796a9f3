import { z } from "zod";
import { planOfferSchema } from "@/lib/plans/plan-schema";
import { itemTypeSchema } from "@/lib/platforms/item-types";
import { priceViewSchema } from "@/lib/prices/price-view";
import { accessReasonSchema } from "./access-check-schema";

// Access decisions for a page of items at once. Pure: the catalog page imports the types.

export const MAX_DECISIONS = 100;

export const decisionsInput = z.object({
  items: z
    .array(z.object({ item_type: itemTypeSchema, item_id: z.string().min(1).max(255) }))
    .min(1, "List at least one item.")
    .max(MAX_DECISIONS, `At most ${MAX_DECISIONS} items.`),
});
export type DecisionsInput = z.infer<typeof decisionsInput>;

export const publicPromotionSchema = z
  .object({
    code: z.string(),
    percent_off: z.number().nullable(),
    amount_off: z.string().nullable().meta({ description: "Decimal amount in `currency`." }),
    currency: z.string().nullable(),
    duration: z.enum(["once", "repeating", "forever"]),
    duration_in_months: z.number().int().nullable(),
    expires_at: z.iso.datetime().nullable(),
  })
  .meta({ id: "PublicPromotion", description: "A promotion code the platform shows publicly next to the items it applies to." });
export type PublicPromotion = z.infer<typeof publicPromotionSchema>;

export const decisionSchema = z
  .object({
    item_type: z.string(),
    item_id: z.string(),
    found: z.boolean().meta({ description: "False for a built-in item the catalog does not know (no other field applies then)." }),
    has_access: z.boolean(),
    reason: accessReasonSchema.nullable(),
    plan: z.object({ id: z.uuid(), name: z.string() }).nullable(),
    offers: z
      .object({
        pricing_available: z.boolean(),
        prices: z.array(priceViewSchema),
        plans: z.array(planOfferSchema),
        promotions: z.array(publicPromotionSchema),
      })
      .nullable()
      .meta({ description: "What to offer on a denial; null when allowed." }),
  })
  .meta({ id: "AccessDecision" });
export type AccessDecision = z.infer<typeof decisionSchema>;

export const decisionsSchema = z
  .object({ results: z.array(decisionSchema).meta({ description: "One per requested item, in request order." }) })
  .meta({ id: "AccessDecisions" });
export type AccessDecisions = z.infer<typeof decisionsSchema>;
