"use client";

import { usePaywallList } from "@/lib/queries/paywalls";

/** Value of an item in a filter select: `type/id` (ids may contain anything but the type has no slash). */
export const itemValue = (i: { item_type: string; item_id: string }) => `${i.item_type}/${i.item_id}`;

export function parseItemValue(v: string): { type: string; id: string } | undefined {
  const at = v.indexOf("/");
  return at > 0 ? { type: v.slice(0, at), id: v.slice(at + 1) } : undefined;
}

/** The configured items of the platform, for the item filters (first 100, the API's page limit). */
export function useItemOptions(platformKey: string) {
  const list = usePaywallList(platformKey, { page: 1, page_size: 100 });
  return (list.data?.results ?? []).map((i) => ({ value: itemValue(i), label: i.item_name || i.item_id, item_type: i.item_type, item_id: i.item_id }));
}
