import { db } from "@/lib/db";
import type { MembershipRole } from "@/lib/db";

export type MyPlatform = { key: string; name: string; role: MembershipRole | "operator"; enable_monetization: boolean };

/** Platforms a user can switch between: their memberships, or every platform for operators. */
export async function myPlatforms(userId: string, isOperator: boolean): Promise<MyPlatform[]> {
  const memberships = await db.membership.findMany({ where: { userId }, include: { platform: true }, orderBy: { createdAt: "asc" } });
  const list: MyPlatform[] = memberships.map((m) => ({
    key: m.platform.key,
    name: m.platform.name,
    role: m.role,
    enable_monetization: m.platform.enableMonetization,
  }));
  if (isOperator) {
    const others = await db.platform.findMany({ where: { key: { notIn: list.map((p) => p.key) } }, orderBy: { createdAt: "asc" } });
    list.push(...others.map((p) => ({ key: p.key, name: p.name, role: "operator" as const, enable_monetization: p.enableMonetization })));
  }
  return list;
}

export const CURRENT_PLATFORM_COOKIE = "tollgate_platform";

/** The selected platform (cookie) if the user still has it, else their first one. */
export function pickCurrentPlatform(platforms: MyPlatform[], selectedKey: string | undefined): MyPlatform | null {
  return platforms.find((p) => p.key === selectedKey) ?? platforms[0] ?? null;
}
