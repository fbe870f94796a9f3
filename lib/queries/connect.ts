"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { fetchJson } from "./fetch-json";

export type ConnectStatus = {
  has_account: boolean;
  account_id: string | null;
  onboarding_complete: boolean;
  details_submitted: boolean;
  charges_enabled: boolean;
  payouts_enabled: boolean;
  requirements_due: string[];
  business_type: string | null;
  is_ready_for_payments: boolean;
  is_owner: boolean;
  commission_percent: Record<string, number>;
};

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

type OnboardInput = { return_url: string; refresh_url: string; business_type?: "company" | "individual" };
type OnboardResult = { account_id: string; onboarding_url: string };

export function useStartOnboarding(platformKey: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: OnboardInput) => fetchJson<OnboardResult>(`${base(platformKey)}/onboard/`, { method: "POST", json: input }),
    onSettled: () => qc.invalidateQueries({ queryKey: connectKeys.status(platformKey) }),
  });
}

export function useRefreshOnboarding(platformKey: string) {
  return useMutation({
    mutationFn: (input: OnboardInput) => fetchJson<OnboardResult>(`${base(platformKey)}/onboard/refresh/`, { method: "POST", json: input }),
  });
}

export function useDashboardLink(platformKey: string) {
  return useMutation({
    mutationFn: () => fetchJson<{ dashboard_url: string }>(`${base(platformKey)}/dashboard/`),
  });
}

export function useDisconnect(platformKey: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => fetchJson<{ detail: string }>(`${base(platformKey)}/`, { method: "DELETE" }),
    onSuccess: () => qc.invalidateQueries({ queryKey: connectKeys.status(platformKey) }),
  });
}
