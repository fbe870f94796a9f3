"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { fetchJson } from "./fetch-json";

export const SUBSCRIPTION_STATUSES = ["active", "trialing", "free", "grandfathered", "past_due", "canceled", "incomplete"] as const;
export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number];

export type SubscriptionPrice = {
  id: string;
  name: string;
  /** Decimal string in the currency's own units ("24.99", "1500" for JPY); null when unknown. */
  amount: string | null;
  currency: string | null;
  interval: "month" | "year" | "one_time";
  features: string[];
  remark: string;
};

export type Subscription = {
  unique_id: string;
  user_id: string | number | null;
  username: string | null;
  email: string | null;
  item_type: string;
  item_id: string;
  item_name: string | null;
  status: SubscriptionStatus;
  price: SubscriptionPrice | null;
  current_period_start: string | null;
  current_period_end: string | null;
  trial_end: string | null;
  cancel_at_period_end: boolean;
  canceled_at: string | null;
  is_grandfathered: boolean;
  is_one_time: boolean;
  created_at: string;
  updated_at: string;
};

export type SubscriptionPage = { count: number; next_page: number | null; previous_page: number | null; results: Subscription[] };

export type MySubscriptionsFilters = {
  page: number;
  page_size: number;
  status?: SubscriptionStatus;
  item_type?: string;
  search?: string;
};

/** Recurring plans answer with Stripe's billing portal; everything else is canceled on the spot. */
export type CancelResult = { portal_url: string } | Subscription;

export const isPortalResult = (r: CancelResult): r is { portal_url: string } => "portal_url" in r && typeof r.portal_url === "string";

export const subscriptionKeys = {
  all: (pk: string) => ["my-subscriptions", pk] as const,
  list: (pk: string, filters: MySubscriptionsFilters) => ["my-subscriptions", pk, filters] as const,
};

const enc = encodeURIComponent;

export function useMySubscriptions(platformKey: string, filters: MySubscriptionsFilters) {
  const params = new URLSearchParams({ page: String(filters.page), page_size: String(filters.page_size) });
  if (filters.status) params.set("status", filters.status);
  if (filters.item_type) params.set("item_type", filters.item_type);
  if (filters.search) params.set("search", filters.search);
  return useQuery({
    queryKey: subscriptionKeys.list(platformKey, filters),
    queryFn: () => fetchJson<SubscriptionPage>(`/api/billing/platforms/${enc(platformKey)}/my-subscriptions/?${params}`),
    // keep the current page visible while the next page or filter loads
    placeholderData: keepPreviousData,
  });
}

type CancelInput = { item_type: string; item_id: string; return_url?: string };

export function useCancelSubscription(platformKey: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ item_type, item_id, return_url }: CancelInput) =>
      fetchJson<CancelResult>(`/api/billing/platforms/${enc(platformKey)}/items/${enc(item_type)}/${enc(item_id)}/subscription/cancel/`, {
        method: "POST",
        json: return_url ? { return_url } : {},
      }),
    // Settled, not just success: a 404 means the list is stale, and gated pages must relock after a cancel.
    onSettled: () =>
      Promise.all([
        qc.invalidateQueries({ queryKey: subscriptionKeys.all(platformKey) }),
        qc.invalidateQueries({ queryKey: ["access"] }),
      ]),
  });
}
