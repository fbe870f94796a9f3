"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import type { PaywallInputBody, PaywallListPage, PaywallStub as PaywallStubView, PaywallView } from "@/lib/paywalls/paywall-schema";
import type { createPriceInput, updatePriceInput } from "@/lib/prices/price-input";
import type { PriceView } from "@/lib/prices/price-view";
import { fetchJson } from "./fetch-json";

export type { GrandfatheringStrategy, PaywallListRow, PaywallView } from "@/lib/paywalls/paywall-schema";
export type { PriceInterval, PriceView } from "@/lib/prices/price-view";

/** What GET answers for an item that has no paywall yet: the first save creates it. */
export type PaywallStub = PaywallStubView & { unique_id?: undefined };

export const paywallExists = (p: PaywallView | PaywallStub | undefined): p is PaywallView => !!p?.unique_id;

export type PaywallInput = PaywallInputBody;
export type PriceInput = z.input<typeof createPriceInput>;
export type PriceUpdate = z.input<typeof updatePriceInput>;

export type PaywallListFilters = { page: number; page_size: number; is_enabled?: boolean; item_type?: string; search?: string };

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

export const fetchPaywall = (k: ItemKey) => fetchJson<PaywallView | PaywallStub>(itemBase(k));

export function usePaywallList(platformKey: string, filters: PaywallListFilters) {
  const params = new URLSearchParams({ page: String(filters.page), page_size: String(filters.page_size) });
  if (filters.is_enabled !== undefined) params.set("is_enabled", String(filters.is_enabled));
  if (filters.item_type) params.set("item_type", filters.item_type);
  if (filters.search) params.set("search", filters.search);
  return useQuery({
    queryKey: paywallKeys.list(platformKey, filters),
    queryFn: () => fetchJson<PaywallListPage>(`/api/billing/platforms/${enc(platformKey)}/paywalls/?${params}`),
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
      fetchJson<PaywallView>(itemBase(key), { method: create ? "POST" : "PUT", json: input }),
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
    queryFn: () => fetchJson<PriceView[]>(`${itemBase(k)}prices/`),
    enabled: opts.enabled ?? true,
  });
}

export function useCreatePrice(k: ItemKey) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: PriceInput) => fetchJson<PriceView>(`${itemBase(k)}prices/`, { method: "POST", json: input }),
    onSuccess: () => invalidateItem(qc, k),
  });
}

export function useUpdatePrice(k: ItemKey) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id: string; input: PriceUpdate }) =>
      fetchJson<PriceView>(`${itemBase(k)}prices/${enc(id)}/`, { method: "PUT", json: input }),
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
