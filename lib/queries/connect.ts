"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { ConnectDashboardLink, ConnectDisconnected, ConnectOnboardingLink, ConnectStatus, OnboardRequest } from "@/lib/connect/connect-schema";
import { fetchJson } from "./fetch-json";

export type { ConnectStatus };

export const connectKeys = {
  status: (platformKey: string) => ["connect", platformKey, "status"] as const,
};

const base = (platformKey: string) => `/api/service/platforms/${encodeURIComponent(platformKey)}/stripe/connect`;

export function useConnectStatus(platformKey: string, opts: { refreshFromStripe?: boolean } = {}) {
  return useQuery({
    queryKey: connectKeys.status(platformKey),
    queryFn: () => fetchJson<ConnectStatus>(`${base(platformKey)}/status/${opts.refreshFromStripe ? "?refresh=1" : ""}`),
    refetchOnMount: "always",
  });
}

export function useStartOnboarding(platformKey: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: OnboardRequest) => fetchJson<ConnectOnboardingLink>(`${base(platformKey)}/onboard/`, { method: "POST", json: input }),
    onSettled: () => qc.invalidateQueries({ queryKey: connectKeys.status(platformKey) }),
  });
}

export function useRefreshOnboarding(platformKey: string) {
  return useMutation({
    mutationFn: (input: Omit<OnboardRequest, "business_type">) => fetchJson<ConnectOnboardingLink>(`${base(platformKey)}/onboard/refresh/`, { method: "POST", json: input }),
  });
}

export function useDashboardLink(platformKey: string) {
  return useMutation({
    mutationFn: () => fetchJson<ConnectDashboardLink>(`${base(platformKey)}/dashboard/`),
  });
}

export function useDisconnect(platformKey: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => fetchJson<ConnectDisconnected>(`${base(platformKey)}/`, { method: "DELETE" }),
    onSuccess: () => qc.invalidateQueries({ queryKey: connectKeys.status(platformKey) }),
  });
}
