import "server-only";
import { NextResponse, type NextRequest } from "next/server";
import { z } from "zod";
import { Prisma } from "@/lib/db";
import type { Platform, Price } from "@/lib/db";
import { callerFrom, readCredential, type Caller } from "@/lib/auth/caller";
import type { PlatformRole } from "@/lib/platforms/platform-access";
import { RateLimitedError } from "@/lib/security/rate-limit";
import { attachContract, isUnsafeMethod, type AuthClass, type ErrorStatus, type Responses, type RouteContract, type Scope } from "./contract";
import { ApiError, ForbiddenError, UnauthorizedError, ValidationError } from "./errors";
import { contractViolation, responseCheckMode } from "./response-check";
import { effectiveScope, resolveScope, type ItemScope } from "./route-scope";
import { preloadRequest, type ScopeTarget } from "./request-preload";
import { corsHeaders } from "./cors";
import { assertSameOrigin } from "./origin-check";
import { API_BODY_LIMIT_BYTES, inputProblem, readLimitedText } from "./request-input";

type RawParams = Record<string, string | string[]>;

/** What of the path the preload can read along with the caller: a platform, or an item (by key or paywall uid). */
function scopeTarget(auth: AuthClass, scope: Scope | undefined, raw: RawParams): ScopeTarget {
  const effective = effectiveScope(auth, scope);
  // malformed values are refused by the params schema first, as before
  if (!effective || effective === "price" || inputProblem(raw)) return null;
  const s = (k: string) => (typeof raw[k] === "string" ? (raw[k] as string) : undefined);
  const [pk, type, id, uid] = [s("pk"), s("type"), s("id"), s("uid")];
  if (effective === "item" && uid !== undefined) return { uid };
  if (effective === "item" && pk !== undefined && type !== undefined && id !== undefined) return { pk, type, id };
  if (effective === "platform" && pk !== undefined) return { pk };
  return null;
}

type Schema = z.ZodType;
type Out<S> = S extends z.ZodType ? z.output<S> : undefined;
type Awaitable<T> = T | Promise<T>;

type Config<P, Q, B, A extends AuthClass, S extends Scope | undefined, R extends Responses> = {
  auth: A;
  /** What the path names; the wrapper loads it and checks the permission on its platform. */
  scope?: S;
  params?: P;
  query?: Q;
  body?: B;
  /** Success statuses and their bodies; the handler's return value is typed by the 200/201 entry. */
  responses: R;
  /** Error statuses beyond those the declaration implies (see `errorStatuses`). */
  errors?: readonly ErrorStatus[];
  summary: string;
  description?: string;
  tags: readonly string[];
  /** Refuse API tokens (e.g. for managing tokens themselves). */
  sessionOnly?: boolean;
  /** Largest request body the route reads (default API_BODY_LIMIT_BYTES). */
  maxBodyBytes?: number;
};

type Roles = "platform-admin" | "platform-owner";
type HasPlatform<A, S> = A extends Roles ? true : S extends Scope ? true : false;

export type ApiContext<P, Q, B, A extends AuthClass, S extends Scope | undefined = undefined> = {
  req: NextRequest;
  params: Out<P>;
  query: Out<Q>;
  body: Out<B>;
  caller: A extends "public" ? Caller | null : Caller;
  platform: HasPlatform<A, S> extends true ? Platform : undefined;
  role: A extends Roles ? PlatformRole : undefined;
  item: S extends "item" | "price" ? ItemScope : undefined;
  price: S extends "price" ? Price : undefined;
};

/** What a handler may return: the declared 200 (or 201) body, nothing for a 204, or a Response. */
type Reply<R extends Responses> =
  | Response
  | (R extends { 200: infer T } ? (T extends z.ZodType ? z.input<T> : never) : never)
  | (R extends { 201: infer T } ? (T extends z.ZodType ? z.input<T> : never) : never)
  | (R extends { 204: null } ? void : never);

type RouteContext = { params: Promise<Record<string, string | string[]>> };

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

/** Compares the answer with the contract outside production (see response-check). */
async function checked(contract: RouteContract, req: NextRequest, res: NextResponse): Promise<NextResponse> {
  const mode = responseCheckMode();
  if (mode === "off") return res;
  const violation = await contractViolation(contract, req.method, res);
  if (!violation) return res;
  console.error(`[api] ${req.method} ${req.nextUrl.pathname}: response does not match its contract: ${violation}`);
  if (mode === "log") return res;
  return noStore(errorResponse(500, `Response does not match its contract: ${violation}`, "response_contract_violation")) as NextResponse;
}

