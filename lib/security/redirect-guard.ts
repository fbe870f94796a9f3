import { z } from "zod";
import { env } from "@/lib/config/env";

/** Origins a redirect back from Stripe may target: the app itself and the platform's own domains. */
export function allowedOrigins(platform?: { allowedDomains: string[] }): Set<string> {
  const origins = new Set([new URL(env().APP_URL).origin]);
  for (const d of platform?.allowedDomains ?? []) {
    try {
      origins.add(new URL(d).origin);
    } catch {}
  }
  return origins;
}

export function isAllowedRedirect(url: string, platform?: { allowedDomains: string[] }): boolean {
  try {
    return allowedOrigins(platform).has(new URL(url).origin);
  } catch {
    return false;
  }
}

/** An absolute http(s) URL; whether its origin is allowed is checked against the platform. */
export const redirectUrlSchema = z.url({ protocol: /^https?$/, error: "Enter an absolute http(s) URL." }).max(2000);

/**
 * A post-sign-in destination that stays on this site: a path of our own origin, or "/".
 * Resolved the way a browser would (backslashes, tabs and newlines included), so `/\evil.example`
 * or `/\t/evil.example` cannot become a protocol-relative URL to another host.
 */
export function sameOriginPath(value: string | null | undefined, fallback = "/"): string {
  if (!value || value.length > 2000) return fallback;
  const base = new URL(env().APP_URL);
  let url: URL;
  try {
    url = new URL(value, base);
  } catch {
    return fallback;
  }
  if (url.origin !== base.origin) return fallback;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // "//host" would be read as another host by whoever follows it next
  return path.startsWith("/") && !path.startsWith("//") ? path : fallback;
}
