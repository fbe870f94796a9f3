"use client";

import { useQueries } from "@tanstack/react-query";
import type { PriceQuote, QuoteInput } from "@/lib/promotions/promotion-schema";
import { ApiRequestError, fetchJson } from "./fetch-json";

// What a tier costs this buyer with a promotion code (and a pay-what-you-want amount), asked
// before the redirect to Stripe so the buyer sees the discounted price first.

export type Quote = PriceQuote;
export type QuoteRequest = QuoteInput;

export const quoteKeys = {
  quote: (priceId: string, request: QuoteRequest) => ["quote", priceId, request] as const,
};

export function fetchQuote(priceId: string, request: QuoteRequest) {
  return fetchJson<Quote>(`/api/billing/prices/${encodeURIComponent(priceId)}/quote/`, { method: "POST", json: request });
}

/**
 * One quote per tier for the applied code; `requests[priceId]` null skips that tier (no code
 * applied, or an amount that is not valid yet).
 */
export function useQuotes(requests: { priceId: string; request: QuoteRequest | null }[]) {
  return useQueries({
    queries: requests.map(({ priceId, request }) => ({
      queryKey: quoteKeys.quote(priceId, request ?? { promotion_code: "" }),
      queryFn: () => fetchQuote(priceId, request!),
      enabled: request !== null,
      // a refusal (unknown, expired, not for this tier) does not change on retry
      retry: (count: number, error: Error) => !(error instanceof ApiRequestError && error.status >= 400 && error.status < 500) && count < 1,
      staleTime: 60_000,
    })),
  });
}
