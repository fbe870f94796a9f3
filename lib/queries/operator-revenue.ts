"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { OperatorRevenue } from "@/lib/analytics/analytics-schema";
import { fetchJson } from "./fetch-json";
import { queryString } from "./revenue";

export type { OperatorRevenue, OperatorRevenueRow, OperatorRevenueTotal } from "@/lib/analytics/analytics-schema";

/** Every platform's revenue and the operator's commission; `from` inclusive, `to` exclusive. */
export function useOperatorRevenue(range: { from: string; to: string }) {
  return useQuery({
    queryKey: ["operator", "revenue", range] as const,
    queryFn: () => fetchJson<OperatorRevenue>(`/api/operator/revenue/${queryString(range)}`),
    placeholderData: keepPreviousData,
  });
}
