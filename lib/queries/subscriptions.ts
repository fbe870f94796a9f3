"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { SubscriptionStatus } from "@/lib/subscriptions/statuses";
import type { CancelResult, MyPurchasePage, SubscriptionPage, SubscriptionView as Subscription } from "@/lib/subscriptions/subscription-schema";
import { fetchJson } from "./fetch-json";

export type { SubscriptionStatus } from "@/lib/subscriptions/statuses";
export type { CancelResult, MyPurchase, MyPurchasePage, SubscriptionPage, SubscriptionView as Subscription } from "@/lib/subscriptions/subscription-schema";

export type SubscriptionPrice = NonNullable<Subscription["price"]>;

export type MySubscriptionsFilters = {
  page: number;
  page_size: number;
  status?: SubscriptionStatus;
  item_type?: string;
  search?: string;
};

export const isPortalResult = (r: CancelResult): r is { portal_url: string } => "portal_url" in r && typeof r.portal_url === "string";

export type MyPurchasesFilters = MySubscriptionsFilters & { platform?: string };

export const subscriptionKeys = {
  all: (pk: string) => ["my-subscriptions", pk] as const,
  list: (pk: string, filters: MySubscriptionsFilters) => ["my-subscriptions", pk, filters] as const,
};

export const purchaseKeys = {
  all: ["my-purchases"] as const,
  list: (filters: MyPurchasesFilters) => ["my-purchases", filters] as const,
};

const enc = encodeURIComponent;

const itemUrl = (pk: string, itemType: string, itemId: string) => `/api/billing/platforms/${enc(pk)}/items/${enc(itemType)}/${enc(itemId)}`;

/** Everything the caller bought, on every platform (member or not). */
export function useMyPurchases(filters: MyPurchasesFilters) {
  const params = new URLSearchParams({ page: String(filters.page), page_size: String(filters.page_size) });
  if (filters.status) params.set("status", filters.status);
  if (filters.item_type) params.set("item_type", filters.item_type);
  if (filters.search) params.set("search", filters.search);
  if (filters.platform) params.set("platform", filters.platform);
  return useQuery({
    queryKey: purchaseKeys.list(filters),
    queryFn: () => fetchJson<MyPurchasePage>(`/api/billing/my-purchases/?${params}`),
    placeholderData: keepPreviousData,
  });
}

/** After any change to a purchase: every list of it, and gated pages (access may have changed). */
function invalidatePurchases(qc: ReturnType<typeof useQueryClient>, platformKey: string) {
  return Promise.all([
    qc.invalidateQueries({ queryKey: purchaseKeys.all }),
    qc.invalidateQueries({ queryKey: subscriptionKeys.all(platformKey) }),
    qc.invalidateQueries({ queryKey: ["access"] }),
  ]);
}

type PurchaseRef = { platform_key: string; item_type: string; item_id: string };

/** Undoes cancel-at-period-end; 409 `nothing_to_resume` when there is nothing to undo. */
export function useResumeSubscription() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ platform_key, item_type, item_id }: PurchaseRef) =>
      fetchJson<Subscription>(`${itemUrl(platform_key, item_type, item_id)}/subscription/resume/`, { method: "POST" }),
    onSettled: (_data, _error, vars) => invalidatePurchases(qc, vars.platform_key),
  });
}

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
      fetchJson<CancelResult>(`${itemUrl(platformKey, item_type, item_id)}/subscription/cancel/`, {
        method: "POST",
        json: return_url ? { return_url } : {},
      }),
    // Settled, not just success: a 404 means the list is stale, and gated pages must relock after a cancel.
    onSettled: () => invalidatePurchases(qc, platformKey),
  });
}
