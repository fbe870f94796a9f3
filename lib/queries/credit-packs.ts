"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type {
  CreateCreditPackInputRaw,
  CreditPackList,
  CreditPackView,
  TopUpInputRaw,
  TopUpStarted,
  UpdateCreditPackInputRaw,
} from "@/lib/credit-packs/credit-pack-schema";
import { fetchJson, type ApiRequestError } from "./fetch-json";

export type { CreditPackView, TopUpStarted } from "@/lib/credit-packs/credit-pack-schema";
export { PACK_AMOUNT_MAX, PACK_CREDITS_MAX } from "@/lib/credit-packs/credit-pack-schema";

// Credit packs (creators manage them, buyers see the active ones) and the top-up checkout.

const enc = encodeURIComponent;
const base = (pk: string) => `/api/billing/platforms/${enc(pk)}/credit-packs/`;
const one = (pk: string, id: string) => `${base(pk)}${enc(id)}/`;

export const creditPackKeys = {
  all: (pk: string) => ["credit-packs", pk] as const,
  list: (pk: string) => ["credit-packs", pk, "list"] as const,
};

/** Active packs for buyers; every pack for the platform's admins. */
export function useCreditPacks(pk: string) {
  return useQuery({
    queryKey: creditPackKeys.list(pk),
    queryFn: async () => (await fetchJson<CreditPackList>(base(pk))).results,
  });
}

export function useCreateCreditPack(pk: string) {
  const qc = useQueryClient();
  return useMutation<CreditPackView, ApiRequestError, CreateCreditPackInputRaw>({
    mutationFn: (input) => fetchJson<CreditPackView>(base(pk), { method: "POST", json: input }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: creditPackKeys.all(pk) }),
  });
}

export function useUpdateCreditPack(pk: string) {
  const qc = useQueryClient();
  return useMutation<CreditPackView, ApiRequestError, { id: string; input: UpdateCreditPackInputRaw }>({
    mutationFn: ({ id, input }) => fetchJson<CreditPackView>(one(pk, id), { method: "PATCH", json: input }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: creditPackKeys.all(pk) }),
  });
}

/** Takes a pack off sale (it is kept for past top-ups). */
export function useDeactivateCreditPack(pk: string) {
  const qc = useQueryClient();
  return useMutation<void, ApiRequestError, string>({
    mutationFn: (id) => fetchJson<void>(one(pk, id), { method: "DELETE" }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: creditPackKeys.all(pk) }),
  });
}

/** Starts the top-up checkout of the signed-in buyer's wallet; send the browser to `checkout_url`. */
export function useTopUp(pk: string) {
  return useMutation<TopUpStarted, ApiRequestError, TopUpInputRaw>({
    mutationFn: (input) => fetchJson<TopUpStarted>(`/api/billing/platforms/${enc(pk)}/wallet/top-up/`, { method: "POST", json: input }),
  });
}
