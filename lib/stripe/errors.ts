import { BadRequestError, UpstreamError } from "@/lib/api/errors";

/**
 * What a Stripe failure is, read from the error's own fields (`type`, `rawType`, `statusCode`,
 * `code`) rather than its class: a build can carry more than one copy of the SDK, and an error
 * thrown by one copy is not an `instanceof` the other's classes.
 */
export type StripeFailure = {
  kind: "invalid_request" | "card" | "connection" | "rate_limit" | "authentication" | "permission" | "idempotency" | "api";
  statusCode?: number;
  code?: string;
  message: string;
};

const KIND_BY_TYPE: Record<string, StripeFailure["kind"]> = {
  StripeInvalidRequestError: "invalid_request",
  invalid_request_error: "invalid_request",
  StripeCardError: "card",
  card_error: "card",
  StripeConnectionError: "connection",
  StripeRateLimitError: "rate_limit",
  StripeAuthenticationError: "authentication",
  authentication_error: "authentication",
  StripePermissionError: "permission",
  StripeIdempotencyError: "idempotency",
  idempotency_error: "idempotency",
  StripeAPIError: "api",
  api_error: "api",
  StripeError: "api",
  StripeSignatureVerificationError: "invalid_request",
};

/** Returns the failure if `e` came from the Stripe SDK, null otherwise. */
export function stripeFailure(e: unknown): StripeFailure | null {
  if (!e || typeof e !== "object") return null;
  const err = e as { type?: unknown; rawType?: unknown; statusCode?: unknown; code?: unknown; message?: unknown };
  const kind = (typeof err.type === "string" && KIND_BY_TYPE[err.type]) || (typeof err.rawType === "string" && KIND_BY_TYPE[err.rawType]);
  if (!kind) return null;
  const statusCode = typeof err.statusCode === "number" ? err.statusCode : undefined;
  // a 429 is a rate limit whatever the SDK called it
  return {
    kind: statusCode === 429 ? "rate_limit" : kind,
    statusCode,
    code: typeof err.code === "string" ? err.code : undefined,
    message: typeof err.message === "string" ? err.message : "Stripe error",
  };
}

/** Stripe says the object does not exist (deleted, or another account's). */
export function isMissingStripeObject(e: unknown): boolean {
  const f = stripeFailure(e);
  return Boolean(f && f.kind === "invalid_request" && (f.code === "resource_missing" || f.statusCode === 404));
}

/**
 * Runs a Stripe call and turns its failures into API errors: a request Stripe rejected is the
 * caller's 400 with Stripe's message; an outage, timeout or 5xx is a 502/503 with a clear detail.
 */
export async function callStripe<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw toApiError(what, e);
  }
}

export function toApiError(what: string, e: unknown): Error {
  const f = stripeFailure(e);
  if (!f) return e instanceof Error ? e : new Error(String(e));
  switch (f.kind) {
    case "invalid_request":
    case "card":
      return new BadRequestError(`Stripe rejected the request to ${what}: ${f.message}`, {}, "stripe_rejected");
    case "connection":
      return new UpstreamError(`Could not reach Stripe to ${what}. Nothing was changed; try again in a moment.`, 503, "stripe_unavailable");
    case "rate_limit":
      return new UpstreamError(`Stripe is rate limiting requests; could not ${what}. Try again in a moment.`, 503, "stripe_unavailable");
    default:
      return new UpstreamError(`Stripe failed to ${what}. Nothing was changed; try again.`, 502, "stripe_unavailable");
  }
}
