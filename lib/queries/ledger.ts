"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { LedgerKindName, LedgerPage } from "@/lib/ledger/ledger-schema";
import { fetchJson } from "./fetch-json";
import { billingBase, moneyKeys, queryString } from "./revenue";

export type { LedgerKindName, LedgerPage, LedgerRow } from "@/lib/ledger/ledger-schema";

/** Filters shared by the list and the CSV export; `from` inclusive, `to` exclusive. */
export type LedgerFilters = {
  kind?: LedgerKindName;
  item_type?: string;
  item_id?: string;
  from?: string;
  to?: string;
};

export const ledgerKeys = {
  list: (pk: string, f: LedgerFilters & { page: number; page_size: number }) => [...moneyKeys.all(pk), "ledger", f] as const,
  refundsOf: (pk: string, chargeId: string) => [...moneyKeys.all(pk), "ledger", "refunds-of", chargeId] as const,
};

export function useLedger(pk: string, filters: LedgerFilters & { page: number; page_size: number }) {
  return useQuery({
    queryKey: ledgerKeys.list(pk, filters),
    queryFn: () => fetchJson<LedgerPage>(`${billingBase(pk)}/ledger/${queryString(filters)}`),
    placeholderData: keepPreviousData,
  });
}

/** The CSV of the same rows the table shows (every page), for a plain download link. */
export function ledgerExportUrl(pk: string, filters: LedgerFilters): string {
  return `${billingBase(pk)}/ledger/export/${queryString(filters)}`;
}

/**
 * The refund rows of one charge, to prefill what is left to refund. Refund rows carry the charge
 * id; the item filter keeps the scan to the charge's item.
 */
export function useChargeRefunds(pk: string, charge: { stripe_charge_id: string | null; item_type: string | null; item_id: string | null }, enabled: boolean) {
  return useQuery({
    queryKey: ledgerKeys.refundsOf(pk, charge.stripe_charge_id ?? ""),
    queryFn: () =>
      fetchJson<LedgerPage>(
        `${billingBase(pk)}/ledger/${queryString({ kind: "refund", item_type: charge.item_type, item_id: charge.item_id, page_size: 100 })}`,
      ).then((p) => p.results.filter((r) => r.stripe_charge_id === charge.stripe_charge_id)),
    enabled: enabled && !!charge.stripe_charge_id,
    staleTime: 0,
  });
}
