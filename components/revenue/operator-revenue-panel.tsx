"use client";

import { useState } from "react";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatAmount, LOCALE } from "@/lib/format/format";
import { useOperatorRevenue } from "@/lib/queries/operator-revenue";
import { cn } from "@/lib/utils";
import { DateRangePicker } from "./date-range-picker";
import { presetRange, rangeQuery, type DateRange } from "./date-range";
import { EmptyState, ErrorState, TableSkeleton } from "./states";

/** Every platform's revenue and the commission the operator earned on it, per currency. */
export function OperatorRevenuePanel() {
  const [range, setRange] = useState<DateRange>(() => presetRange("30d"));
  const q = useOperatorRevenue(rangeQuery(range));

  return (
    <Card className="gap-4 py-4" role="region" aria-labelledby="operator-revenue-heading">
      <CardHeader className="px-4 sm:px-6">
        <CardTitle id="operator-revenue-heading">Revenue and commission</CardTitle>
        <CardDescription>What every platform sold and the commission earned on it, from the ledger.</CardDescription>
      </CardHeader>
      <CardContent className="space-y-4 px-4 sm:px-6">
        <DateRangePicker value={range} onChange={setRange} idPrefix="operator-revenue" />
        {q.isPending ? (
          <>
            <Skeleton className="h-20 w-full" />
            <TableSkeleton label="Loading revenue per platform" rows={3} />
          </>
        ) : q.isError ? (
          <ErrorState error={q.error} what="the revenue of the platforms" onRetry={() => q.refetch()} />
        ) : q.data.totals.length === 0 ? (
          <EmptyState title="No sales on any platform in this range" />
        ) : (
          <div className={cn("space-y-4", q.isPlaceholderData && "opacity-60")} aria-busy={q.isFetching}>
            <ul aria-label="Totals per currency" className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-3">
              {q.data.totals.map((t) => (
                <li key={t.currency} data-testid={`operator-total-${t.currency}`} className="space-y-2 rounded-lg border p-3 text-sm">
                  <p className="text-xs font-medium text-muted-foreground">
                    {t.currency.toUpperCase()} · {t.platform_count} {t.platform_count === 1 ? "platform" : "platforms"} · {t.sales_count.toLocaleString(LOCALE)} sales
                  </p>
                  <div className="grid grid-cols-3 gap-2">
                    <Figure label="Gross" value={formatAmount(t.gross, t.currency)} />
                    <Figure label="Commission" value={formatAmount(t.commission, t.currency)} strong />
                    <Figure label="Net to platforms" value={formatAmount(t.net, t.currency)} />
                  </div>
                </li>
              ))}
            </ul>
            <Table aria-label="Revenue per platform">
              <TableHeader>
                <TableRow>
                  <TableHead>Platform</TableHead>
                  <TableHead>Currency</TableHead>
                  <TableHead className="text-right">Sales</TableHead>
                  <TableHead className="text-right">Gross</TableHead>
                  <TableHead className="text-right">Commission</TableHead>
                  <TableHead className="text-right">Refunds</TableHead>
                  <TableHead className="text-right">Disputes</TableHead>
                  <TableHead className="text-right">Net</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {q.data.platforms.map((p) => (
                  <TableRow key={`${p.platform_key}-${p.currency}`} data-testid={`operator-revenue-${p.platform_key}-${p.currency}`}>
                    <TableCell>
                      <div className="font-medium">{p.platform_name}</div>
                      <div className="text-xs text-muted-foreground">{p.platform_key}</div>
                    </TableCell>
                    <TableCell>{p.currency.toUpperCase()}</TableCell>
                    <TableCell className="text-right tabular-nums">{p.sales_count.toLocaleString(LOCALE)}</TableCell>
                    <TableCell className="text-right tabular-nums">{formatAmount(p.gross, p.currency)}</TableCell>
                    <TableCell className="text-right font-medium tabular-nums" data-testid="operator-commission">
                      {formatAmount(p.commission, p.currency)}
                    </TableCell>
                    <TableCell className="text-right tabular-nums">{formatAmount(p.refunds, p.currency)}</TableCell>
                    <TableCell className="text-right tabular-nums">{formatAmount(p.disputes, p.currency)}</TableCell>
                    <TableCell className="text-right tabular-nums">{formatAmount(p.net, p.currency)}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
        )}
      </CardContent>
    </Card>
  );
}

function Figure({ label, value, strong }: { label: string; value: string; strong?: boolean }) {
  return (
    <div className="min-w-0">
      <p className="text-xs text-muted-foreground">{label}</p>
      <p className={cn("truncate tabular-nums", strong ? "font-semibold text-primary" : "font-medium")}>{value}</p>
    </div>
  );
}
