"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { Insights, InsightsQueryInput } from "@/lib/insights/insights-schema";
import { fetchJson } from "./fetch-json";

export type { Insights, InsightsItem } from "@/lib/insights/insights-schema";
export { isDeniedReason } from "@/lib/insights/insights-schema";

export const insightsKeys = {
  range: (pk: string, q: InsightsQueryInput) => ["insights", pk, q] as const,
};

/** `from` inclusive, `to` exclusive, as `YYYY-MM-DD`. */
export function useInsights(pk: string, q: InsightsQueryInput) {
  return useQuery({
    queryKey: insightsKeys.range(pk, q),
    queryFn: () => {
      const params = new URLSearchParams();
      if (q.from) params.set("from", q.from);
      if (q.to) params.set("to", q.to);
      return fetchJson<Insights>(`/api/billing/platforms/${encodeURIComponent(pk)}/insights/?${params}`);
    },
    placeholderData: keepPreviousData,
  });
}
