import "server-only";
import { db } from "@/lib/db";

// Display names of items by key: the catalog's name, else the paywall's item name.

export type ItemRefKey = { itemType: string; itemId: string };
export const itemKey = (r: ItemRefKey) => `${r.itemType}\u0000${r.itemId}`;

export async function itemNames(platformId: string, refs: ItemRefKey[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  if (refs.length === 0) return names;
  const pairs = refs.map((r) => ({ itemType: r.itemType, itemId: r.itemId }));
  const [catalog, paywalls] = await Promise.all([
    db.catalogItem.findMany({ where: { platformId, OR: pairs }, select: { itemType: true, itemId: true, name: true } }),
    db.paywall.findMany({ where: { platformId, OR: pairs }, select: { itemType: true, itemId: true, itemName: true } }),
  ]);
  for (const p of paywalls) if (p.itemName) names.set(itemKey(p), p.itemName);
  for (const c of catalog) names.set(itemKey(c), c.name);
  return names;
}
