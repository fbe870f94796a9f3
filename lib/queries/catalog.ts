"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { CatalogItem, CatalogSearchResult } from "@/lib/catalog/catalog-schema";
import { fetchJson } from "./fetch-json";

export type { CatalogItem, CatalogSearchResult };

export const catalogKeys = {
  search: (platformKey: string, q: string, limit: number) => ["catalog", platformKey, "search", { q, limit }] as const,
};

/** Item picker search; an empty query lists everything, grouped by type. */
export function useCatalogSearch(platformKey: string, q: string, opts: { limit?: number; enabled?: boolean } = {}) {
  const limit = opts.limit ?? 8;
  return useQuery({
    queryKey: catalogKeys.search(platformKey, q, limit),
    queryFn: () =>
      fetchJson<CatalogSearchResult>(
        `/api/platforms/${encodeURIComponent(platformKey)}/catalog/search/?${new URLSearchParams({ q, limit: String(limit) })}`,
      ),
    enabled: opts.enabled ?? true,
    // keep the previous results while the next keystroke's results load
    placeholderData: keepPreviousData,
  });
}
