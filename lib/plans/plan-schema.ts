import { z } from "zod";
import { pageSchema } from "@/lib/api/pagination";
import { itemTypeSchema } from "@/lib/platforms/item-types";
import { priceViewSchema } from "@/lib/prices/price-view";

// Plans: a named set of items (or every item of the platform) sold with its own tiers and share
// link. Pure (no db, no env) so the admin UI imports the inferred types.

/** Plans are stored as paywalls of this item type; their item id is the plan's unique id. */
export const PLAN_ITEM_TYPE = "plan";
export const MAX_PLAN_ITEMS = 500;

export const planItemRefSchema = z.object({
  item_type: itemTypeSchema.refine((t) => t !== PLAN_ITEM_TYPE, "A plan cannot contain a plan."),
  item_id: z.string().trim().min(1).max(255),
});

const fields = {
  name: z.string().trim().min(1, "Name is required.").max(255),
  description: z.string().max(5000).nullish().transform((v) => v ?? ""),
  items: z.array(planItemRefSchema).max(MAX_PLAN_ITEMS, `At most ${MAX_PLAN_ITEMS} items.`),
  covers_all_items: z.boolean().meta({ description: "Every item of the platform, present and future (all-access membership); `items` is then ignored." }),
};

export const createPlanInput = z
  .object({ ...fields, items: fields.items.default([]), covers_all_items: fields.covers_all_items.default(false) })
  .refine((v) => v.covers_all_items || v.items.length > 0, { message: "List at least one item, or cover every item.", path: ["items"] });
export type CreatePlanInput = z.infer<typeof createPlanInput>;

export const updatePlanInput = z
  .object({ ...fields, is_enabled: z.boolean().meta({ description: "Whether the plan is on sale." }) })
  .partial()
  .refine((v) => Object.keys(v).length > 0, "Nothing to update.");
export type UpdatePlanInput = z.infer<typeof updatePlanInput>;

export const planItemSchema = z.object({ item_type: z.string(), item_id: z.string(), name: z.string() }).meta({ id: "PlanItem" });

export const planViewSchema = z
  .object({
    id: z.uuid().meta({ description: "The plan's unique id; its share link is `/buy/{id}`." }),
    name: z.string(),
    description: z.string(),
    covers_all_items: z.boolean(),
    is_enabled: z.boolean().meta({ description: "On sale. A plan taken off sale keeps granting its items to current buyers until their subscription ends." }),
    items: z.array(planItemSchema),
    prices: z.array(priceViewSchema).meta({ description: "Tiers that are not deleted, inactive ones included." }),
    share_url: z.url(),
    subscriber_count: z.number().int().meta({ description: "Buyers whose plan grants access now." }),
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
  })
  .meta({ id: "Plan", description: "A plan: a set of items sold together with its own tiers." });
export type PlanView = z.infer<typeof planViewSchema>;

export const planPageSchema = pageSchema(planViewSchema).meta({ id: "PlanPage" });

/** A plan as offered next to an item it contains (access check denial, buy page). */
export const planOfferSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    covers_all_items: z.boolean(),
    share_url: z.url(),
    prices: z.array(priceViewSchema).meta({ description: "Active tiers, in display order." }),
  })
  .meta({ id: "PlanOffer" });
export type PlanOffer = z.infer<typeof planOfferSchema>;
