"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { ApiRequestError } from "./fetch-json";
import type { PriceInterval } from "./access";

export type CheckoutResult = { checkout_url: string; session_id: string; platform_key: string };

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
    return this.code === "already_subscribed" || this.code === "guest_checkout_refused";
  }
}

// fetchJson drops `subscription_id` from 400 bodies; the "already subscribed" case needs it
async function postCheckout(url: string, body: Record<string, unknown>): Promise<CheckoutResult> {
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

type Redirects = { success_url?: string; cancel_url?: string };

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

export type CheckoutSessionStatus = {
  session_id: string;
  status: "open" | "complete" | "expired";
  access_granted: boolean;
  subscription_status: string | null;
  subscription_id: string | null;
  trial_end: string | null;
  email: string | null;
  is_guest: boolean;
  platform: { key: string; name: string };
  item_type: string;
  item_id: string;
  item_name: string | null;
  paywall_unique_id: string | null;
  price_name: string | null;
  interval: PriceInterval | null;
  return_url: string | null;
};

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
      if (!res.ok) throw new ApiRequestError(res.status, data.detail ?? `Request failed (${res.status})`, data.errors ?? {});
      return data as CheckoutSessionStatus;
    },
    enabled: Boolean(sessionId),
    staleTime: 0,
    refetchInterval: (query) => {
      const data = query.state.data;
      if (data && data.status !== "open") return false;
      if (query.state.error instanceof ApiRequestError && query.state.error.status === 404) return false;
      return Date.now() < pollUntil ? 1000 : false;
    },
    refetchOnWindowFocus: false,
    retry: (count, error) => !(error instanceof ApiRequestError && error.status === 404) && count < 3,
    retryDelay: 1000,
  });
}
