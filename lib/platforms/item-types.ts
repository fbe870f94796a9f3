import { z } from "zod";

export const BUILT_IN_ITEM_TYPES = ["mentor", "course", "program", "pathway"] as const;
export const ITEM_TYPE_PATTERN = /^(?:custom:)?[a-z][a-z0-9_-]*$/;

export const itemTypeSchema = z
  .string()
  .max(64)
  .regex(ITEM_TYPE_PATTERN, "Item type must match ^(?:custom:)?[a-z][a-z0-9_-]*$.");

/**
 * The stored form of an item type: built-in types as they are, `custom:x` as it is, and any other
 * valid name `x` as `custom:x`. Null when the name cannot be an item type.
 */
export function normalizeItemType(raw: string): string | null {
  const value = raw;
  const stored = (BUILT_IN_ITEM_TYPES as readonly string[]).includes(value) || value.startsWith("custom:") ? value : `custom:${value}`;
  return ITEM_TYPE_PATTERN.test(stored) && stored.length <= 64 ? stored : null;
}

/** `mentor` is shown as "Agent"; `custom:foo` as "foo". */
export function itemTypeLabel(itemType: string): string {
  if (itemType === "mentor") return "Agent";
  if (itemType.startsWith("custom:")) return itemType.slice("custom:".length);
  return itemType.charAt(0).toUpperCase() + itemType.slice(1);
}
