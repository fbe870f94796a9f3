"use client";

import { useQuery } from "@tanstack/react-query";
import type { AccessCheck } from "@/lib/access/access-check-schema";
import type { BuyerPrice } from "@/lib/checkout/checkout-schema";
import { ApiRequestError, fetchJson } from "./fetch-json";

export type { AccessCheck, AccessPricing, AccessReason } from "@/lib/access/access-check-schema";
export type { PriceInterval } from "@/lib/prices/price-view";

/** A pricing tier as buyers see it; `amount` is a decimal string, `amount_minor` the integer minor units. */
export type PaywallPrice = BuyerPrice;

/** What the paywall modal needs: the item's name and the tiers on sale. */
export type PaywallPricing = { item_name: string; prices: PaywallPrice[] };

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
