"use client";

import { useEffect } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { useMyWalletEntries as useEntries, walletKeys } from "@/lib/queries/wallets";

export { useMyWallet, useUpdateMyCaps } from "@/lib/queries/wallets";
export type { WalletView as MyWallet } from "@/lib/queries/wallets";

const PAGE_SIZE = 20;

export function useMyWalletEntries(pk: string, page: number) {
  return useEntries(pk, { page, page_size: PAGE_SIZE });
}

/** Back from checkout the webhook may still be on its way: re-read the wallet (and its history) every 2 s meanwhile. */
export function usePollMyWallet(pk: string, on: boolean) {
  const qc = useQueryClient();
  useEffect(() => {
    if (!on) return;
    const timer = setInterval(() => void qc.invalidateQueries({ queryKey: walletKeys.mine(pk) }), 2_000);
    return () => clearInterval(timer);
  }, [on, pk, qc]);
}

/** A number of credits in the platform's money: credits × micro-units per credit / 10^6 major units. */
export function creditsInMoney(credits: number, unitMicros: number, currency: string): string {
  const major = (credits * unitMicros) / 1_000_000;
  try {
    return new Intl.NumberFormat("en-US", { style: "currency", currency: currency.toUpperCase(), maximumFractionDigits: 4 }).format(major);
  } catch {
    return `${major} ${currency.toUpperCase()}`;
  }
}
