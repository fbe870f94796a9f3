"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { CreateModelProviderInputRaw, ModelProviderList, ModelProviderView, UpdateModelProviderInputRaw } from "@/lib/model-providers/model-provider-schema";
import { fetchJson, type ApiRequestError } from "./fetch-json";

export type { ModelProviderView } from "@/lib/model-providers/model-provider-schema";

// Upstream model providers of a platform (the API key is write-only: answers show its last 4 characters).

const enc = encodeURIComponent;
const base = (pk: string) => `/api/billing/platforms/${enc(pk)}/model-providers/`;
const one = (pk: string, id: string) => `${base(pk)}${enc(id)}/`;

export const modelProviderKeys = { all: (pk: string) => ["model-providers", pk] as const };

export function useModelProviders(pk: string) {
  return useQuery({ queryKey: modelProviderKeys.all(pk), queryFn: async () => (await fetchJson<ModelProviderList>(base(pk))).results });
}

export function useCreateModelProvider(pk: string) {
  const qc = useQueryClient();
  return useMutation<ModelProviderView, ApiRequestError, CreateModelProviderInputRaw>({
    mutationFn: (input) => fetchJson<ModelProviderView>(base(pk), { method: "POST", json: input }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: modelProviderKeys.all(pk) }),
  });
}

export function useUpdateModelProvider(pk: string) {
  const qc = useQueryClient();
  return useMutation<ModelProviderView, ApiRequestError, { id: string; input: UpdateModelProviderInputRaw }>({
    mutationFn: ({ id, input }) => fetchJson<ModelProviderView>(one(pk, id), { method: "PATCH", json: input }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: modelProviderKeys.all(pk) }),
  });
}

export function useDeleteModelProvider(pk: string) {
  const qc = useQueryClient();
  return useMutation<void, ApiRequestError, string>({
    mutationFn: (id) => fetchJson<void>(one(pk, id), { method: "DELETE" }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: modelProviderKeys.all(pk) }),
  });
}
