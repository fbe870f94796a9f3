"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { fetchJson } from "./fetch-json";

export type GrandfatheringStrategy = "free_forever" | "require_subscription";
export type PriceInterval = "month" | "year" | "one_time";

export type Price = {
  id: string;
  name: string;
  description: string;
  amount: string;
  amount_minor: number;
  currency: string;
  interval: PriceInterval;
  features: string[];
  remark: string;
  sort_order: number;
  is_active: boolean;
  stripe_price_id: string | null;
  created_at: string;
  updated_at: string;
};

export type PaywallConfig = {
  unique_id: string;
  item_type: string;
  item_id: string;
  item_name: string;
  item_metadata: unknown;
  platform: { key: string; name: string };
  is_enabled: boolean;
  description: string;
  allow_free_tier: boolean;
  stripe_product_id: string | null;
  trial_period_days: number;
  grandfathering_strategy: GrandfatheringStrategy;
  on_successful_payment: string;
  paywall_enabled_at: string | null;
  share_url: string;
  prices: Price[];
  created_at: string;
  updated_at: string;
};

/** What GET answers for an item that has no paywall yet: the first save creates it. */
export type PaywallStub = Pick<PaywallConfig, "item_type" | "item_id" | "is_enabled" | "allow_free_tier" | "trial_period_days" | "prices"> & {
  unique_id?: undefined;
};

export const paywallExists = (p: PaywallConfig | PaywallStub | undefined): p is PaywallConfig => !!p?.unique_id;

export type PaywallInput = Partial<{
  is_enabled: boolean;
  allow_free_tier: boolean;
  trial_period_days: number;
  grandfathering_strategy: GrandfatheringStrategy;
  item_name: string;
  description: string;
  on_successful_payment: string;
  item_metadata: unknown;
}>;

export type PriceInput = {
  name: string;
  amount: string;
  currency: string;
  interval: PriceInterval;
  description?: string;
  features?: string[];
  remark?: string;
  sort_order?: number;
  is_active?: boolean;
};

export type PaywallListItem = {
  unique_id: string;
  item_type: string;
  item_id: string;
  item_name: string;
  is_enabled: boolean;
  allow_free_tier: boolean;
  trial_period_days: number;
  grandfathering_strategy: GrandfatheringStrategy;
  active_price_count: number;
  share_url: string;
  paywall_enabled_at: string | null;
  updated_at: string;
};

export type Page<T> = { count: number; next_page: number | null; previous_page: number | null; results: T[] };
export type PaywallListFilters = { page: number; page_size: number; is_enabled?: boolean; item_type?: string };

/** The universal item key within a platform. */
export type ItemKey = { platformKey: string; itemType: string; itemId: string };

export const paywallKeys = {
  lists: (pk: string) => ["paywalls", pk, "list"] as const,
  list: (pk: string, filters: PaywallListFilters) => ["paywalls", pk, "list", filters] as const,
  item: (k: ItemKey) => ["paywall", k.platformKey, k.itemType, k.itemId] as const,
  prices: (k: ItemKey) => ["prices", k.platformKey, k.itemType, k.itemId] as const,
};

const enc = encodeURIComponent;
const itemBase = (k: ItemKey) => `/api/billing/platforms/${enc(k.platformKey)}/items/${enc(k.itemType)}/${enc(k.itemId)}/paywall/`;

export const fetchPaywall = (k: ItemKey) => fetchJson<PaywallConfig | PaywallStub>(itemBase(k));

export function usePaywallList(platformKey: string, filters: PaywallListFilters) {
  const params = new URLSearchParams({ page: String(filters.page), page_size: String(filters.page_size) });
  if (filters.is_enabled !== undefined) params.set("is_enabled", String(filters.is_enabled));
  if (filters.item_type) params.set("item_type", filters.item_type);
  return useQuery({
    queryKey: paywallKeys.list(platformKey, filters),
    queryFn: () => fetchJson<Page<PaywallListItem>>(`/api/billing/platforms/${enc(platformKey)}/paywalls/?${params}`),
    // keep the current page on screen while the next one loads
    placeholderData: keepPreviousData,
  });
}

export function usePaywall(k: ItemKey, opts: { enabled?: boolean } = {}) {
  return useQuery({ queryKey: paywallKeys.item(k), queryFn: () => fetchPaywall(k), enabled: opts.enabled ?? true });
}

/** After any write the item, its tiers and the configured-items list may all have changed. */
function invalidateItem(qc: QueryClient, k: ItemKey) {
  return Promise.all([
    qc.invalidateQueries({ queryKey: paywallKeys.item(k) }),
    qc.invalidateQueries({ queryKey: paywallKeys.prices(k) }),
    qc.invalidateQueries({ queryKey: paywallKeys.lists(k.platformKey) }),
  ]);
}

/** POST creates the paywall on the first save; PUT updates it afterwards. */
export function useSavePaywall() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ key, input, create }: { key: ItemKey; input: PaywallInput; create: boolean }) =>
      fetchJson<PaywallConfig>(itemBase(key), { method: create ? "POST" : "PUT", json: input }),
    onSuccess: (config, { key }) => {
      qc.setQueryData(paywallKeys.item(key), config);
      return invalidateItem(qc, key);
    },
  });
}

/** DELETE disables the paywall; prices and subscriptions stay. */
export function useDisablePaywall() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (key: ItemKey) => fetchJson<void>(itemBase(key), { method: "DELETE" }),
    onSuccess: (_, key) => invalidateItem(qc, key),
  });
}

export function usePrices(k: ItemKey, opts: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: paywallKeys.prices(k),
    queryFn: () => fetchJson<Price[]>(`${itemBase(k)}prices/`),
    enabled: opts.enabled ?? true,
  });
}

export function useCreatePrice(k: ItemKey) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: PriceInput) => fetchJson<Price>(`${itemBase(k)}prices/`, { method: "POST", json: input }),
    onSuccess: () => invalidateItem(qc, k),
  });
}

export function useUpdatePrice(k: ItemKey) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id: string; input: Partial<PriceInput> }) =>
      fetchJson<Price>(`${itemBase(k)}prices/${enc(id)}/`, { method: "PUT", json: input }),
    onSuccess: () => invalidateItem(qc, k),
  });
}

export function useDeletePrice(k: ItemKey) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => fetchJson<void>(`${itemBase(k)}prices/${enc(id)}/`, { method: "DELETE" }),
    onSuccess: () => invalidateItem(qc, k),
  });
}
