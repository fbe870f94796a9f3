"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type {
  AddMemberRequest,
  CreatePlatformRequest,
  OperatorPlatform,
  OperatorPlatformRow,
  PlatformMember,
  PlatformPatch,
} from "@/lib/platforms/platform-schema";
import { fetchJson } from "./fetch-json";

export type { PlatformMember, PlatformPatch };

export const operatorKeys = {
  platforms: ["operator", "platforms"] as const,
  members: (key: string) => ["operator", "platforms", key, "members"] as const,
};

export function useOperatorPlatforms(initialData?: OperatorPlatformRow[]) {
  return useQuery({
    queryKey: operatorKeys.platforms,
    queryFn: () => fetchJson<{ results: OperatorPlatformRow[] }>("/api/operator/platforms").then((r) => r.results),
    initialData,
  });
}

export function useCreatePlatform() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: CreatePlatformRequest) => fetchJson<OperatorPlatform>("/api/operator/platforms", { method: "POST", json: input }),
    onSuccess: () => qc.invalidateQueries({ queryKey: operatorKeys.platforms }),
  });
}

export function useUpdatePlatform(key: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (patch: PlatformPatch) => fetchJson<OperatorPlatform>(`/api/operator/platforms/${key}`, { method: "PATCH", json: patch }),
    onSuccess: (updated) =>
      qc.setQueryData<OperatorPlatformRow[]>(operatorKeys.platforms, (list) => list?.map((p) => (p.key === key ? { ...p, ...updated } : p))),
  });
}

export function usePlatformMembers(key: string, enabled: boolean) {
  return useQuery({
    queryKey: operatorKeys.members(key),
    queryFn: () => fetchJson<{ results: PlatformMember[] }>(`/api/operator/platforms/${key}/members`).then((r) => r.results),
    enabled,
  });
}

export function useAddMember(key: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: AddMemberRequest) =>
      fetchJson<PlatformMember>(`/api/operator/platforms/${key}/members`, { method: "POST", json: input }),
    onSuccess: () => {
      qc.invalidateQueries({ queryKey: operatorKeys.members(key) });
      qc.invalidateQueries({ queryKey: operatorKeys.platforms });
    },
  });
}
