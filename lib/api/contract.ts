import { z } from "zod";

// What a route promises: who may call it, what it reads and every status it can answer with its
// body. `withApi` enforces it, the response check compares live answers with it and the OpenAPI
// document is generated from it, so the three cannot drift apart.

/**
 * Permission classes, readable where each route is declared:
 *  - public           anyone; an invalid Authorization header is ignored
 *  - user             any signed-in caller (session or API token)
 *  - own-record       any signed-in caller, and the handler reads only the caller's own records
 *  - platform-admin   owner/admin of the platform the route names (operators pass)
 *  - platform-owner   owner of that platform only
 *  - operator         deployment operators, browser session only
 */
export type AuthClass = "public" | "user" | "own-record" | "platform-admin" | "platform-owner" | "operator";

/**
 * What the path names, resolved by the wrapper before the handler runs:
 *  - platform  `{pk}`
 *  - item      `{pk}/{type}/{id}` or a paywall's `{uid}`
 *  - price     `{pk}/{type}/{id}/…/{price_id}` or a price's `{price_uid}`
 * Records of a platform the caller cannot see answer 404; a member without the role answers 403.
 */
export type Scope = "platform" | "item" | "price";

/** A body that is not (only) JSON: a page, a script, a YAML document. */
export type MediaBody = { readonly media: readonly string[]; readonly schema?: z.ZodType; readonly description: string };
export const media = (types: readonly string[], description: string, schema?: z.ZodType): MediaBody => ({ media: types, description, schema });
export const isMediaBody = (value: unknown): value is MediaBody => !!value && typeof value === "object" && Array.isArray((value as MediaBody).media);

/** Success (and data-like, e.g. 402) statuses → JSON body schema, a MediaBody, or `null` for an empty body. */
export type ResponseBody = z.ZodType | MediaBody | null;
export type Responses = { readonly [status: number]: ResponseBody };

/** Error statuses a route adds to the ones its declaration implies (e.g. 409, 429, 502, 503). */
export type ErrorStatus = 402 | 403 | 404 | 409 | 410 | 413 | 422 | 429 | 502 | 503 | 504;

export type RouteContract = {
  auth: AuthClass;
  scope?: Scope;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  responses: Responses;
  errors?: readonly ErrorStatus[];
  summary: string;
  description?: string;
  tags: readonly string[];
  sessionOnly?: boolean;
};

export const errorCodeSchema = z.string().meta({
  description:
    "Stable machine code to branch on. Input: validation_error, invalid_value, payload_too_large, redirect_not_allowed, invalid_webhook_url, webhook_destination_private, webhook_destination_unresolvable, unknown_webhook_event, unknown_item, unknown_target, amount_out_of_range, amount_not_adjustable. Caller: not_authenticated, permission_denied, cross_site_request, rate_limited. State: not_found, conflict, already_subscribed, not_sellable, price_inactive, unknown_price, paywall_not_enabled, connect_not_ready, checkout_incomplete, guest_checkout_refused, already_connected, not_connected, onboarding_complete, platform_key_taken, catalog_item_exists, stripe_customer_missing, nothing_to_resume, job_not_failed, rule_already_revoked, tips_disabled. Credits: insufficient_credits, spend_cap_reached, pack_inactive, quota_exhausted, cap_above_limit, idempotency_key_required, idempotency_key_reused, idempotency_key_in_progress, provider_in_use, model_price_exists, upstream_unavailable. The OpenAI-compatible /api/v1 routes answer OpenAI-shaped errors `{error: {message, type, code}}` with codes invalid_api_key, forbidden, model_not_found, invalid_request, user_required, request_too_large, upstream_unavailable, upstream_error, upstream_bad_response. Promotion codes: promotion_code_taken, promotion_code_invalid, promotion_code_expired, promotion_code_exhausted, promotion_code_not_applicable, promotion_code_already_used, promotion_code_first_purchase_only. Stripe: stripe_rejected, stripe_unavailable, upstream_error. Server: internal_error.",
});

/** Every error body: `{detail, code, errors?}`. */
export const errorBody = z
  .looseObject({
    detail: z.string(),
    code: errorCodeSchema,
    errors: z.record(z.string(), z.array(z.string())).optional().meta({ description: "Field → messages, on validation failures." }),
  })
  .meta({ id: "Error" });

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);
export const isUnsafeMethod = (method: string) => UNSAFE.has(method.toUpperCase());

export const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: "Invalid input (`validation_error`, `invalid_value`) or a refused request.",
  401: "Not signed in, or an invalid token (`not_authenticated`).",
  402: "Payment required.",
  403: "Signed in without the needed role (`permission_denied`), or a cross-site browser request (`cross_site_request`).",
  404: "Not found, or on a platform the caller cannot see (`not_found`).",
  409: "Conflicts with the current state.",
  410: "Gone.",
  413: "Request body too large (`payload_too_large`).",
  422: "Unprocessable.",
  429: "Too many requests (`rate_limited`); see `Retry-After`.",
  500: "Unexpected server error (`internal_error`).",
  502: "Stripe failed or rejected the call; nothing was changed (`stripe_unavailable`, `upstream_error`).",
  503: "Stripe could not be reached or is rate limiting; nothing was changed (`stripe_unavailable`).",
  504: "Upstream timeout.",
};

/** Every error status a route can answer for `method`, derived from its declaration. */
export function errorStatuses(contract: RouteContract, method: string): number[] {
  const out = new Set<number>([400, 500]);
  const signedIn = contract.auth !== "public";
  if (signedIn) out.add(401);
  if (
    contract.auth === "platform-admin" ||
    contract.auth === "platform-owner" ||
    contract.auth === "operator" ||
    contract.sessionOnly ||
    (signedIn && isUnsafeMethod(method))
  ) {
    out.add(403);
  }
  if (contract.params || contract.scope) out.add(404);
  if (contract.body && isUnsafeMethod(method)) out.add(413);
  for (const s of contract.errors ?? []) out.add(s);
  for (const s of Object.keys(contract.responses).map(Number)) out.delete(s);
  return [...out].sort((a, b) => a - b);
}

/** The body schema for `status`, `undefined` when the route never answers it. */
export function responseSchema(contract: RouteContract, method: string, status: number): ResponseBody | undefined {
  if (status in contract.responses) return contract.responses[status];
  return errorStatuses(contract, method).includes(status) ? errorBody : undefined;
}

const CONTRACT = Symbol.for("tollgate.route-contract");

export function attachContract<F extends object>(fn: F, contract: RouteContract): F {
  Object.defineProperty(fn, CONTRACT, { value: contract, enumerable: false });
  return fn;
}

export function contractOf(fn: unknown): RouteContract | undefined {
  return fn && (typeof fn === "function" || typeof fn === "object") ? (fn as Record<symbol, RouteContract>)[CONTRACT] : undefined;
}
