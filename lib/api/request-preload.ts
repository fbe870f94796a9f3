import "server-only";
import { db, Prisma } from "@/lib/db";
import type { MembershipRole, Paywall, Platform, User } from "@/lib/db";
import { jsonTimestamp, modelFromJson } from "@/lib/db/row-shape";
import type { Credential } from "@/lib/auth/caller";
import { normalizeItemType } from "@/lib/platforms/item-types";
import { isUuid } from "./route-scope";

// Everything the wrapper needs before a handler runs — the caller (an API token and its user, or
// the session's user), the platform and item the path names and the caller's membership there —
// in ONE statement, instead of one query per fact. The permission checks stay in route-scope.ts
// and run on these rows exactly as they ran on the separate queries.

/** What the path names, as far as it can be loaded without validating it (that comes later). */
export type ScopeTarget = { pk: string } | { pk: string; type: string; id: string } | { uid: string } | null;

export type PreloadedToken = { id: string; platformId: string; lastUsedAt: Date | null; allowedDomains: string[] };

export type Preloaded = {
  user: User | null;
  token: PreloadedToken | null;
  /** Set when a target was asked for: the platform (null when unknown) and item's paywall. */
  scope: { platform: Platform | null; paywall: Paywall | null; role: MembershipRole | null } | null;
};

type Raw = { token: unknown; user: unknown; token_domains: string[] | null; platform: unknown; paywall: unknown; role: string | null };

export async function preloadRequest(credential: Credential, target: ScopeTarget): Promise<Preloaded> {
  const tokenHash = credential?.kind === "token" ? credential.hash : null;
  const sessionUserId = credential?.kind === "session" ? credential.userId : null;
  const userId = tokenHash ? Prisma.sql`(SELECT user_id FROM tok)` : Prisma.sql`${sessionUserId}::text`;

  let platformCte = Prisma.sql`SELECT p.* FROM platforms p WHERE false`;
  let paywallCte = Prisma.sql`SELECT w.* FROM paywalls w WHERE false`;
  if (target && "uid" in target) {
    if (isUuid(target.uid)) {
      paywallCte = Prisma.sql`SELECT w.* FROM paywalls w WHERE w.unique_id = ${target.uid}::uuid`;
      platformCte = Prisma.sql`SELECT p.* FROM platforms p WHERE p.id = (SELECT platform_id FROM pw)`;
    }
  } else if (target) {
    platformCte = Prisma.sql`SELECT p.* FROM platforms p WHERE p.key = ${target.pk}`;
    const itemType = "type" in target ? normalizeItemType(target.type) : null;
    if ("type" in target && itemType) {
      paywallCte = Prisma.sql`SELECT w.* FROM paywalls w WHERE w.platform_id = (SELECT id FROM pl) AND w.item_type = ${itemType} AND w.item_id = ${target.id}`;
    }
  }
  // a paywall uid names the platform through the paywall; a key names the paywall through the platform
  const byUid = Boolean(target && "uid" in target);
  const [row] = await db.$queryRaw<Raw[]>`
    WITH tok AS (SELECT t.id, t.user_id, t.platform_id, t.last_used_at FROM api_tokens t WHERE t.token_hash = ${tokenHash ?? ""} AND t.revoked_at IS NULL),
    usr AS (SELECT u.* FROM users u WHERE u.id = ${userId}),
    ${byUid ? Prisma.sql`pw AS (${paywallCte}), pl AS (${platformCte})` : Prisma.sql`pl AS (${platformCte}), pw AS (${paywallCte})`}
    SELECT (SELECT to_jsonb(tok) FROM tok) AS token,
           (SELECT to_jsonb(usr) FROM usr) AS "user",
           (SELECT tp.allowed_domains FROM platforms tp WHERE tp.id = (SELECT platform_id FROM tok)) AS token_domains,
           (SELECT to_jsonb(pl) FROM pl) AS platform,
           (SELECT to_jsonb(pw) FROM pw WHERE pw.platform_id = (SELECT id FROM pl)) AS paywall,
           (SELECT m.role::text FROM memberships m WHERE m.platform_id = (SELECT id FROM pl) AND m.user_id = (SELECT id FROM usr)) AS role`;

  const tok = row.token == null ? null : ((typeof row.token === "string" ? JSON.parse(row.token) : row.token) as { id: string; platform_id: string; last_used_at: string | null });
  const user = modelFromJson<User>(db, "User", row.user);
  return {
    user,
    token: tok && user ? { id: tok.id, platformId: tok.platform_id, lastUsedAt: tok.last_used_at ? jsonTimestamp(tok.last_used_at) : null, allowedDomains: row.token_domains ?? [] } : null,
    scope: target
      ? { platform: modelFromJson<Platform>(db, "Platform", row.platform), paywall: modelFromJson<Paywall>(db, "Paywall", row.paywall), role: (row.role as MembershipRole | null) ?? null }
      : null,
  };
}
