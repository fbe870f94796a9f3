"use client";

import { useMutation } from "@tanstack/react-query";
import type { TipInputRaw } from "@/lib/tips/tip-schema";
import type { CheckoutResult } from "./checkout";
import { fetchJson, type ApiRequestError } from "./fetch-json";

export { TIP_MESSAGE_MAX, tipBounds } from "@/lib/tips/tip-schema";

// "Tip the creator": a one-time amount of the buyer's choosing paid through Checkout; it
// changes no access.

export type TipInput = TipInputRaw;

export function useTip(platformKey: string, itemType: string, itemId: string) {
  const enc = encodeURIComponent;
  return useMutation<CheckoutResult, ApiRequestError, TipInput>({
    mutationFn: (input) =>
      fetchJson<CheckoutResult>(`/api/billing/platforms/${enc(platformKey)}/items/${enc(itemType)}/${enc(itemId)}/tip/`, { method: "POST", json: input }),
  });
}
