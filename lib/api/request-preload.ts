import "server-only";
import { db } from "@/lib/db";
import { hotQuery } from "@/lib/db/hot-query";
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
  let pk: string | null = null;
  let itemType: string | null = null;
  let itemId: string | null = null;
  let uid: string | null = null;
  if (target && "uid" in target) {
    // not a uuid: no such paywall (and no cast error)
    uid = isUuid(target.uid) ? target.uid : "00000000-0000-0000-0000-000000000000";
  } else if (target) {
    pk = target.pk;
    if ("type" in target) {
      itemType = normalizeItemType(target.type);
      itemId = itemType ? target.id : null;
    }
  }
  // the statement lives in the database (migration 20261202155000_access_decision_function) so that
  // its plan is prepared once per connection instead of on every request
  const [row] = await hotQuery<Raw>(
    "request_preload",
    "SELECT * FROM request_preload($1::text, $2::text, $3::text, $4::text, $5::text, $6::uuid)",
    [tokenHash, sessionUserId, pk, itemType, itemId, uid],
  );

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
