"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { AdminCapsInput, CreditSettings, CreditsDaily, MyWalletView, UserCapsInput, WalletEntryView, WalletListItem, WalletView } from "@/lib/wallets/wallet-schema";
import { fetchJson } from "./fetch-json";

export type { AdminCapsInput, CreditSettings, CreditsDaily, MyWalletView, UserCapsInput, WalletEntryView, WalletListItem, WalletView } from "@/lib/wallets/wallet-schema";

// Credit wallets: the signed-in buyer's own wallet, and the creator's view of every wallet on a platform.

export type Paged<T> = { count: number; next_page: number | null; previous_page: number | null; results: T[] };
export type PageArgs = { page: number; page_size: number };

const enc = encodeURIComponent;
const base = (pk: string) => `/api/billing/platforms/${enc(pk)}`;
const qs = (p: PageArgs) => `?page=${p.page}&page_size=${p.page_size}`;

export const walletKeys = {
  all: (pk: string) => ["wallets", pk] as const,
  mine: (pk: string) => [...walletKeys.all(pk), "mine"] as const,
  myEntries: (pk: string, p: PageArgs) => [...walletKeys.all(pk), "mine", "entries", p] as const,
  list: (pk: string, p: PageArgs) => [...walletKeys.all(pk), "list", p] as const,
  one: (pk: string, user: string) => [...walletKeys.all(pk), "user", user] as const,
  entries: (pk: string, user: string, p: PageArgs) => [...walletKeys.all(pk), "user", user, "entries", p] as const,
  settings: (pk: string) => [...walletKeys.all(pk), "credit-settings"] as const,
  daily: (pk: string, days: number) => [...walletKeys.all(pk), "daily", days] as const,
};

/** The signed-in user's wallets on every platform, each with its newest entries. */
export function useMyWallets() {
  return useQuery({ queryKey: ["wallets", "all-mine"] as const, queryFn: () => fetchJson<{ results: MyWalletView[] }>("/api/billing/my-wallets/") });
}

/** The signed-in user's wallet on a platform (a zero balance before the first top-up). */
export function useMyWallet(pk: string) {
  return useQuery({ queryKey: walletKeys.mine(pk), queryFn: () => fetchJson<WalletView>(`${base(pk)}/wallet/`) });
}

export function useMyWalletEntries(pk: string, p: PageArgs) {
  return useQuery({
    queryKey: walletKeys.myEntries(pk, p),
    queryFn: () => fetchJson<Paged<WalletEntryView>>(`${base(pk)}/wallet/entries/${qs(p)}`),
    placeholderData: keepPreviousData,
  });
}

/** A user lowers their own caps (null clears). */
export function useUpdateMyCaps(pk: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: UserCapsInput) => fetchJson<WalletView>(`${base(pk)}/wallet/`, { method: "PATCH", json: input }),
    onSuccess: (w) => qc.setQueryData(walletKeys.mine(pk), w),
  });
}

export function useWallets(pk: string, p: PageArgs) {
  return useQuery({
    queryKey: walletKeys.list(pk, p),
    queryFn: () => fetchJson<Paged<WalletListItem>>(`${base(pk)}/wallets/${qs(p)}`),
    placeholderData: keepPreviousData,
  });
}

export function useWallet(pk: string, user: string) {
  return useQuery({ queryKey: walletKeys.one(pk, user), queryFn: () => fetchJson<WalletView>(`${base(pk)}/wallets/${enc(user)}/`) });
}

export function useWalletEntries(pk: string, user: string, p: PageArgs) {
  return useQuery({
    queryKey: walletKeys.entries(pk, user, p),
    queryFn: () => fetchJson<Paged<WalletEntryView>>(`${base(pk)}/wallets/${enc(user)}/entries/${qs(p)}`),
    placeholderData: keepPreviousData,
  });
}

/** The CSV download of a user's wallet entries, for a plain link. */
export function walletEntriesExportUrl(pk: string, user: string): string {
  return `${base(pk)}/wallets/${enc(user)}/entries/export/`;
}

/** An admin sets a user's caps (null clears: the platform default applies). */
export function useUpdateWalletCaps(pk: string, user: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: AdminCapsInput) => fetchJson<WalletView>(`${base(pk)}/wallets/${enc(user)}/`, { method: "PATCH", json: input }),
    onSuccess: () => qc.invalidateQueries({ queryKey: walletKeys.all(pk) }),
  });
}

/** An admin deposits credits (a browser session needs no Idempotency-Key). */
export function useDeposit(pk: string, user: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { amount: number; reason?: string }) =>
      fetchJson<{ balance: number; entry_id: string }>(`${base(pk)}/wallets/${enc(user)}/deposit/`, { method: "POST", json: input }),
    onSuccess: () => qc.invalidateQueries({ queryKey: walletKeys.all(pk) }),
  });
}

export function useCreditSettings(pk: string) {
  return useQuery({ queryKey: walletKeys.settings(pk), queryFn: () => fetchJson<CreditSettings>(`${base(pk)}/credit-settings/`) });
}

export function useUpdateCreditSettings(pk: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: Partial<CreditSettings>) => fetchJson<CreditSettings>(`${base(pk)}/credit-settings/`, { method: "PATCH", json: input }),
    onSuccess: (s) => qc.setQueryData(walletKeys.settings(pk), s),
  });
}

/** Credits used, bought and granted per UTC day, with top-up revenue. */
export function useCreditsDaily(pk: string, days = 30) {
  return useQuery({ queryKey: walletKeys.daily(pk, days), queryFn: () => fetchJson<CreditsDaily>(`${base(pk)}/credits/daily/?days=${days}`) });
}
