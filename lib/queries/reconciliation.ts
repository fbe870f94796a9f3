"use client";

import { useMutation } from "@tanstack/react-query";
import type { Reconciliation } from "@/lib/reconciliation/reconciliation-schema";
import { fetchJson } from "./fetch-json";
import { billingBase, queryString } from "./revenue";

export type { Reconciliation, ReconciliationDifference } from "@/lib/reconciliation/reconciliation-schema";
export { RECONCILIATION_MAX_DAYS } from "@/lib/reconciliation/reconciliation-schema";

/**
 * On demand only: a check reads Stripe object by object, so it runs when the owner asks, as a
 * mutation (a GET without caching).
 */
export function useReconciliation(pk: string) {
  return useMutation({
    mutationFn: (range: { from: string; to: string }) => fetchJson<Reconciliation>(`${billingBase(pk)}/reconciliation/${queryString(range)}`),
  });
}
