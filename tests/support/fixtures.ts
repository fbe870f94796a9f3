import { db } from "@/lib/db";
import type { MembershipRole } from "@/lib/db";
import { mintApiToken } from "@/lib/auth/api-tokens";

let seq = 0;
const unique = (prefix: string) => `${prefix}-${process.pid}-${++seq}`;

export async function createPlatform(overrides: { key?: string; enableMonetization?: boolean } = {}) {
  const key = overrides.key ?? unique("plat");
  return db.platform.create({ data: { key, name: `Platform ${key}`, enableMonetization: overrides.enableMonetization ?? true } });
}

export async function createUser(opts: { email?: string; isOperator?: boolean; platformId?: string; role?: MembershipRole } = {}) {
  const user = await db.user.create({ data: { email: opts.email ?? `${unique("user")}@example.test`, isOperator: opts.isOperator ?? false } });
  if (opts.platformId) await db.membership.create({ data: { userId: user.id, platformId: opts.platformId, role: opts.role ?? "member" } });
  return user;
}

export async function tokenFor(userId: string, platformKey: string) {
  return (await mintApiToken(userId, { name: "test", platform_key: platformKey }, false)).key;
}
