import "server-only";
import { getToken } from "next-auth/jwt";
import type { NextRequest } from "next/server";
import type { User } from "@/lib/db";
import { UnauthorizedError } from "@/lib/api/errors";
import { preloadRequest, type Preloaded } from "@/lib/api/request-preload";
import { hashTokenKey, TOKEN_KEY_PREFIX } from "./api-tokens";
import { noteTokenUse } from "./token-last-used";
import { authSecret } from "./secret";

export type Caller = {
  user: User;
  isOperator: boolean;
  via: "session" | "token";
  /** Platform an API token is limited to; null for browser sessions. */
  tokenPlatformId: string | null;
  /** That platform's sites, for cross-origin calls made with the token. */
  tokenPlatform?: { allowedDomains: string[] };
};

/** What the request presents, read without the database: a token's hash, a session's user id, a malformed header, or nothing. */
export type Credential = { kind: "token"; hash: string } | { kind: "session"; userId: string } | { kind: "invalid"; detail: string } | null;

/**
 * An `Authorization: Token <key>` header (or `Bearer <key>`, which generated clients send) wins
 * over the session cookie.
 */
export async function readCredential(req: NextRequest): Promise<Credential> {
  const header = req.headers.get("authorization");
  if (header) {
    const [scheme, key] = header.trim().split(/\s+/, 2);
    const known = scheme?.toLowerCase() === "token" || scheme?.toLowerCase() === "bearer";
    if (!known || !key) return { kind: "invalid", detail: "Use the header `Authorization: Token <key>` (or `Bearer <key>`)." };
    if (!key.startsWith(TOKEN_KEY_PREFIX)) return { kind: "invalid", detail: "Invalid or revoked token." };
    return { kind: "token", hash: hashTokenKey(key) };
  }
  const jwt = await getToken({ req, secret: authSecret() });
  return jwt?.sub ? { kind: "session", userId: jwt.sub } : null;
}

/** The caller the credential and its preloaded rows make; throws 401 for a bad or revoked token. */
export function callerFrom(credential: Credential, pre: Preloaded | null): Caller | null {
  if (!credential) return null;
  if (credential.kind === "invalid") throw new UnauthorizedError(credential.detail);
  if (credential.kind === "token") {
    const token = pre?.token;
    if (!token || !pre?.user) throw new UnauthorizedError("Invalid or revoked token.");
    noteTokenUse(token.id, token.lastUsedAt);
    return { user: pre.user, isOperator: pre.user.isOperator, via: "token", tokenPlatformId: token.platformId, tokenPlatform: { allowedDomains: token.allowedDomains } };
  }
  if (!pre?.user) return null;
  return { user: pre.user, isOperator: pre.user.isOperator, via: "session", tokenPlatformId: null };
}

/** Who is calling, in one database round trip (routes resolve it with their scope through withApi). */
export async function resolveCaller(req: NextRequest): Promise<Caller | null> {
  const credential = await readCredential(req);
  if (!credential || credential.kind === "invalid") return callerFrom(credential, null);
  return callerFrom(credential, await preloadRequest(credential, null));
}
