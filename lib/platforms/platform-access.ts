import "server-only";
import { db } from "@/lib/db";
import type { MembershipRole, Platform } from "@/lib/db";
import { ForbiddenError, NotFoundError } from "@/lib/api/errors";
import type { Caller } from "@/lib/auth/caller";

export type PlatformRole = MembershipRole | "operator";

/** Roles that manage a platform; deployment operators pass as well. */
export const ADMIN_ROLES: readonly PlatformRole[] = ["owner", "admin", "operator"];
/** Owner-only surfaces (e.g. the platform's Stripe account): not even operators act for the owner. */
export const OWNER_ROLES: readonly PlatformRole[] = ["owner"];

/** The caller's role on a platform, or null when the platform is invisible to them. */
export async function roleOnPlatform(caller: Caller, platform: Platform): Promise<PlatformRole | null> {
  // a token only ever sees the platform it was minted for
  if (caller.tokenPlatformId && caller.tokenPlatformId !== platform.id) return null;
  const membership = await db.membership.findUnique({
    where: { userId_platformId: { userId: caller.user.id, platformId: platform.id } },
  });
  return roleFromMembership(caller, platform, membership?.role ?? null);
}

/** roleOnPlatform for a membership already read (null: not a member). */
export function roleFromMembership(caller: Caller, platform: Platform, membershipRole: MembershipRole | null): PlatformRole | null {
  if (caller.tokenPlatformId && caller.tokenPlatformId !== platform.id) return null;
  if (membershipRole) return caller.isOperator && membershipRole !== "owner" ? "operator" : membershipRole;
  return caller.isOperator ? "operator" : null;
}

/**
 * Loads a platform by key for a caller who needs one of `roles`. Other platforms answer 404 so
 * their existence is not revealed; members of this platform (or operators) without the role get 403.
 */
export async function requirePlatformRole(
  caller: Caller,
  platformKey: string,
  roles: readonly PlatformRole[],
): Promise<{ platform: Platform; role: PlatformRole }> {
  const platform = await db.platform.findUnique({ where: { key: platformKey } });
  if (!platform) throw new NotFoundError();
  const role = await roleOnPlatform(caller, platform);
  if (!role) throw new NotFoundError();
  if (!roles.includes(role)) throw new ForbiddenError();
  return { platform, role };
}

export function isPlatformAdmin(role: PlatformRole | null): boolean {
  return role === "operator" || role === "owner" || role === "admin";
}