/**
 * The one wrapper every route handler uses: resolves the caller, loads what the path names and
 * enforces the permission class on it (another platform's records answer 404), parses
 * params/query/body with zod, maps domain errors to `{detail, code}` and never lets an exception
 * escape as an HTML 500. The declaration is also the route's OpenAPI entry.
 */
export function withApi<
  A extends AuthClass,
  R extends Responses,
  P extends Schema | undefined = undefined,
  Q extends Schema | undefined = undefined,
  B extends Schema | undefined = undefined,
  S extends Scope | undefined = undefined,
>(config: Config<P, Q, B, A, S, R>, handler: (ctx: ApiContext<P, Q, B, A, S>) => Awaitable<Reply<R>>) {
  const contract: RouteContract = {
    auth: config.auth,
    scope: config.scope,
    params: config.params,
    query: config.query,
    body: config.body,
    responses: config.responses,
    errors: config.errors,
    summary: config.summary,
    description: config.description,
    tags: config.tags,
    sessionOnly: config.sessionOnly,
  };
  async function run(req: NextRequest, routeContext?: RouteContext): Promise<NextResponse> {
    let caller: Caller | null | undefined;
    let routePlatform: Platform | undefined;
    const withCors = (res: NextResponse) => {
      const headers = corsHeaders(req.headers, caller, routePlatform);
      for (const [k, v] of Object.entries(headers ?? {})) res.headers.set(k, v);
      return res;
    };
    try {
      const rawParams = (await routeContext?.params) ?? {};
      // the caller and what the path names, read in one round trip; the checks below run in their usual order
      const credential = await readCredential(req);
      const target = scopeTarget(config.auth, config.scope, rawParams);
      const pre = (credential && credential.kind !== "invalid") || target ? await preloadRequest(credential?.kind === "invalid" ? null : credential, target) : null;
      // public routes serve anyone: a stale or malformed Authorization header is not an error there
      caller = config.auth === "public" ? ignoreUnauthorized(() => callerFrom(credential, pre)) : callerFrom(credential, pre);
      if (config.auth !== "public" && !caller) throw new UnauthorizedError();
      if (caller && config.sessionOnly && caller.via === "token") {
        throw new ForbiddenError("This endpoint needs a browser session, not an API token.");
      }
      if (caller?.via === "session" && isUnsafeMethod(req.method)) assertSameOrigin(req.headers);
      if (config.auth === "operator" && !caller!.isOperator) throw new ForbiddenError();
      // a token is scoped to one platform; deployment-wide operator actions need a browser session
      if (config.auth === "operator" && caller!.via === "token") throw new ForbiddenError("Operator endpoints need a browser session, not an API token.");

      const params = parseWith(config.params, rawParams, "path");
      const { platform, role, item, price } = await resolveScope(config.auth, config.scope, caller, rawParams, pre?.scope ?? undefined);
      routePlatform = platform;
      const query = parseWith(config.query, queryObject(req), "query");
      const limit = config.maxBodyBytes ?? API_BODY_LIMIT_BYTES;
      const body = config.body && isUnsafeMethod(req.method) ? parseWith(config.body, await readBody(req, limit), "body") : (undefined as Out<B>);

      const result = await handler({ req, params, query, body, caller, platform, role, item, price } as ApiContext<P, Q, B, A, S>);
      if (result instanceof Response) return withCors(noStore(result) as NextResponse);
      if (result === undefined) return withCors(noStore(new NextResponse(null, { status: 204 })) as NextResponse);
      return withCors(noStore(json(result)) as NextResponse);
    } catch (error) {
      return withCors(noStore(mapError(error)) as NextResponse);
    }
  }
  const route = async (req: NextRequest, routeContext?: RouteContext) => checked(contract, req, await run(req, routeContext));
  return attachContract(route, contract);
}

function ignoreUnauthorized(resolve: () => Caller | null): Caller | null {
  try {
    return resolve();
  } catch (error) {
    if (error instanceof UnauthorizedError) return null;
    throw error;
  }
}
export type { AuthClass, Scope } from "./contract";
