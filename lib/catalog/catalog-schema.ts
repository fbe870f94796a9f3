import { z } from "zod";
import { BUILT_IN_ITEM_TYPES } from "@/lib/platforms/item-types";

// The catalog endpoints' requests and answers. No database here: the item picker's client hooks
// (lib/queries/catalog.ts) share these types.

export const catalogSearchQuery = z.object({
  q: z.string().trim().max(100).default(""),
  item_type: z.enum(BUILT_IN_ITEM_TYPES).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(8).meta({ description: "Items per type." }),
});
export type CatalogSearchQuery = z.infer<typeof catalogSearchQuery>;

const itemIdSchema = z
  .string()
  .trim()
  .min(1)
  .max(255)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, "Use letters, digits, dots, dashes, underscores or colons.");

export const catalogItemInput = z.object({
  item_type: z.enum(BUILT_IN_ITEM_TYPES),
  item_id: itemIdSchema,
  name: z.string().trim().min(1, "Name is required.").max(255),
  description: z.string().max(5000).default(""),
  url: z.union([z.literal(""), z.url({ protocol: /^https?$/ })]).optional(),
});
export type CatalogItemInput = z.infer<typeof catalogItemInput>;
export const catalogItemPatch = catalogItemInput.pick({ name: true, description: true, url: true }).partial();
export type CatalogItemPatch = z.infer<typeof catalogItemPatch>;

export const catalogItemSchema = z
  .object({
    item_type: z.string(),
    item_id: z.string(),
    type_label: z.string().meta({ description: "The type as shown to people (`mentor` is Agent)." }),
    name: z.string(),
    description: z.string(),
    url: z.string().nullable(),
  })
  .meta({ id: "CatalogItem" });
export type CatalogItem = z.infer<typeof catalogItemSchema>;

export const catalogListSchema = z.object({ results: z.array(catalogItemSchema) });

export const catalogSearchResultSchema = z
  .object({
    query: z.string(),
    groups: z.array(z.object({ item_type: z.string(), label: z.string(), items: z.array(catalogItemSchema) })).meta({ description: "Matches by item type; types without a match are left out." }),
  })
  .meta({ id: "CatalogSearchResult" });
export type CatalogSearchResult = z.infer<typeof catalogSearchResultSchema>;
