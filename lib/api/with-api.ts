import { NextResponse, type NextRequest } from "next/server";
import { z } from "zod";
import { Prisma } from "@/lib/db";
import type { Platform } from "@/lib/db";
import { resolveCaller, type Caller } from "@/lib/auth/caller";
import { ADMIN_ROLES, OWNER_ROLES, requirePlatformRole, type PlatformRole } from "@/lib/platforms/platform-access";
import { RateLimitedError } from "@/lib/security/rate-limit";
import { ApiError, ForbiddenError, UnauthorizedError, ValidationError } from "./errors";

/**
 * Permission classes:
 *  - public           anyone
 *  - user             any signed-in caller (session or token)
 *  - platform-admin   owner/admin of the platform named by the `pk` path param (operators pass)
 *  - platform-owner   owner of that platform only
 *  - operator         deployment operators only
 */
export type AuthClass = "public" | "user" | "platform-admin" | "platform-owner" | "operator";

type Schema = z.ZodType;
type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

type Config<P, Q, B, A extends AuthClass> = {
  auth: A;
  params?: P;
  query?: Q;
  body?: B;
  /** Refuse API tokens (e.g. for managing tokens themselves). */
  sessionOnly?: boolean;
};

export type ApiContext<P, Q, B, A extends AuthClass> = {
  req: NextRequest;
  params: Out<P>;
  query: Out<Q>;
  body: Out<B>;
  caller: A extends "public" ? Caller | null : Caller;
  platform: A extends "platform-admin" | "platform-owner" ? Platform : undefined;
  role: A extends "platform-admin" | "platform-owner" ? PlatformRole : undefined;
};

type RouteContext = { params: Promise<Record<string, string | string[]>> };

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export function json(data: unknown, status = 200, headers?: HeadersInit) {
  return NextResponse.json(data, { status, headers });
}

export function errorResponse(status: number, detail: string, extra: Record<string, unknown> = {}, headers?: HeadersInit) {
  return json({ detail, ...extra }, status, headers);
}

/** zod issues → `{ field: [messages] }`, the shape the API returns on 400. */
export function fieldErrors(error: z.ZodError, prefix?: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const field = [prefix, ...issue.path.map(String)].filter(Boolean).join(".") || "non_field_errors";
    (out[field] ??= []).push(issue.message);
  }
  return out;
}

/** PostgreSQL text cannot hold NUL; refuse it up front instead of failing in the database. */
function hasNul(value: unknown): boolean {
  if (typeof value === "string") return value.includes("\u0000");
  if (Array.isArray(value)) return value.some(hasNul);
  if (value && typeof value === "object") return Object.entries(value).some(([k, v]) => k.includes("\u0000") || hasNul(v));
  return false;
}

function parseWith<S extends Schema | undefined>(schema: S, input: unknown, where: string): Out<S> {
  if (hasNul(input)) throw new ValidationError({ [where]: ["Must not contain NUL characters."] }, `Invalid ${where}.`);
  if (!schema) return undefined as Out<S>;
  const result = schema.safeParse(input);
  if (!result.success) {
    const errors = fieldErrors(result.error, where === "body" ? undefined : where);
    throw new ValidationError(errors, `Invalid ${where === "body" ? "request body" : where}: ${Object.keys(errors).join(", ")}.`);
  }
  return result.data as Out<S>;
}

async function readBody(req: NextRequest): Promise<unknown> {
  const text = await req.text();
  if (!text.trim()) return {};
  const type = req.headers.get("content-type") ?? "";
  if (type.includes("application/x-www-form-urlencoded")) return Object.fromEntries(new URLSearchParams(text));
  try {
    return JSON.parse(text);
  } catch {
    throw new ValidationError({ non_field_errors: ["Body is not valid JSON."] }, "Malformed JSON body.");
  }
}

function queryObject(req: NextRequest): Record<string, string> {
  return Object.fromEntries(req.nextUrl.searchParams.entries());
}

/** Browser sessions may only mutate from our own origin; tokens are not sent by browsers on their own. */
function assertSameOrigin(req: NextRequest) {
  const origin = req.headers.get("origin");
  if (origin) {
    const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host");
    if (!host || new URL(origin).host !== host) throw new ForbiddenError("Cross-site request refused.");
    return;
  }
  const site = req.headers.get("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none") throw new ForbiddenError("Cross-site request refused.");
}

function mapError(error: unknown): NextResponse {
  if (error instanceof ApiError) return errorResponse(error.status, error.detail, error.extra);
  if (error instanceof RateLimitedError) {
    return errorResponse(429, error.message, {}, { "Retry-After": String(error.retryAfterSeconds) });
  }
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2025") {
    return errorResponse(404, "Not found.");
  }
  // values the database cannot take (malformed ids, out-of-range numbers, NUL bytes)
  if (error instanceof Prisma.PrismaClientKnownRequestError && ["P2007", "P2020", "P2023", "P2033", "P2039"].includes(error.code)) {
    return errorResponse(400, "Invalid value in the request.");
  }
  console.error("[api] unhandled error", error);
  return errorResponse(500, "Internal server error.");
}

/**
 * The one wrapper every route handler uses: resolves the caller, enforces the permission class
 * (another platform's records answer 404), parses params/query/body with zod, maps domain errors
 * to status codes and never lets an exception escape as an HTML 500.
 */
export function withApi<
  A extends AuthClass,
  P extends Schema | undefined = undefined,
  Q extends Schema | undefined = undefined,
  B extends Schema | undefined = undefined,
>(config: Config<P, Q, B, A>, handler: (ctx: ApiContext<P, Q, B, A>) => Promise<unknown> | unknown) {
  return async function route(req: NextRequest, routeContext?: RouteContext): Promise<NextResponse> {
    try {
      const rawParams = (await routeContext?.params) ?? {};
      const caller = await resolveCaller(req);
      if (config.auth !== "public" && !caller) throw new UnauthorizedError();
      if (caller && config.sessionOnly && caller.via === "token") {
        throw new ForbiddenError("This endpoint needs a browser session, not an API token.");
      }
      if (caller?.via === "session" && UNSAFE.has(req.method)) assertSameOrigin(req);

      let platform: Platform | undefined;
      let role: PlatformRole | undefined;
      if (config.auth === "platform-admin" || config.auth === "platform-owner") {
        const pk = rawParams.pk;
        if (typeof pk !== "string") throw new Error("platform route without a pk param");
        ({ platform, role } = await requirePlatformRole(caller!, pk, config.auth === "platform-owner" ? OWNER_ROLES : ADMIN_ROLES));
      }
      if (config.auth === "operator" && !caller!.isOperator) throw new ForbiddenError();
      // a token is scoped to one platform; deployment-wide operator actions need a browser session
      if (config.auth === "operator" && caller!.via === "token") throw new ForbiddenError("Operator endpoints need a browser session, not an API token.");

      const params = parseWith(config.params, rawParams, "path");
      const query = parseWith(config.query, queryObject(req), "query");
      const body = config.body && UNSAFE.has(req.method) ? parseWith(config.body, await readBody(req), "body") : (undefined as Out<B>);

      const result = await handler({ req, params, query, body, caller, platform, role } as ApiContext<P, Q, B, A>);
      if (result instanceof Response) return result as NextResponse;
      if (result === undefined) return new NextResponse(null, { status: 204 });
      return json(result);
    } catch (error) {
      return mapError(error);
    }
  };
}
