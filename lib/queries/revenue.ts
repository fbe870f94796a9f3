"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { Metrics, Revenue, RevenueTimeseries, SubscriberPage, TimeseriesInterval } from "@/lib/analytics/analytics-schema";
import type { SubscriptionStatus } from "@/lib/subscriptions/statuses";
import { fetchJson } from "./fetch-json";

export type {
  Metrics,
  MetricsItem,
  Revenue,
  RevenueByCurrency,
  RevenuePoint,
  RevenueTimeseries,
  SubscriberPage,
  SubscriberRow,
  TimeseriesInterval,
} from "@/lib/analytics/analytics-schema";

/** `from` inclusive, `to` exclusive (`YYYY-MM-DD`); `currency` picks the top-level figures. */
export type MoneyRange = { from: string; to: string; currency?: string };

/**
 * Every money view of a platform lives under one key prefix, so a refund (or anything that moves
 * the ledger) can refetch them all at once.
 */
export const moneyKeys = {
  all: (pk: string) => ["money", pk] as const,
  revenue: (pk: string, r: MoneyRange) => ["money", pk, "revenue", r] as const,
  timeseries: (pk: string, r: MoneyRange, interval: string) => ["money", pk, "timeseries", r, interval] as const,
  metrics: (pk: string, r: MoneyRange) => ["money", pk, "metrics", r] as const,
  subscribers: (pk: string, f: SubscriberFilters) => ["money", pk, "subscribers", f] as const,
};

const enc = encodeURIComponent;
export const billingBase = (pk: string) => `/api/billing/platforms/${enc(pk)}`;

/** Query string of the set fields only (empty strings and undefined are left out). */
export function queryString(params: Record<string, string | number | boolean | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== "") q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : "";
}

export function useRevenue(pk: string, range: MoneyRange) {
  return useQuery({
    queryKey: moneyKeys.revenue(pk, range),
    queryFn: () => fetchJson<Revenue>(`${billingBase(pk)}/revenue/${queryString(range)}`),
    placeholderData: keepPreviousData,
  });
}

export function useRevenueTimeseries(pk: string, range: MoneyRange, interval: TimeseriesInterval, opts: { enabled?: boolean } = {}) {
  return useQuery({
    enabled: opts.enabled ?? true,
    queryKey: moneyKeys.timeseries(pk, range, interval),
    queryFn: () => fetchJson<RevenueTimeseries>(`${billingBase(pk)}/revenue/timeseries/${queryString({ ...range, interval })}`),
    placeholderData: keepPreviousData,
  });
}

export function useMetrics(pk: string, range: MoneyRange, opts: { enabled?: boolean } = {}) {
  return useQuery({
    enabled: opts.enabled ?? true,
    queryKey: moneyKeys.metrics(pk, range),
    queryFn: () => fetchJson<Metrics>(`${billingBase(pk)}/metrics/${queryString(range)}`),
    placeholderData: keepPreviousData,
  });
}

export type SubscriberFilters = {
  page: number;
  page_size: number;
  search?: string;
  status?: SubscriptionStatus;
  item_type?: string;
  /** One item: read from the item's own subscribers route (`item_type` is then ignored). */
  item?: { type: string; id: string };
};

export function useSubscribers(pk: string, filters: SubscriberFilters) {
  const { item, ...query } = filters;
  const path = item ? `${billingBase(pk)}/items/${enc(item.type)}/${enc(item.id)}/subscribers/` : `${billingBase(pk)}/subscribers/`;
  return useQuery({
    queryKey: moneyKeys.subscribers(pk, filters),
    queryFn: () => fetchJson<SubscriberPage>(`${path}${queryString(query)}`),
    placeholderData: keepPreviousData,
  });
}
