import { env } from "@/lib/config/env";
import { clientIp } from "@/lib/security/client-ip";
import { hitRateLimit, RateLimitedError, refundRateLimit, resetRateLimit, type Limit } from "@/lib/security/rate-limit";

// Guessing passwords and mailing sign-in links are limited per account and per client. Every
// attempt counts before it runs (so parallel guesses cannot slip through); a successful password
// sign-in clears its account's count and gives its client's hit back, so only failures add up.
export const PASSWORD_PER_ACCOUNT: Limit = { name: "sign-in:password:account", points: 10, durationSeconds: 15 * 60 };
export const PASSWORD_PER_CLIENT: Limit = { name: "sign-in:password:client", points: 30, durationSeconds: 15 * 60 };
export const MAGIC_LINK_PER_ADDRESS: Limit = { name: "sign-in:link:address", points: 5, durationSeconds: 60 * 60 };
const magicLinkPerClient = (): Limit => ({ name: "sign-in:link:client", points: env().MAGIC_LINKS_PER_CLIENT_PER_HOUR, durationSeconds: 60 * 60 });

export type SignInKind = "password" | "magic-link";

/** Which sign-in a next-auth request is, from its path (`/api/auth/callback/credentials`, …). */
export function signInKind(method: string, segments: string[]): SignInKind | null {
  if (method !== "POST") return null;
  const path = segments.join("/");
  if (path === "callback/credentials") return "password";
  if (path === "signin/email") return "magic-link";
  return null;
}

export function normalizedEmail(form: URLSearchParams): string {
  return (form.get("email") ?? "").trim().toLowerCase().slice(0, 320);
}

/** Counts the attempt; throws RateLimitedError when the account or the client is over its limit. */
export async function countSignInAttempt(kind: SignInKind, headers: Headers, email: string): Promise<void> {
  const client = clientIp(headers);
  if (kind === "password") {
    await hitRateLimit(PASSWORD_PER_CLIENT, client);
    if (email) await hitRateLimit(PASSWORD_PER_ACCOUNT, email);
  } else {
    await hitRateLimit(magicLinkPerClient(), client);
    if (email) await hitRateLimit(MAGIC_LINK_PER_ADDRESS, email);
  }
}

export async function clearPasswordFailures(headers: Headers, email: string): Promise<void> {
  await refundRateLimit(PASSWORD_PER_CLIENT, clientIp(headers));
  if (email) await resetRateLimit(PASSWORD_PER_ACCOUNT, email);
}

/**
 * The 429 next-auth's client can read: it follows `url` (or reads its `error`), so the sign-in
 * page shows the limit instead of a generic failure.
 */
export function rateLimitedAnswer(e: RateLimitedError): Response {
  return Response.json(
    {
      detail: `Too many sign-in attempts. Try again in ${Math.ceil(e.retryAfterSeconds / 60)} minute(s).`,
      code: "rate_limited",
      url: `${env().APP_URL}/sign-in?error=RateLimited`,
    },
    { status: 429, headers: { "Retry-After": String(e.retryAfterSeconds), "cache-control": "no-store" } },
  );
}
