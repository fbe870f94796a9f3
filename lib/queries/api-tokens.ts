"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import type { apiTokenList, ApiTokenView, mintedApiToken, MintTokenInput } from "@/lib/auth/api-tokens";
import { fetchJson } from "./fetch-json";

type ApiTokenList = z.infer<typeof apiTokenList>;
type MintedApiToken = z.infer<typeof mintedApiToken>;

export const apiTokenKeys = { all: ["api-tokens"] as const };

export function useApiTokens() {
  return useQuery({
    queryKey: apiTokenKeys.all,
    queryFn: () => fetchJson<ApiTokenList>("/api/tokens").then((r) => r.results),
  });
}

export function useMintApiToken() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: MintTokenInput) => fetchJson<MintedApiToken>("/api/tokens", { method: "POST", json: input }),
    onSuccess: () => qc.invalidateQueries({ queryKey: apiTokenKeys.all }),
  });
}

export function useRevokeApiToken() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => fetchJson<ApiTokenView>(`/api/tokens/${encodeURIComponent(id)}`, { method: "DELETE" }),
    onSuccess: () => qc.invalidateQueries({ queryKey: apiTokenKeys.all }),
  });
}
