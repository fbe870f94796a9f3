import { cookies } from "next/headers";
import { NextRequest } from "next/server";
import { ValidationError } from "@/lib/api/errors";
import { env } from "@/lib/config/env";
import { sameOriginPath } from "@/lib/security/redirect-guard";

// next-auth refuses (with a 500) a callback URL it cannot parse, wherever it finds one: the
// query, the form body or its callback-url cookie. Each is rewritten to an absolute URL of our
// own origin before next-auth sees the request, so a hostile value is a redirect home instead.

const CALLBACK_COOKIES = ["next-auth.callback-url", "__Secure-next-auth.callback-url"];

function ownCallback(value: string): string {
  const own = new URL(sameOriginPath(value), env().APP_URL).toString();
  // next-auth percent-decodes the URL once more and throws on a stray `%`: such a value goes home
  try {
    decodeURIComponent(own);
    return own;
  } catch {
    return new URL("/", env().APP_URL).toString();
  }
}

/**
 * next-auth reads cookies through `cookies()`, not from the request it is handed: a hostile
 * callback-url cookie is rewritten there (which also sends the browser the corrected cookie).
 */
export async function sanitizeCallbackCookies(): Promise<void> {
  const jar = await cookies();
  for (const name of CALLBACK_COOKIES) {
    const value = jar.get(name)?.value;
    if (value === undefined) continue;
    const own = ownCallback(value);
    if (own !== value) jar.set(name, own, { path: "/", httpOnly: true, sameSite: "lax", secure: name.startsWith("__Secure-") });
  }
}

/** The request next-auth gets: the same, with every callback URL made ours; `body` read already. */
export function sanitizedAuthRequest(req: NextRequest, body: string | null): { request: NextRequest; form: URLSearchParams } {
  const url = new URL(req.url);
  const q = url.searchParams.get("callbackUrl");
  if (q !== null) url.searchParams.set("callbackUrl", ownCallback(q));
  const headers = new Headers(req.headers);
  // next-auth parses a JSON body itself and throws on a broken one
  if ((headers.get("content-type") ?? "").includes("application/json") && body?.trim()) {
    try {
      JSON.parse(body);
    } catch {
      throw new ValidationError({ non_field_errors: ["Body is not valid JSON."] }, "Malformed JSON body.");
    }
  }
  const form = new URLSearchParams((headers.get("content-type") ?? "").includes("application/x-www-form-urlencoded") ? (body ?? "") : "");
  let forwardBody = body;
  // next-auth parses an empty JSON body too, and throws: an empty object says the same
  if ((headers.get("content-type") ?? "").includes("application/json") && body !== null && !body.trim()) forwardBody = "{}";
  const b = form.get("callbackUrl");
  if (b !== null) {
    form.set("callbackUrl", ownCallback(b));
    forwardBody = form.toString();
  }
  if (forwardBody !== null) headers.delete("content-length");
  return { request: new NextRequest(url, { method: req.method, headers, body: forwardBody }), form };
}
