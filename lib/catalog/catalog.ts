import "server-only";
import { db } from "@/lib/db";
import type { CatalogItem as CatalogItemRow, Platform } from "@/lib/db";
import { ConflictError, NotFoundError } from "@/lib/api/errors";
import { BUILT_IN_ITEM_TYPES, itemTypeLabel } from "@/lib/platforms/item-types";
import type { CatalogItem, CatalogItemInput, CatalogItemPatch, CatalogSearchQuery, CatalogSearchResult } from "./catalog-schema";

export function catalogItemView(i: CatalogItemRow): CatalogItem {
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
export async function searchCatalog(platform: Platform, query: CatalogSearchQuery): Promise<CatalogSearchResult> {
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
  const groups = new Map<string, CatalogItem[]>();
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

export async function createCatalogItem(platform: Platform, input: CatalogItemInput): Promise<CatalogItem> {
  const exists = await db.catalogItem.findUnique({
    where: { platformId_itemType_itemId: { platformId: platform.id, itemType: input.item_type, itemId: input.item_id } },
  });
  if (exists) throw new ConflictError(`A ${input.item_type} with id "${input.item_id}" already exists.`, { errors: { item_id: ["Already taken."] } }, "catalog_item_exists");
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

export async function getCatalogItem(platform: Platform, itemType: string, itemId: string): Promise<CatalogItem> {
  return catalogItemView(await findItem(platform, itemType, itemId));
}

export async function updateCatalogItem(platform: Platform, itemType: string, itemId: string, patch: CatalogItemPatch): Promise<CatalogItem> {
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

export async function listCatalog(platform: Platform): Promise<CatalogItem[]> {
  const rows = await db.catalogItem.findMany({ where: { platformId: platform.id }, orderBy: [{ itemType: "asc" }, { name: "asc" }] });
  return rows.map(catalogItemView);
}
