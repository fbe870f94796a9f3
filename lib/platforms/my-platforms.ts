import "server-only";
import { db } from "@/lib/db";
import type { User } from "@/lib/db";
import { NotFoundError } from "@/lib/api/errors";
import type { Me, MyPlatform } from "./my-platforms-schema";

export type { MyPlatform };

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

export async function meView(user: User, isOperator: boolean): Promise<Me> {
  return { id: user.id, email: user.email, name: user.name, is_operator: isOperator, platforms: await myPlatforms(user.id, isOperator) };
}

/** One of the user's platforms by key; others answer 404 so their existence is not revealed. */
export async function myPlatform(userId: string, isOperator: boolean, key: string): Promise<MyPlatform> {
  const platform = (await myPlatforms(userId, isOperator)).find((p) => p.key === key);
  if (!platform) throw new NotFoundError("Platform not found.");
  return platform;
}
