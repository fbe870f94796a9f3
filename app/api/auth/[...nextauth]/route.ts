import NextAuth from "next-auth";
import { NextRequest } from "next/server";
import { errorResponse, mapError } from "@/lib/api/with-api";
import { API_BODY_LIMIT_BYTES, readLimitedText } from "@/lib/api/request-input";
import { authOptions } from "@/lib/auth/options";
import { clearPasswordFailures, countSignInAttempt, normalizedEmail, rateLimitedAnswer, signInKind } from "@/lib/auth/sign-in-limits";
import { RateLimitedError } from "@/lib/security/rate-limit";

type Ctx = { params: Promise<{ nextauth: string[] }> };

/** next-auth answers some refusals in plain text; a JSON API answers `{detail, code}`. */
async function asJsonError(res: Response): Promise<Response> {
  if (res.status < 400 || (res.headers.get("content-type") ?? "").includes("json")) return res;
  return errorResponse(res.status, res.status === 404 ? "Not found." : "Invalid sign-in request.", res.status === 404 ? "not_found" : "bad_request");
}

async function handler(req: NextRequest, ctx: Ctx) {
  const kind = signInKind(req.method, (await ctx.params).nextauth ?? []);
  if (!kind) return asJsonError(await NextAuth(req as never, ctx as never, authOptions()));
  let email = "";
  let forward: NextRequest;
  try {
    // read once, bounded; next-auth gets an identical request
    const raw = await readLimitedText(req, API_BODY_LIMIT_BYTES);
    email = normalizedEmail(new URLSearchParams(raw));
    await countSignInAttempt(kind, req.headers, email);
    forward = new NextRequest(req.url, { method: req.method, headers: req.headers, body: raw });
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
