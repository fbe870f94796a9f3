"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { TipSettings, TipSettingsInput } from "@/lib/tips/tip-settings-schema";
import { fetchJson } from "./fetch-json";

const url = (platformKey: string) => `/api/billing/platforms/${encodeURIComponent(platformKey)}/tip-settings/`;
export const tipSettingsKeys = { settings: (platformKey: string) => ["tip-settings", platformKey] as const };

export function useTipSettings(platformKey: string) {
  return useQuery({ queryKey: tipSettingsKeys.settings(platformKey), queryFn: () => fetchJson<TipSettings>(url(platformKey)) });
}

export function useUpdateTipSettings(platformKey: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: TipSettingsInput) => fetchJson<TipSettings>(url(platformKey), { method: "PATCH", json: input }),
    onSuccess: (settings) => qc.setQueryData(tipSettingsKeys.settings(platformKey), settings),
  });
}
