import Stripe from "stripe";
import { BadRequestError, UpstreamError } from "@/lib/api/errors";

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
  if (e instanceof Stripe.errors.StripeInvalidRequestError || e instanceof Stripe.errors.StripeCardError) {
    return new BadRequestError(`Stripe rejected the request to ${what}: ${e.message}`);
  }
  if (e instanceof Stripe.errors.StripeConnectionError) {
    return new UpstreamError(`Could not reach Stripe to ${what}. Try again in a moment.`, 503);
  }
  if (e instanceof Stripe.errors.StripeRateLimitError) {
    return new UpstreamError(`Stripe is rate limiting requests; could not ${what}. Try again in a moment.`, 503);
  }
  if (e instanceof Stripe.errors.StripeError) {
    return new UpstreamError(`Stripe failed to ${what}. Nothing was changed; try again.`);
  }
  return e instanceof Error ? e : new Error(String(e));
}
