"use client";

import { useQuery } from "@tanstack/react-query";
import type { AccessReason } from "@/lib/access/access-check";
import { ApiRequestError, fetchJson } from "./fetch-json";

export type PriceInterval = "month" | "year" | "one_time";

/** A pricing tier as buyers see it; `amount` is a decimal string, `amount_minor` the integer minor units. */
export type PaywallPrice = {
  id: string;
  name: string;
  description: string;
  amount: string;
  amount_minor?: number;
  currency: string;
  interval: PriceInterval;
  features: string[];
  remark: string;
  sort_order: number;
  is_active: boolean;
};

export type PaywallPricing = { item_name: string; prices: PaywallPrice[] };

export type { AccessReason };

export type AccessSubscription = {
  unique_id: string;
  status: string;
  price: { id: string; name: string; amount: string | null; currency: string | null; interval: PriceInterval } | null;
  current_period_end: string | null;
  trial_end: string | null;
  cancel_at_period_end: boolean;
  is_one_time: boolean;
};

export type AccessCheck = {
  has_access: boolean;
  item_type: string;
  item_id: string;
  reason: AccessReason;
  requires_payment: boolean;
  pricing_available: boolean;
  pricing: PaywallPricing | null;
  subscription: AccessSubscription | null;
};

export const accessKeys = {
  item: (platformKey: string, itemType: string, itemId: string) => ["access", platformKey, itemType, itemId] as const,
};

export function accessCheckUrl(platformKey: string, itemType: string, itemId: string) {
  return `/api/billing/platforms/${encodeURIComponent(platformKey)}/items/${encodeURIComponent(itemType)}/${encodeURIComponent(itemId)}/access-check/`;
}

/** 200 (allowed) and 402 (denied) carry the same body, so both are data; branch on `has_access`. */
export function useAccessCheck(platformKey: string, itemType: string, itemId: string) {
  return useQuery({
    queryKey: accessKeys.item(platformKey, itemType, itemId),
    queryFn: () => fetchJson<AccessCheck>(accessCheckUrl(platformKey, itemType, itemId), { okStatuses: [402], cache: "no-store" }),
    // back from another tab (e.g. a finished checkout) the answer may have changed
    refetchOnWindowFocus: true,
    staleTime: 0,
    // signed out or unknown item will not fix itself on retry
    retry: (count, error) => !(error instanceof ApiRequestError && [401, 403, 404].includes(error.status)) && count < 2,
  });
}
