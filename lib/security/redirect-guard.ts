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
