import "server-only";
import { db } from "@/lib/db";
import type { MembershipRole, Paywall, Platform, Price } from "@/lib/db";
import type { Caller } from "@/lib/auth/caller";
import { ADMIN_ROLES, OWNER_ROLES, roleFromMembership, roleOnPlatform, type PlatformRole } from "@/lib/platforms/platform-access";
import { normalizeItemType } from "@/lib/platforms/item-types";
import type { AuthClass, Scope } from "./contract";
import { BadRequestError, ForbiddenError, NotFoundError } from "./errors";

// Loads what a route's path names — platform, item (composite key or paywall uid), price
// (composite key + price id, or price uid) — once, and applies the route's permission class to
// the platform it belongs to.

/** The universal item key: (platform, item_type, item_id) and its paywall if one exists. */
export type ItemScope = { platform: Platform; itemType: string; itemId: string; paywall: Paywall | null };
export type PriceScope = ItemScope & { paywall: Paywall; price: Price };

export type Resolved = { platform?: Platform; role?: PlatformRole; item?: ItemScope; price?: Price };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: string) => UUID.test(value);

type Raw = Record<string, string | string[] | undefined>;
const str = (raw: Raw, key: string) => (typeof raw[key] === "string" ? (raw[key] as string) : undefined);

/** An item type as stored: built-in types as they are, anything else under `custom:`. */
export function itemTypeOrRefuse(raw: string): string {
  const itemType = normalizeItemType(raw);
  if (!itemType) {
    throw new BadRequestError("Invalid item type.", { errors: { item_type: ["Must match ^(?:custom:)?[a-z][a-z0-9_-]*$ (at most 64 characters)."] } }, "validation_error");
  }
  return itemType;
}

async function platformByKey(key: string): Promise<Platform> {
  const platform = await db.platform.findUnique({ where: { key } });
  if (!platform) throw new NotFoundError("Platform not found.");
  return platform;
}

/** Platform, paywall and the caller's membership already read with the caller (lib/api/request-preload.ts). */
export type PreloadedScope = { platform: Platform | null; paywall: Paywall | null; role: MembershipRole | null };

async function itemOf(raw: Raw, pre?: PreloadedScope): Promise<ItemScope> {
  const uid = str(raw, "uid");
  if (uid !== undefined && pre) {
    if (!pre.platform || !pre.paywall) throw new NotFoundError("Paywall not found.");
    return { platform: pre.platform, itemType: pre.paywall.itemType, itemId: pre.paywall.itemId, paywall: pre.paywall };
  }
  if (uid !== undefined) {
    const row = isUuid(uid) ? await db.paywall.findUnique({ where: { uniqueId: uid }, include: { platform: true } }) : null;
    if (!row) throw new NotFoundError("Paywall not found.");
    const { platform, ...paywall } = row;
    return { platform, itemType: paywall.itemType, itemId: paywall.itemId, paywall };
  }
  const pk = str(raw, "pk");
  const type = str(raw, "type");
  const id = str(raw, "id");
  if (pk === undefined || type === undefined || id === undefined) throw new Error("item route without {pk}/{type}/{id} or {uid}");
  if (pre && !pre.platform) throw new NotFoundError("Platform not found.");
  const platform = pre ? pre.platform! : await platformByKey(pk);
  const itemType = itemTypeOrRefuse(type);
  const paywall = pre
    ? pre.paywall
    : await db.paywall.findUnique({ where: { platformId_itemType_itemId: { platformId: platform.id, itemType, itemId: id } } });
  return { platform, itemType, itemId: id, paywall };
}

async function priceOf(raw: Raw): Promise<{ item: ItemScope; price: Price }> {
  const priceUid = str(raw, "price_uid");
  if (priceUid !== undefined) {
    const row = isUuid(priceUid)
      ? await db.price.findFirst({ where: { uniqueId: priceUid, deletedAt: null }, include: { paywall: { include: { platform: true } } } })
      : null;
    if (!row) throw new NotFoundError("Price not found.");
    const { paywall: paywallRow, ...price } = row;
    const { platform, ...paywall } = paywallRow;
    return { item: { platform, itemType: paywall.itemType, itemId: paywall.itemId, paywall }, price };
  }
  const item = await itemOf(raw);
  const priceId = str(raw, "price_id");
  if (priceId === undefined) throw new Error("price route without {price_id} or {price_uid}");
  const price =
    item.paywall && isUuid(priceId) ? await db.price.findFirst({ where: { uniqueId: priceId, paywallId: item.paywall.id, deletedAt: null } }) : null;
  if (!price) throw new NotFoundError("Price not found.");
  return { item, price };
}

/** A token only ever sees the platform it was minted for. */
function assertVisible(caller: Caller | null, platform: Platform) {
  if (caller?.tokenPlatformId && caller.tokenPlatformId !== platform.id) throw new NotFoundError();
}

async function requireRole(caller: Caller, platform: Platform, roles: readonly PlatformRole[], pre?: PreloadedScope): Promise<PlatformRole> {
  const role = pre ? roleFromMembership(caller, platform, pre.role) : await roleOnPlatform(caller, platform);
  if (!role) throw new NotFoundError();
  if (!roles.includes(role)) throw new ForbiddenError();
  return role;
}

/** The scope a route's permission class implies: admin and owner routes name a platform. */
export function effectiveScope(auth: AuthClass, scope: Scope | undefined): Scope | undefined {
  return scope ?? (auth === "platform-admin" || auth === "platform-owner" ? "platform" : undefined);
}

export async function resolveScope(auth: AuthClass, scope: Scope | undefined, caller: Caller | null, raw: Raw, pre?: PreloadedScope): Promise<Resolved> {
  const needsRole = auth === "platform-admin" || auth === "platform-owner";
  const effective = effectiveScope(auth, scope);
  if (!effective) return {};

  let out: Resolved;
  if (effective === "platform") {
    const pk = str(raw, "pk");
    if (pk === undefined) throw new Error("platform route without a {pk} param");
    if (pre && !pre.platform) throw new NotFoundError("Platform not found.");
    const platform = pre ? pre.platform! : await platformByKey(pk);
    out = { platform };
  } else if (effective === "item") {
    const item = await itemOf(raw, pre);
    out = { platform: item.platform, item };
  } else {
    const { item, price } = await priceOf(raw);
    out = { platform: item.platform, item, price };
  }

  // public routes (pricing, guest checkout) name records anyone may see
  if (auth === "public") return out;
  const platform = out.platform!;
  if (needsRole) return { ...out, role: await requireRole(caller!, platform, auth === "platform-owner" ? OWNER_ROLES : ADMIN_ROLES, pre) };
  assertVisible(caller, platform);
  return out;
}
