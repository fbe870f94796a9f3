import { NextResponse, type NextRequest } from "next/server";
import { z } from "zod";
import { Prisma } from "@/lib/db";
import type { Platform } from "@/lib/db";
import { resolveCaller, type Caller } from "@/lib/auth/caller";
import { ADMIN_ROLES, OWNER_ROLES, requirePlatformRole, type PlatformRole } from "@/lib/platforms/platform-access";
import { RateLimitedError } from "@/lib/security/rate-limit";
import { ApiError, ForbiddenError, UnauthorizedError, ValidationError } from "./errors";
import { assertSameOrigin } from "./origin-check";
import { API_BODY_LIMIT_BYTES, inputProblem, readLimitedText } from "./request-input";

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
  /** Largest request body the route reads (default API_BODY_LIMIT_BYTES). */
  maxBodyBytes?: number;
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

/** Every error body: `{detail, code, ...extra}` — `code` is stable for clients to branch on. */
export function errorResponse(status: number, detail: string, code: string, extra: Record<string, unknown> = {}, headers?: HeadersInit) {
  return json({ detail, code, ...extra }, status, headers);
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

function parseWith<S extends Schema | undefined>(schema: S, input: unknown, where: string): Out<S> {
  const problem = inputProblem(input);
  if (problem) throw new ValidationError({ [where]: [problem] }, `Invalid ${where}: ${problem}`);
  if (!schema) return undefined as Out<S>;
  const result = schema.safeParse(input);
  if (!result.success) {
    const errors = fieldErrors(result.error, where === "body" ? undefined : where);
    throw new ValidationError(errors, `Invalid ${where === "body" ? "request body" : where}: ${Object.keys(errors).join(", ")}.`);
  }
  return result.data as Out<S>;
}

async function readBody(req: NextRequest, limitBytes: number): Promise<unknown> {
  const text = await readLimitedText(req, limitBytes);
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

/** Prisma's known errors, read by their `code` (a build may hold more than one copy of the client). */
function prismaCode(error: unknown): string | null {
  if (error instanceof Prisma.PrismaClientKnownRequestError) return error.code;
  const e = error as { name?: unknown; code?: unknown } | null;
  return e && e.name === "PrismaClientKnownRequestError" && typeof e.code === "string" ? e.code : null;
}

export function mapError(error: unknown): NextResponse {
  if (error instanceof ApiError) return errorResponse(error.status, error.detail, error.code, error.extra);
  if (error instanceof RateLimitedError) {
    return errorResponse(429, error.message, "rate_limited", {}, { "Retry-After": String(error.retryAfterSeconds) });
  }
  const code = prismaCode(error);
  if (code === "P2025") return errorResponse(404, "Not found.", "not_found");
  // values the database cannot take (malformed ids, out-of-range numbers, NUL bytes)
  if (code && ["P2007", "P2020", "P2023", "P2033", "P2039"].includes(code)) {
    return errorResponse(400, "Invalid value in the request.", "invalid_value");
  }
  console.error("[api] unhandled error", error);
  return errorResponse(500, "Internal server error.", "internal_error");
}

/** API answers are about the caller and must not be kept by shared caches. */
function noStore(res: Response): Response {
  if (!res.headers.has("cache-control")) res.headers.set("cache-control", "private, no-store");
  return res;
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
      if (caller?.via === "session" && UNSAFE.has(req.method)) assertSameOrigin(req.headers);

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
      const limit = config.maxBodyBytes ?? API_BODY_LIMIT_BYTES;
      const body = config.body && UNSAFE.has(req.method) ? parseWith(config.body, await readBody(req, limit), "body") : (undefined as Out<B>);

      const result = await handler({ req, params, query, body, caller, platform, role } as ApiContext<P, Q, B, A>);
      if (result instanceof Response) return noStore(result) as NextResponse;
      if (result === undefined) return noStore(new NextResponse(null, { status: 204 })) as NextResponse;
      return noStore(json(result)) as NextResponse;
    } catch (error) {
      return noStore(mapError(error)) as NextResponse;
    }
  };
}
