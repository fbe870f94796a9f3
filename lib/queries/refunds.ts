"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { Refund, RefundInput } from "@/lib/refunds/refund-schema";
import { fetchJson } from "./fetch-json";
import { billingBase, moneyKeys } from "./revenue";

export type { Refund, RefundInput } from "@/lib/refunds/refund-schema";
export { REFUND_REASON_MAX } from "@/lib/refunds/refund-schema";

/** How long after Stripe accepts a refund the money views are read again (the webhook writes the row). */
export const REFUND_REFETCH_DELAY_MS = 2_500;

export function useRefund(pk: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: RefundInput) => fetchJson<Refund>(`${billingBase(pk)}/refunds/`, { method: "POST", json: input }),
    onSuccess: () => {
      // The negative row comes from charge.refunded, not from this answer: read again once it
      // had time to arrive, and once more in case Stripe was slow.
      for (const delay of [REFUND_REFETCH_DELAY_MS, REFUND_REFETCH_DELAY_MS * 3]) {
        setTimeout(() => void qc.invalidateQueries({ queryKey: moneyKeys.all(pk) }), delay);
      }
    },
  });
}
