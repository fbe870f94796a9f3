"use client";

import type { OfferFields } from "@/lib/queries/plans";
import { useMutation, useQuery } from "@tanstack/react-query";
import type { CheckoutErrorCode, CheckoutSessionStatus, CheckoutStarted } from "@/lib/checkout/checkout-schema";
import { ApiRequestError } from "./fetch-json";

export type { CheckoutErrorCode, CheckoutSessionStatus } from "@/lib/checkout/checkout-schema";
export type CheckoutResult = CheckoutStarted;

/** A failed checkout start; `subscriptionId` is set when the buyer already owns the item. */
export class CheckoutError extends ApiRequestError {
  constructor(
    status: number,
    detail: string,
    errors: Record<string, string[]>,
    public subscriptionId: string | null,
    code: string | null = null,
  ) {
    super(status, detail, errors, code);
  }

  /** The buyer may already own the item: signed in, they do; a guest is told to sign in to see. */
  get alreadySubscribed() {
    return this.isCode("already_subscribed") || this.isCode("guest_checkout_refused");
  }

  /** The tiers or the seller changed since the page loaded: a reload shows what is on sale now. */
  get offerChanged() {
    return this.isCode("price_inactive") || this.isCode("not_sellable") || this.isCode("unknown_price");
  }

  isCode(code: CheckoutErrorCode) {
    return this.code === code;
  }
}

// fetchJson drops `subscription_id` from error bodies; the "already subscribed" (409) case needs it
export async function postCheckout(url: string, body: Record<string, unknown>): Promise<CheckoutResult> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: "POST",
      headers: { Accept: "application/json", "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
  } catch {
    throw new CheckoutError(0, "Could not reach the server. Check your connection and try again.", {}, null);
  }
  const data = await res.json().catch(() => ({}));
  if (!res.ok) {
    throw new CheckoutError(res.status, data.detail ?? `Checkout failed (${res.status})`, data.errors ?? {}, data.subscription_id ?? null, data.code ?? null);
  }
  return data as CheckoutResult;
}

const itemBase = (platformKey: string, itemType: string, itemId: string) =>
  `/api/billing/platforms/${encodeURIComponent(platformKey)}/items/${encodeURIComponent(itemType)}/${encodeURIComponent(itemId)}`;

type Redirects = { success_url?: string; cancel_url?: string } & OfferFields;

/** Signed-in checkout for one item. */
export function useCreateCheckout(platformKey: string, itemType: string, itemId: string) {
  return useMutation<CheckoutResult, CheckoutError, Redirects & { price_id: string }>({
    mutationFn: (input) => postCheckout(`${itemBase(platformKey, itemType, itemId)}/checkout/`, input),
  });
}

/** Checkout without an account, keyed by the tier's unique id. */
export function useGuestCheckout() {
  return useMutation<CheckoutResult, CheckoutError, Redirects & { price_id: string; email: string }>({
    mutationFn: ({ price_id, ...input }) => postCheckout(`/api/billing/prices/${encodeURIComponent(price_id)}/checkout-guest/`, input),
  });
}

export const checkoutKeys = {
  session: (sessionId: string) => ["checkout-session", sessionId] as const,
};

/**
 * Polls our record of a Checkout Session until the webhook has settled it. `pollUntil` is a
 * timestamp (ms); past it polling stops so the page can say it is still confirming.
 */
export function useCheckoutSession(sessionId: string, pollUntil: number) {
  return useQuery({
    queryKey: checkoutKeys.session(sessionId),
    queryFn: async () => {
      const res = await fetch(`/api/billing/checkout-sessions/${encodeURIComponent(sessionId)}/`, {
        headers: { Accept: "application/json" },
        cache: "no-store",
      });
      const data = await res.json().catch(() => ({}));
      if (!res.ok) throw new ApiRequestError(res.status, data.detail ?? `Request failed (${res.status})`, data.errors ?? {}, data.code ?? null);
      return data as CheckoutSessionStatus;
    },
    enabled: Boolean(sessionId),
    staleTime: 0,
    refetchInterval: (query) => {
      const data = query.state.data;
      // settled; a granted purchase keeps polling until its receipt e-mail is recorded (a moment after the webhook)
      if (data && data.status !== "open" && (data.receipt_email || !data.access_granted)) return false;
      if (query.state.error instanceof ApiRequestError && query.state.error.status === 404) return false;
      return Date.now() < pollUntil ? 1000 : false;
    },
    refetchOnWindowFocus: false,
    retry: (count, error) => !(error instanceof ApiRequestError && error.status === 404) && count < 3,
    retryDelay: 1000,
  });
}
