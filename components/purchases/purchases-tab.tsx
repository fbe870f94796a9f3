"use client";

import { useState } from "react";
import { ChevronLeft, ChevronRight, ShoppingBag } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { useMyPurchases, type MyPurchase, type MyPurchasesFilters } from "@/lib/queries/subscriptions";
import { cn } from "@/lib/utils";
import { PurchaseCard } from "./purchase-card";
import { PurchaseDetail } from "./purchase-detail";
import { PurchaseFilters, type StatusFilter, type TypeFilter } from "./purchase-filters";
import { useDebouncedValue } from "@/lib/hooks/use-debounced-value";
import { PurchasesWallets } from "@/components/wallet/purchases-wallets";

const PAGE_SIZE = 8;
const SEARCH_DEBOUNCE_MS = 300;

/** Whichever copy the server touched last: the cancel answer can be newer than the cached list. */
const newer = (a: MyPurchase, b: MyPurchase | undefined) => (b && b.updated_at > a.updated_at ? b : a);

/** Everything the signed-in user bought, on every platform: membership is not needed. */
export function PurchasesTab() {
  const [search, setSearch] = useState("");
  const [status, setStatus] = useState<StatusFilter>("all");
  const [type, setType] = useState<TypeFilter>("all");
  const debouncedSearch = useDebouncedValue(search.trim(), SEARCH_DEBOUNCE_MS);

  // The page belongs to one filter combination; a new combination starts again at page 1.
  const filterKey = JSON.stringify([status, type, debouncedSearch]);
  const [pageState, setPageState] = useState({ filterKey, page: 1 });
  const page = pageState.filterKey === filterKey ? pageState.page : 1;
  const setPage = (next: number) => setPageState({ filterKey, page: next });

  const filters: MyPurchasesFilters = {
    page,
    page_size: PAGE_SIZE,
    ...(status !== "all" && { status }),
    ...(type !== "all" && { item_type: type }),
    ...(debouncedSearch && { search: debouncedSearch }),
  };
  const list = useMyPurchases(filters);
  const filtered = status !== "all" || type !== "all" || debouncedSearch !== "";
  const count = list.data?.count;
  const pages = Math.max(1, Math.ceil((count ?? 0) / PAGE_SIZE));

  const [selected, setSelected] = useState<{ sub: MyPurchase; justCanceled: boolean } | null>(null);
  const current = selected && newer(selected.sub, list.data?.results.find((r) => r.unique_id === selected.sub.unique_id));

  function clearFilters() {
    setSearch("");
    setStatus("all");
    setType("all");
  }

  return (
    <section aria-labelledby="purchases-heading" className="space-y-4">
      <div className="space-y-1">
        <h2 id="purchases-heading" className="text-lg font-semibold tracking-tight">Purchases</h2>
        <p className="text-sm text-muted-foreground">Everything you have bought, on every platform: plans, renewals and cancellations.</p>
      </div>

      <PurchaseFilters
        search={search}
        onSearchChange={setSearch}
        status={status}
        onStatusChange={setStatus}
        type={type}
        onTypeChange={setType}
        count={count}
      />

      {list.isPending ? (
        <ul className="grid gap-3 sm:grid-cols-2" aria-label="Loading purchases" aria-busy>
          {Array.from({ length: 4 }, (_, i) => (
            <li key={i} className="space-y-3 rounded-xl border p-4">
              <Skeleton className="h-5 w-2/3" />
              <div className="flex gap-1.5">
                <Skeleton className="h-5 w-14" />
                <Skeleton className="h-5 w-16" />
              </div>
              <Skeleton className="h-4 w-1/2" />
              <Skeleton className="h-3 w-3/4" />
            </li>
          ))}
        </ul>
      ) : list.isError && !list.data ? (
        <div role="alert" className="flex flex-col items-start gap-2 rounded-xl border border-destructive/30 p-4 text-sm">
          <p className="font-medium text-destructive">Could not load your purchases</p>
          <p className="text-muted-foreground">{list.error.message}</p>
          <Button variant="outline" size="sm" onClick={() => list.refetch()} disabled={list.isFetching}>
            Retry
          </Button>
        </div>
      ) : list.data.results.length === 0 ? (
        <div className="flex flex-col items-center gap-2 rounded-xl border border-dashed p-10 text-center text-sm text-muted-foreground">
          <ShoppingBag className="size-6" aria-hidden />
          {page > 1 ? (
            <>
              <p className="font-medium text-foreground">This page is empty now</p>
              <Button variant="outline" size="sm" onClick={() => setPage(1)}>Back to page 1</Button>
            </>
          ) : filtered ? (
            <>
              <p className="font-medium text-foreground">No purchases match these filters</p>
              <Button variant="outline" size="sm" onClick={clearFilters}>Clear filters</Button>
            </>
          ) : (
            <>
              <p className="font-medium text-foreground">No purchases yet</p>
              <p>Agents, courses and other items you buy will show up in this list, including purchases made as a guest with this e-mail address.</p>
            </>
          )}
        </div>
      ) : (
        <ul
          className={cn("grid gap-3 sm:grid-cols-2", list.isPlaceholderData && "opacity-60")}
          aria-label="Purchases"
          aria-busy={list.isFetching}
        >
          {list.data.results.map((s) => (
            <PurchaseCard key={s.unique_id} subscription={s} onManage={() => setSelected({ sub: s, justCanceled: false })} />
          ))}
        </ul>
      )}

      {list.data && pages > 1 && (
        <nav aria-label="Purchases pages" className="flex items-center justify-end gap-2 text-sm">
          <Button
            variant="outline"
            size="sm"
            aria-label="Previous page"
            disabled={list.data.previous_page === null || list.isPlaceholderData}
            onClick={() => setPage(Math.max(1, page - 1))}
          >
            <ChevronLeft aria-hidden /> Previous
          </Button>
          <span className="text-muted-foreground" aria-live="polite">Page {page} of {pages}</span>
          <Button
            variant="outline"
            size="sm"
            aria-label="Next page"
            disabled={list.data.next_page === null || list.isPlaceholderData}
            onClick={() => setPage(page + 1)}
          >
            Next <ChevronRight aria-hidden />
          </Button>
        </nav>
      )}

      {/* usage credits: the buyer's wallet per platform */}
      <PurchasesWallets />

      <PurchaseDetail
        subscription={current}
        justCanceled={selected?.justCanceled ?? false}
        // the answers carry no platform: keep the one the row had
        onCanceled={(updated) => selected && setSelected({ sub: { ...selected.sub, ...updated }, justCanceled: true })}
        onResumed={(updated) => selected && setSelected({ sub: { ...selected.sub, ...updated }, justCanceled: false })}
        onClose={() => setSelected(null)}
      />
    </section>
  );
}
