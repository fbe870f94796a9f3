"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { PlatformView } from "@/lib/platforms/platform-admin";
import { fetchJson } from "./fetch-json";

export type Member = { email: string; name: string | null; role: "owner" | "admin" | "member" };
export type PlatformPatch = Partial<{
  name: string;
  enable_monetization: boolean;
  show_paywall: boolean;
  default_commission_bps: number;
  commission_bps: Record<string, number>;
}>;

export const operatorKeys = {
  platforms: ["operator", "platforms"] as const,
  members: (key: string) => ["operator", "platforms", key, "members"] as const,
};

export function useOperatorPlatforms(initialData?: PlatformView[]) {
  return useQuery({
    queryKey: operatorKeys.platforms,
    queryFn: () => fetchJson<{ results: PlatformView[] }>("/api/operator/platforms").then((r) => r.results),
    initialData,
  });
}

export function useCreatePlatform() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { key: string; name: string }) =>
      fetchJson<PlatformView>("/api/operator/platforms", { method: "POST", json: input }),
    onSuccess: () => qc.invalidateQueries({ queryKey: operatorKeys.platforms }),
  });
}

export function useUpdatePlatform(key: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (patch: PlatformPatch) => fetchJson<PlatformView>(`/api/operator/platforms/${key}`, { method: "PATCH", json: patch }),
    onSuccess: (updated) =>
      qc.setQueryData<PlatformView[]>(operatorKeys.platforms, (list) => list?.map((p) => (p.key === key ? { ...p, ...updated } : p))),
  });
}

export function usePlatformMembers(key: string, enabled: boolean) {
  return useQuery({
    queryKey: operatorKeys.members(key),
    queryFn: () => fetchJson<{ results: Member[] }>(`/api/operator/platforms/${key}/members`).then((r) => r.results),
    enabled,
  });
}

export function useAddMember(key: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { email: string; role: Member["role"] }) =>
      fetchJson<Member>(`/api/operator/platforms/${key}/members`, { method: "POST", json: input }),
    onSuccess: () => {
      qc.invalidateQueries({ queryKey: operatorKeys.members(key) });
      qc.invalidateQueries({ queryKey: operatorKeys.platforms });
    },
  });
}
