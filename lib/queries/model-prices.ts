"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { CreateModelPriceInputRaw, ModelPriceList, ModelPriceView, UpdateModelPriceInputRaw } from "@/lib/model-providers/model-provider-schema";
import { fetchJson, type ApiRequestError } from "./fetch-json";

export type { ModelPriceView } from "@/lib/model-providers/model-provider-schema";

// What the metering proxy charges per model (credits per 1,000 tokens, markup, minimum).

const enc = encodeURIComponent;
const base = (pk: string) => `/api/billing/platforms/${enc(pk)}/model-prices/`;
const one = (pk: string, id: string) => `${base(pk)}${enc(id)}/`;

export const modelPriceKeys = { all: (pk: string) => ["model-prices", pk] as const };

export function useModelPrices(pk: string) {
  return useQuery({ queryKey: modelPriceKeys.all(pk), queryFn: async () => (await fetchJson<ModelPriceList>(base(pk))).results });
}

export function useCreateModelPrice(pk: string) {
  const qc = useQueryClient();
  return useMutation<ModelPriceView, ApiRequestError, CreateModelPriceInputRaw>({
    mutationFn: (input) => fetchJson<ModelPriceView>(base(pk), { method: "POST", json: input }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: modelPriceKeys.all(pk) }),
  });
}

export function useUpdateModelPrice(pk: string) {
  const qc = useQueryClient();
  return useMutation<ModelPriceView, ApiRequestError, { id: string; input: UpdateModelPriceInputRaw }>({
    mutationFn: ({ id, input }) => fetchJson<ModelPriceView>(one(pk, id), { method: "PATCH", json: input }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: modelPriceKeys.all(pk) }),
  });
}

export function useDeleteModelPrice(pk: string) {
  const qc = useQueryClient();
  return useMutation<void, ApiRequestError, string>({
    mutationFn: (id) => fetchJson<void>(one(pk, id), { method: "DELETE" }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: modelPriceKeys.all(pk) }),
  });
}
