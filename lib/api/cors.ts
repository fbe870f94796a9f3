import "server-only";
import { db } from "@/lib/db";
import { env } from "@/lib/config/env";
import type { Caller } from "@/lib/auth/caller";

// Cross-origin calls from a platform's own sites (its `allowed_domains`), so an SDK running there
// can call the API with an API token. Never with credentials: a browser session of ours is not
// lent to another site, and cross-site unsafe requests with a session are refused anyway.

const ALLOWED_METHODS = "GET, POST, PUT, PATCH, DELETE, OPTIONS";
const ALLOWED_HEADERS = "Authorization, Content-Type, Accept";

function originOf(value: string): string | null {
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:" ? url.origin : null;
  } catch {
    return null;
  }
}

export function platformAllowsOrigin(platform: { allowedDomains: string[] } | null | undefined, origin: string): boolean {
  return !!platform && platform.allowedDomains.some((d) => originOf(d) === origin);
}

/** The request's Origin when it is another site's, else null. */
export function foreignOrigin(headers: Headers): string | null {
  const origin = headers.get("origin");
  if (!origin) return null;
  const normalized = originOf(origin);
  if (!normalized || normalized === new URL(env().APP_URL).origin) return null;
  return normalized;
}

/**
 * CORS headers for an answer: the origin is echoed when the call came with an API token of a
 * platform that lists it, or without credentials to a public route of such a platform.
 */
export function corsHeaders(
  headers: Headers,
  caller: Caller | null | undefined,
  routePlatform: { allowedDomains: string[] } | undefined,
): Record<string, string> | null {
  const origin = foreignOrigin(headers);
  if (!origin) return null;
  if (caller?.via === "session") return null;
  const platform = caller?.via === "token" ? caller.tokenPlatform : routePlatform;
  if (!platformAllowsOrigin(platform, origin)) return null;
  return { "Access-Control-Allow-Origin": origin, "Access-Control-Expose-Headers": "Retry-After, Location", Vary: "Origin" };
}

/** OPTIONS on any API route: a preflight from an origin some platform lists is allowed (no credentials). */
export async function corsPreflight(req: Request): Promise<Response> {
  const origin = foreignOrigin(req.headers);
  const base = { Vary: "Origin", "Cache-Control": "private, no-store" };
  if (!origin || !req.headers.get("access-control-request-method")) return new Response(null, { status: 204, headers: { ...base, Allow: ALLOWED_METHODS } });
  const listed = await db.platform.findMany({ where: { allowedDomains: { isEmpty: false } }, select: { allowedDomains: true } });
  if (!listed.some((p) => platformAllowsOrigin(p, origin))) return new Response(null, { status: 204, headers: base });
  return new Response(null, {
    status: 204,
    headers: {
      ...base,
      "Access-Control-Allow-Origin": origin,
      "Access-Control-Allow-Methods": ALLOWED_METHODS,
      "Access-Control-Allow-Headers": ALLOWED_HEADERS,
      "Access-Control-Max-Age": "600",
    },
  });
}
