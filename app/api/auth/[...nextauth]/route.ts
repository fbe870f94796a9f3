import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { errorResponse, mapError } from "@/lib/api/with-api";
import { API_BODY_LIMIT_BYTES, readLimitedText } from "@/lib/api/request-input";
import { sanitizeCallbackCookies, sanitizedAuthRequest } from "@/lib/auth/auth-request";
import { authOptions } from "@/lib/auth/options";
import { clearPasswordFailures, countSignInAttempt, normalizedEmail, rateLimitedAnswer, signInKind } from "@/lib/auth/sign-in-limits";
import { RateLimitedError } from "@/lib/security/rate-limit";

type Ctx = { params: Promise<{ nextauth: string[] }> };

/** next-auth answers some refusals in plain text or `{message}`; a JSON API answers `{detail, code}`. */
async function asJsonError(res: Response): Promise<Response> {
  const json = (res.headers.get("content-type") ?? "").includes("json");
  // next-auth's own client reads the `{url}` of its JSON refusals (a wrong password is a 401)
  if (res.status < 400 || (json && res.status < 500)) return res;
  if (res.status === 404) return errorResponse(404, "Not found.", "not_found");
  if (res.status >= 500) return errorResponse(500, "Internal server error.", "internal_error");
  return errorResponse(res.status, "Invalid sign-in request.", "bad_request");
}

async function handler(req: NextRequest, ctx: Ctx) {
  const segments = (await ctx.params).nextauth ?? [];
  // a password is only ever posted; next-auth would call any other method a server fault
  if (segments.join("/") === "callback/credentials" && req.method !== "POST") {
    return errorResponse(405, "Method not allowed.", "method_not_allowed", {}, { allow: "POST" });
  }
  const kind = signInKind(req.method, segments);
  let email = "";
  let forward: NextRequest;
  try {
    // read once, bounded; next-auth gets the same request with its callback URLs made ours
    const raw = req.method === "GET" || req.method === "HEAD" ? null : await readLimitedText(req, API_BODY_LIMIT_BYTES);
    const { request, form } = sanitizedAuthRequest(req, raw);
    forward = request;
    if (kind) {
      email = normalizedEmail(form);
      await countSignInAttempt(kind, req.headers, email);
    }
    await sanitizeCallbackCookies();
  } catch (e) {
    if (e instanceof RateLimitedError) return rateLimitedAnswer(e);
    return mapError(e);
  }
  const res = await asJsonError(await NextAuth(forward as never, ctx as never, authOptions()));
  if (kind === "password" && (await signedIn(res))) await clearPasswordFailures(req.headers, email).catch(() => {});
  return res;
}

/** next-auth answers a password attempt 200 with `{url}`; a failure's url carries `error=`. */
async function signedIn(res: Response): Promise<boolean> {
  if (res.status !== 200 && res.status !== 302) return false;
  const location = res.headers.get("location") ?? ((await res.clone().json().catch(() => ({}))) as { url?: string }).url ?? "";
  return !location.includes("error=") && res.headers.getSetCookie().some((c) => c.includes("session-token"));
}

async function safeHandler(req: NextRequest, ctx: Ctx) {
  try {
    return await handler(req, ctx);
  } catch (e) {
    console.error("[auth] unhandled error", e);
    return errorResponse(500, "Internal server error.", "internal_error");
  }
}

export { safeHandler as GET, safeHandler as POST };
