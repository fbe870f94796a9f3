"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { ApiTokenView } from "@/lib/auth/api-tokens";
import { fetchJson } from "./fetch-json";

export const apiTokenKeys = { all: ["api-tokens"] as const };

export function useApiTokens() {
  return useQuery({
    queryKey: apiTokenKeys.all,
    queryFn: () => fetchJson<{ results: ApiTokenView[] }>("/api/tokens").then((r) => r.results),
  });
}

export function useMintApiToken() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string; platform_key: string }) =>
      fetchJson<ApiTokenView & { key: string }>("/api/tokens", { method: "POST", json: input }),
    onSuccess: () => qc.invalidateQueries({ queryKey: apiTokenKeys.all }),
  });
}

export function useRevokeApiToken() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => fetchJson<ApiTokenView>(`/api/tokens/${id}`, { method: "DELETE" }),
    onSuccess: () => qc.invalidateQueries({ queryKey: apiTokenKeys.all }),
  });
}
