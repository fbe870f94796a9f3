"use client";

// What the Credits tab reads from the wallet hooks, and its small form helpers.

export { useCreditSettings, useCreditsDaily, useUpdateCreditSettings, useUpdateWalletCaps, useWallets } from "@/lib/queries/wallets";
export type { CreditSettings, WalletListItem } from "@/lib/queries/wallets";
/** "" → null, a whole number → itself, else "invalid". */
export function parseWhole(value: string): number | null | "invalid" {
  const v = value.trim();
  if (v === "") return null;
  return /^\d+$/.test(v) ? Number(v) : "invalid";
}
