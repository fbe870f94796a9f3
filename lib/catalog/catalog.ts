import { z } from "zod";
import { db } from "@/lib/db";
import type { CatalogItem, Platform } from "@/lib/db";
import { ConflictError, NotFoundError } from "@/lib/api/errors";
import { BUILT_IN_ITEM_TYPES, itemTypeLabel } from "@/lib/platforms/item-types";

export const catalogSearchQuery = z.object({
  q: z.string().trim().max(100).default(""),
  item_type: z.enum(BUILT_IN_ITEM_TYPES).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(8),
});

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
export const catalogItemPatch = catalogItemInput.pick({ name: true, description: true, url: true }).partial();

export function catalogItemView(i: CatalogItem) {
  return {
    item_type: i.itemType,
    item_id: i.itemId,
    type_label: itemTypeLabel(i.itemType),
    name: i.name,
    description: i.description,
    url: i.url,
  };
}

/** Rank: exact name, then names starting with the query, then words starting with it, then substrings. */
function rank(name: string, q: string): number {
  const n = name.toLowerCase();
  if (n === q) return 0;
  if (n.startsWith(q)) return 1;
  if (n.split(/[\s\-_:]+/).some((w) => w.startsWith(q))) return 2;
  return 3;
}

/** Item picker search across the platform's catalog, grouped by type in the response. */
export async function searchCatalog(platform: Platform, query: z.infer<typeof catalogSearchQuery>) {
  const q = query.q.toLowerCase();
  const rows = await db.catalogItem.findMany({
    where: {
      platformId: platform.id,
      ...(query.item_type && { itemType: query.item_type }),
      ...(q && { OR: [{ name: { contains: q, mode: "insensitive" } }, { itemId: { contains: q, mode: "insensitive" } }] }),
    },
    orderBy: { name: "asc" },
    take: 200,
  });
  const groups = new Map<string, ReturnType<typeof catalogItemView>[]>();
  for (const t of BUILT_IN_ITEM_TYPES) groups.set(t, []);
  const ranked = rows.map((r) => ({ r, score: q ? rank(r.name, q) : 0 })).sort((a, b) => a.score - b.score || a.r.name.localeCompare(b.r.name));
  for (const { r } of ranked) {
    const list = groups.get(r.itemType) ?? [];
    if (list.length < query.limit) list.push(catalogItemView(r));
    groups.set(r.itemType, list);
  }
  return {
    query: query.q,
    groups: [...groups.entries()].filter(([, items]) => items.length).map(([item_type, items]) => ({ item_type, label: itemTypeLabel(item_type), items })),
  };
}

export async function createCatalogItem(platform: Platform, input: z.infer<typeof catalogItemInput>) {
  const exists = await db.catalogItem.findUnique({
    where: { platformId_itemType_itemId: { platformId: platform.id, itemType: input.item_type, itemId: input.item_id } },
  });
  if (exists) throw new ConflictError(`A ${input.item_type} with id "${input.item_id}" already exists.`, { errors: { item_id: ["Already taken."] } });
  const row = await db.catalogItem.create({
    data: { platformId: platform.id, itemType: input.item_type, itemId: input.item_id, name: input.name, description: input.description, url: input.url || null },
  });
  return catalogItemView(row);
}

async function findItem(platform: Platform, itemType: string, itemId: string) {
  const row = await db.catalogItem.findUnique({ where: { platformId_itemType_itemId: { platformId: platform.id, itemType, itemId } } });
  if (!row) throw new NotFoundError("Catalog item not found.");
  return row;
}

export async function getCatalogItem(platform: Platform, itemType: string, itemId: string) {
  return catalogItemView(await findItem(platform, itemType, itemId));
}

export async function updateCatalogItem(platform: Platform, itemType: string, itemId: string, patch: z.infer<typeof catalogItemPatch>) {
  const row = await findItem(platform, itemType, itemId);
  const updated = await db.catalogItem.update({
    where: { id: row.id },
    data: { name: patch.name, description: patch.description, url: patch.url === undefined ? undefined : patch.url || null },
  });
  return catalogItemView(updated);
}

export async function deleteCatalogItem(platform: Platform, itemType: string, itemId: string) {
  const row = await findItem(platform, itemType, itemId);
  await db.catalogItem.delete({ where: { id: row.id } });
}

export async function listCatalog(platform: Platform) {
  const rows = await db.catalogItem.findMany({ where: { platformId: platform.id }, orderBy: [{ itemType: "asc" }, { name: "asc" }] });
  return rows.map(catalogItemView);
}
