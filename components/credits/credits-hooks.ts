"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { fetchJson, type ApiRequestError } from "@/lib/queries/fetch-json";

// Local hooks for model providers and model prices: no shared query module for them existed when
// the Credits tab was written (the wallet-side hooks come from lib/queries/wallets).

export { useCreditSettings, useCreditsDaily, useUpdateCreditSettings, useUpdateWalletCaps, useWallets } from "@/lib/queries/wallets";
export type { CreditSettings, WalletListItem } from "@/lib/queries/wallets";
export type ModelProviderView = { id: string; name: string; base_url: string | null; api_key_last4: string | null };
export type ModelPriceView = {
  id: string;
  model: string;
  provider_id: string;
  upstream_model: string | null;
  prompt_credits_per_1k: number;
  completion_credits_per_1k: number;
  markup_bps: number;
  min_credits: number;
  item_type: string | null;
  item_id: string | null;
};

const enc = encodeURIComponent;
const base = (pk: string) => `/api/billing/platforms/${enc(pk)}`;
const keys = { all: (pk: string) => ["creator-credits", pk] as const };

/** Lists may answer a bare array or `{results}`. */
function rows<T>(body: T[] | { results: T[] }): T[] {
  return Array.isArray(body) ? body : body.results;
}

function useInvalidate(pk: string) {
  const qc = useQueryClient();
  return () => void qc.invalidateQueries({ queryKey: keys.all(pk) });
}

/** CRUD of one admin collection (model-providers, model-prices). */
function collection<T extends { id: string }, I>(segment: string) {
  return {
    useList: (pk: string) =>
      useQuery<T[], ApiRequestError>({
        queryKey: [...keys.all(pk), segment],
        queryFn: async () => rows(await fetchJson<T[] | { results: T[] }>(`${base(pk)}/${segment}/`)),
      }),
    useCreate: (pk: string) => {
      const done = useInvalidate(pk);
      return useMutation<T, ApiRequestError, I>({ mutationFn: (input) => fetchJson<T>(`${base(pk)}/${segment}/`, { method: "POST", json: input }), onSuccess: done });
    },
    useRemove: (pk: string) => {
      const done = useInvalidate(pk);
      return useMutation<void, ApiRequestError, string>({ mutationFn: (id) => fetchJson<void>(`${base(pk)}/${segment}/${enc(id)}/`, { method: "DELETE" }), onSuccess: done });
    },
  };
}

export const providers = collection<ModelProviderView, { name: string; base_url?: string | null; api_key?: string | null }>("model-providers");
export const modelPrices = collection<
  ModelPriceView,
  {
    model: string;
    provider_id: string;
    upstream_model?: string | null;
    prompt_credits_per_1k: number;
    completion_credits_per_1k: number;
    markup_bps?: number;
    min_credits?: number;
    item_type?: string | null;
    item_id?: string | null;
  }
>("model-prices");

/** "" → null, a whole number → itself, else "invalid". */
export function parseWhole(value: string): number | null | "invalid" {
  const v = value.trim();
  if (v === "") return null;
  return /^\d+$/.test(v) ? Number(v) : "invalid";
}
