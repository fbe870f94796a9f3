"use client";

import { useState } from "react";
import { ChevronLeft, ChevronRight, PackageOpen, Settings2 } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { formatAmount, LOCALE } from "@/lib/format/format";
import { itemTypeLabel } from "@/lib/platforms/item-types";
import { usePaywallList, type PaywallListRow } from "@/lib/queries/paywalls";
import { cn } from "@/lib/utils";
import { PaywallStatusBadge } from "./paywall-status-badge";
import { ShareLinkButton } from "./share-link-button";
import { LoadError } from "@/components/monetization/shared/list-states";

const PAGE_SIZE = 8;
const FILTERS = [
  { value: "all", label: "All", is_enabled: undefined },
  { value: "active", label: "Active", is_enabled: true },
  { value: "disabled", label: "Disabled", is_enabled: false },
] as const;
type Filter = (typeof FILTERS)[number]["value"];

export function ConfiguredItemsList({ platformKey, onOpen }: { platformKey: string; onOpen: (item: PaywallListRow) => void }) {
  const [filter, setFilter] = useState<Filter>("all");
  const [page, setPage] = useState(1);
  const isEnabled = FILTERS.find((f) => f.value === filter)!.is_enabled;
  const list = usePaywallList(platformKey, { page, page_size: PAGE_SIZE, ...(isEnabled !== undefined && { is_enabled: isEnabled }) });
  const count = list.data?.count ?? 0;
  const pages = Math.max(1, Math.ceil(count / PAGE_SIZE));

  return (
    <section aria-labelledby="configured-items-heading" className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 id="configured-items-heading" className="font-medium">
          Configured items
          {list.data && <span className="ml-2 text-sm font-normal text-muted-foreground">({count})</span>}
        </h3>
        <div role="group" aria-label="Filter by status" className="inline-flex rounded-lg bg-muted p-1">
          {FILTERS.map((f) => (
            <button
              key={f.value}
              type="button"
              aria-pressed={filter === f.value}
              onClick={() => {
                setFilter(f.value);
                setPage(1);
              }}
              className={cn(
                "rounded-md px-3 py-1 text-sm font-medium text-muted-foreground transition-colors focus-visible:ring-[3px] focus-visible:ring-ring/50 focus-visible:outline-none",
                filter === f.value && "bg-background text-foreground shadow-sm",
              )}
            >
              {f.label}
            </button>
          ))}
        </div>
      </div>

      {list.isPending ? (
        <ul className="grid gap-3 sm:grid-cols-2" aria-label="Loading configured items">
          {Array.from({ length: 4 }, (_, i) => (
            <li key={i}><Skeleton className="h-24 rounded-xl" /></li>
          ))}
        </ul>
      ) : list.isError ? (
        <LoadError className="rounded-xl" message={`Could not load the configured items: ${list.error.message}`} onRetry={list.refetch} />
      ) : list.data.results.length === 0 ? (
        <div className="flex flex-col items-center gap-2 rounded-xl border border-dashed p-8 text-center text-sm text-muted-foreground">
          <PackageOpen className="size-5" aria-hidden />
          {filter === "all" ? (
            <>
              <p className="font-medium text-foreground">No paywalls yet</p>
              <p>Search for an item above, or add a custom item, to start selling it.</p>
            </>
          ) : (
            <p className="font-medium text-foreground">No {filter === "active" ? "active" : "disabled"} paywalls.</p>
          )}
        </div>
      ) : (
        <ul className={cn("grid gap-3 sm:grid-cols-2", list.isPlaceholderData && "opacity-60")} aria-label="Configured items" aria-busy={list.isFetching}>
          {list.data.results.map((item) => (
            <li key={item.unique_id}>
              <ItemCard item={item} onOpen={() => onOpen(item)} />
            </li>
          ))}
        </ul>
      )}

      {list.data && pages > 1 && (
        <nav aria-label="Configured items pages" className="flex items-center justify-end gap-2 text-sm">
          <Button variant="outline" size="sm" aria-label="Previous page" disabled={page <= 1} onClick={() => setPage((p) => p - 1)}>
            <ChevronLeft aria-hidden /> Previous
          </Button>
          <span className="text-muted-foreground" aria-live="polite">Page {page} of {pages}</span>
          <Button variant="outline" size="sm" aria-label="Next page" disabled={page >= pages} onClick={() => setPage((p) => p + 1)}>
            Next <ChevronRight aria-hidden />
          </Button>
        </nav>
      )}
    </section>
  );
}

function ItemCard({ item, onOpen }: { item: PaywallListRow; onOpen: () => void }) {
  const name = item.item_name || item.item_id;
  const tiers = item.active_price_count;
  return (
    <Card className="gap-0 py-0" data-testid="configured-item">
      <CardContent className="flex items-start gap-3 p-4">
        <div className="min-w-0 flex-1 space-y-2">
          <button type="button" onClick={onOpen} className="block max-w-full truncate text-left font-medium hover:underline focus-visible:ring-[3px] focus-visible:ring-ring/50 focus-visible:outline-none">
            {name}
          </button>
          <div className="flex flex-wrap items-center gap-1.5">
            <Badge variant="outline">{itemTypeLabel(item.item_type)}</Badge>
            <PaywallStatusBadge isEnabled={item.is_enabled} activeTiers={tiers} />
            <span className="text-xs text-muted-foreground">
              {tiers} active {tiers === 1 ? "price" : "prices"}
            </span>
          </div>
          {item.is_enabled && tiers === 0 && (
            <p className="text-xs font-medium text-warning-foreground">Learners are locked out with nothing to buy: add a tier or turn the paywall off.</p>
          )}
          <SalesLine item={item} />
        </div>
        <div className="flex shrink-0 items-center">
          <ShareLinkButton url={item.share_url} />
          <Button type="button" variant="ghost" size="icon" aria-label={`Configure ${name}`} onClick={onOpen}>
            <Settings2 aria-hidden />
          </Button>
        </div>
      </CardContent>
    </Card>
  );
}

/** "12 sales · $228.00 · €40.00": net revenue per currency, from the ledger. */
function SalesLine({ item }: { item: PaywallListRow }) {
  const sales = item.sales_count ?? 0;
  const revenue = item.revenue ?? [];
  return (
    <p className="text-xs text-muted-foreground" data-testid="item-sales">
      <span className="font-medium text-foreground">
        {sales.toLocaleString(LOCALE)} {sales === 1 ? "sale" : "sales"}
      </span>
      {revenue.length > 0 ? revenue.map((r) => <span key={r.currency}> · {formatAmount(r.amount, r.currency)}</span>) : " · no revenue yet"}
    </p>
  );
}
