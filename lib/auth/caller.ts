import "server-only";
import { getToken } from "next-auth/jwt";
import type { NextRequest } from "next/server";
import { db } from "@/lib/db";
import type { User } from "@/lib/db";
import { UnauthorizedError } from "@/lib/api/errors";
import { findActiveToken } from "./api-tokens";
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

/**
 * Who is calling: an `Authorization: Token <key>` header (or `Bearer <key>`, which generated
 * clients send) wins over the session cookie.
 */
export async function resolveCaller(req: NextRequest): Promise<Caller | null> {
  const header = req.headers.get("authorization");
  if (header) {
    const [scheme, key] = header.trim().split(/\s+/, 2);
    const known = scheme?.toLowerCase() === "token" || scheme?.toLowerCase() === "bearer";
    if (!known || !key) {
      throw new UnauthorizedError("Use the header `Authorization: Token <key>` (or `Bearer <key>`).");
    }
    const token = await findActiveToken(key);
    if (!token) throw new UnauthorizedError("Invalid or revoked token.");
    return {
      user: token.user,
      isOperator: token.user.isOperator,
      via: "token",
      tokenPlatformId: token.platformId,
      tokenPlatform: { allowedDomains: token.platform.allowedDomains },
    };
  }
  const jwt = await getToken({ req, secret: authSecret() });
  if (!jwt?.sub) return null;
  const user = await db.user.findUnique({ where: { id: jwt.sub } });
  if (!user) return null;
  return { user, isOperator: user.isOperator, via: "session", tokenPlatformId: null };
}
