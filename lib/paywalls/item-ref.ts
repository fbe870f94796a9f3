import { z } from "zod";
import { db } from "@/lib/db";
import type { Paywall, Platform } from "@/lib/db";
import { BadRequestError, NotFoundError } from "@/lib/api/errors";
import type { Caller } from "@/lib/auth/caller";
import { ADMIN_ROLES, requirePlatformRole, roleOnPlatform, type PlatformRole } from "@/lib/platforms/platform-access";
import { ITEM_TYPE_PATTERN } from "@/lib/platforms/item-types";

/** The universal item key: (platform, item_type, item_id). */
export type ItemRef = { platform: Platform; itemType: string; itemId: string; paywall: Paywall | null };

export const compositeParams = z.object({ pk: z.string().min(1), type: z.string().min(1), id: z.string().min(1).max(255) });
export const canonicalParams = z.object({ uid: z.string().min(1) });

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: string) => UUID.test(value);

export function assertItemType(itemType: string) {
  if (!ITEM_TYPE_PATTERN.test(itemType) || itemType.length > 64) {
    throw new BadRequestError("Invalid item type.", { errors: { item_type: ["Must match ^(?:custom:)?[a-z][a-z0-9_-]*$."] } });
  }
}

async function withPaywall(platform: Platform, itemType: string, itemId: string): Promise<ItemRef> {
  const paywall = await db.paywall.findUnique({ where: { platformId_itemType_itemId: { platformId: platform.id, itemType, itemId } } });
  return { platform, itemType, itemId, paywall };
}

/** Admin access by platform key + item type + item id. */
export async function adminItemByComposite(caller: Caller, p: z.infer<typeof compositeParams>) {
  const { platform, role } = await requirePlatformRole(caller, p.pk, ADMIN_ROLES);
  assertItemType(p.type);
  return { ...(await withPaywall(platform, p.type, p.id)), role };
}

/** Admin access by paywall unique id; another platform's paywall is a 404. */
export async function adminItemByUid(caller: Caller, uid: string) {
  const paywall = isUuid(uid) ? await db.paywall.findUnique({ where: { uniqueId: uid }, include: { platform: true } }) : null;
  if (!paywall) throw new NotFoundError("Paywall not found.");
  const { platform, role } = await requirePlatformRole(caller, paywall.platform.key, ADMIN_ROLES);
  return { platform, itemType: paywall.itemType, itemId: paywall.itemId, paywall, role };
}

/** Public access (pricing, guest checkout) by composite key. */
export async function publicItemByComposite(p: z.infer<typeof compositeParams>): Promise<ItemRef> {
  const platform = await db.platform.findUnique({ where: { key: p.pk } });
  if (!platform) throw new NotFoundError();
  assertItemType(p.type);
  return withPaywall(platform, p.type, p.id);
}

/** Public access by paywall unique id. */
export async function publicItemByUid(uid: string): Promise<ItemRef & { paywall: Paywall }> {
  const paywall = isUuid(uid) ? await db.paywall.findUnique({ where: { uniqueId: uid }, include: { platform: true } }) : null;
  if (!paywall) throw new NotFoundError("Paywall not found.");
  const { platform, ...rest } = paywall;
  return { platform, itemType: paywall.itemType, itemId: paywall.itemId, paywall: rest };
}

/** The caller's role on the item's platform, or null (tokens only see their own platform). */
export async function callerRole(caller: Caller, platform: Platform): Promise<PlatformRole | null> {
  return roleOnPlatform(caller, platform);
}
