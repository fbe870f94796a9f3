"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { SubscriptionStatus } from "@/lib/subscriptions/statuses";
import type { CancelResult, SubscriptionPage, SubscriptionView as Subscription } from "@/lib/subscriptions/subscription-schema";
import { fetchJson } from "./fetch-json";

export type { SubscriptionStatus } from "@/lib/subscriptions/statuses";
export type { CancelResult, SubscriptionPage, SubscriptionView as Subscription } from "@/lib/subscriptions/subscription-schema";

export type SubscriptionPrice = NonNullable<Subscription["price"]>;

export type MySubscriptionsFilters = {
  page: number;
  page_size: number;
  status?: SubscriptionStatus;
  item_type?: string;
  search?: string;
};

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
