"use client";

import { useQuery } from "@tanstack/react-query";
import type { ConnectBalance, ConnectPayoutList, PayoutsSummary } from "@/lib/payouts/payout-schema";
import { fetchJson } from "./fetch-json";
import { billingBase, moneyKeys } from "./revenue";

export type { BalanceAmount, ConnectBalance, ConnectPayout, ConnectPayoutList, PayoutsSummary } from "@/lib/payouts/payout-schema";

const connectBase = (pk: string) => `/api/service/platforms/${encodeURIComponent(pk)}/stripe/connect`;

export const payoutKeys = {
  balance: (pk: string) => [...moneyKeys.all(pk), "balance"] as const,
  payouts: (pk: string, limit: number) => [...moneyKeys.all(pk), "payouts", limit] as const,
  summary: (pk: string) => [...moneyKeys.all(pk), "payouts-summary"] as const,
};

/** Live from Stripe for the connected account. */
export function useConnectBalance(pk: string) {
  return useQuery({ queryKey: payoutKeys.balance(pk), queryFn: () => fetchJson<ConnectBalance>(`${connectBase(pk)}/balance/`) });
}

/** Live from Stripe, newest first. */
export function useConnectPayouts(pk: string, limit = 10) {
  return useQuery({
    queryKey: payoutKeys.payouts(pk, limit),
    queryFn: () => fetchJson<ConnectPayoutList>(`${connectBase(pk)}/payouts/?limit=${limit}`),
  });
}

/** From the ledger: earned, paid out and pending per currency. */
export function usePayoutsSummary(pk: string) {
  return useQuery({ queryKey: payoutKeys.summary(pk), queryFn: () => fetchJson<PayoutsSummary>(`${billingBase(pk)}/payouts/summary/`) });
}
