import { env } from "@/lib/config/env";
import { trustedProxyHops } from "@/lib/security/client-ip";
import { ForbiddenError } from "./errors";

function originOf(value: string | null | undefined): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:" ? url.origin : null;
  } catch {
    return null;
  }
}

/**
 * The origins our own pages are served from: the configured public URL, and the address this
 * request reached us on — taken from the proxy's X-Forwarded-* headers only when a proxy is
 * configured (TRUSTED_PROXY_HOPS), otherwise from the Host header over plain HTTP.
 */
export function ownOrigins(headers: Headers): Set<string> {
  const e = env();
  const origins = new Set<string>();
  for (const u of [e.APP_URL, e.NEXTAUTH_URL]) {
    const o = originOf(u);
    if (o) origins.add(o);
  }
  if (trustedProxyHops() > 0) {
    const host = headers.get("x-forwarded-host")?.split(",")[0]?.trim();
    const proto = headers.get("x-forwarded-proto")?.split(",")[0]?.trim() || "https";
    const o = host ? originOf(`${proto}://${host}`) : null;
    if (o) origins.add(o);
  } else {
    const o = originOf(`http://${headers.get("host") ?? ""}`);
    if (o) origins.add(o);
  }
  return origins;
}

/**
 * Browser sessions may only mutate from our own origin (scheme, host and port); tokens are not
 * sent by browsers on their own. `Origin: null` (sandboxed frames, some redirects) is refused.
 */
export function assertSameOrigin(headers: Headers) {
  const origin = headers.get("origin");
  if (origin !== null) {
    const parsed = originOf(origin);
    if (!parsed || !ownOrigins(headers).has(parsed)) throw new ForbiddenError("Cross-site request refused.", "cross_site_request");
    return;
  }
  const site = headers.get("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none") throw new ForbiddenError("Cross-site request refused.", "cross_site_request");
}
