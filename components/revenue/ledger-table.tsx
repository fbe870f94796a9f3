"use client";

import { useState } from "react";
import { Download, ReceiptText, Undo2 } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Button, buttonVariants } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatAmount, formatDateTime } from "@/lib/format/format";
import { itemTypeLabel } from "@/lib/platforms/item-types";
import { ledgerExportUrl, useLedger, type LedgerFilters, type LedgerKindName, type LedgerRow } from "@/lib/queries/ledger";
import { cn } from "@/lib/utils";
import { parseItemValue, useItemOptions } from "./item-options";
import { RefundDialog } from "./refund-dialog";
import { EmptyState, ErrorState, Pager, TableSkeleton } from "./states";
import { FilterSelect } from "./subscribers-table";

const PAGE_SIZE = 20;

const KIND_META: Record<LedgerKindName, { label: string; variant: "success" | "destructive" | "warning" | "secondary" | "outline" | "info" }> = {
  charge: { label: "Charge", variant: "success" },
  refund: { label: "Refund", variant: "destructive" },
  dispute: { label: "Dispute", variant: "warning" },
  dispute_won: { label: "Dispute won", variant: "info" },
  application_fee: { label: "Commission", variant: "secondary" },
  payout: { label: "Payout", variant: "outline" },
  adjustment: { label: "Adjustment", variant: "outline" },
  tip: { label: "Tip", variant: "success" },
};

const KIND_OPTIONS = [{ value: "all", label: "All kinds" }, ...Object.entries(KIND_META).map(([value, m]) => ({ value, label: m.label }))];

/** The ledger rows of the range, filterable by kind and item, with the same filters as a CSV. */
export function LedgerTable({ platformKey, range }: { platformKey: string; range: { from: string; to: string } }) {
  const [kind, setKind] = useState<string>("all");
  const [item, setItem] = useState<string>("all");
  const [page, setPage] = useState(1);
  const [refunding, setRefunding] = useState<LedgerRow | null>(null);
  const items = useItemOptions(platformKey);
  const picked = item === "all" ? undefined : parseItemValue(item);
  const filters: LedgerFilters = {
    ...range,
    kind: kind === "all" ? undefined : (kind as LedgerKindName),
    item_type: picked?.type,
    item_id: picked?.id,
  };
  const q = useLedger(platformKey, { ...filters, page, page_size: PAGE_SIZE });
  // a new range starts again on the first page
  const [rangeSeen, setRangeSeen] = useState(range);
  if (rangeSeen.from !== range.from || rangeSeen.to !== range.to) {
    setRangeSeen(range);
    setPage(1);
  }

  return (
    <Card className="gap-4 py-4" role="region" aria-labelledby="ledger-heading">
      <CardHeader className="px-4">
        <CardTitle id="ledger-heading" className="text-base">
          Ledger {q.data && <span className="font-normal text-muted-foreground">({q.data.count})</span>}
        </CardTitle>
        <CardDescription>Every money movement in the range, as Stripe reported it. Refund a charge from its row.</CardDescription>
      </CardHeader>
      <CardContent className="space-y-3 px-4">
        <div className="flex flex-wrap items-end gap-3">
          <div className="grid min-w-0 flex-1 grid-cols-1 gap-3 sm:grid-cols-2 lg:max-w-xl">
            <FilterSelect id="ledger-kind" label="Kind" value={kind} options={KIND_OPTIONS} onChange={(v) => { setKind(v); setPage(1); }} />
            <FilterSelect id="ledger-item" label="Item" value={item} options={[{ value: "all", label: "All items" }, ...items]} onChange={(v) => { setItem(v); setPage(1); }} />
          </div>
          <a href={ledgerExportUrl(platformKey, filters)} download className={cn(buttonVariants({ variant: "outline", size: "sm" }))}>
            <Download aria-hidden /> Download CSV
          </a>
        </div>

        {q.isPending ? (
          <TableSkeleton label="Loading the ledger" />
        ) : q.isError ? (
          <ErrorState error={q.error} what="the ledger" onRetry={() => q.refetch()} />
        ) : q.data.results.length === 0 ? (
          <EmptyState title="No ledger entries in this range" icon={<ReceiptText className="size-5" aria-hidden />}>
            <p>Charges, refunds, disputes and payouts appear here as Stripe reports them.</p>
          </EmptyState>
        ) : (
          <div className={cn(q.isPlaceholderData && "opacity-60")} aria-busy={q.isFetching}>
            <Table aria-label="Ledger entries">
              <TableHeader>
                <TableRow>
                  <TableHead>Date</TableHead>
                  <TableHead>Kind</TableHead>
                  <TableHead>Item</TableHead>
                  <TableHead className="text-right">Amount</TableHead>
                  <TableHead className="text-right">Commission</TableHead>
                  <TableHead className="text-right">Net</TableHead>
                  <TableHead>Stripe</TableHead>
                  <TableHead>
                    <span className="sr-only">Actions</span>
                  </TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {q.data.results.map((row) => (
                  <LedgerTableRow key={row.id} row={row} onRefund={() => setRefunding(row)} />
                ))}
              </TableBody>
            </Table>
          </div>
        )}
        {q.data && <Pager page={page} pageSize={PAGE_SIZE} count={q.data.count} onPage={setPage} label="Ledger pages" />}
      </CardContent>
      {refunding && <RefundDialog platformKey={platformKey} charge={refunding} onClose={() => setRefunding(null)} />}
    </Card>
  );
}

function Money({ amount, currency }: { amount: string; currency: string }) {
  return <span className={cn("tabular-nums", amount.startsWith("-") && "text-destructive")}>{formatAmount(amount, currency)}</span>;
}

function LedgerTableRow({ row, onRefund }: { row: LedgerRow; onRefund: () => void }) {
  const meta = KIND_META[row.kind];
  const refundable = (row.kind === "charge" || row.kind === "tip") && !!row.stripe_charge_id && !row.amount.startsWith("-");
  const discounted = Number(row.discount_amount) > 0;
  return (
    <TableRow data-testid="ledger-row" data-kind={row.kind} data-id={row.id}>
      <TableCell>{formatDateTime(row.occurred_at)}</TableCell>
      <TableCell>
        <Badge variant={meta.variant}>{meta.label}</Badge>
      </TableCell>
      <TableCell className="max-w-48">
        {row.item_id ? (
          <>
            <div className="truncate" title={row.item_id}>{row.item_id}</div>
            {row.item_type && <div className="text-xs text-muted-foreground">{itemTypeLabel(row.item_type)}</div>}
          </>
        ) : (
          <span className="text-muted-foreground">—</span>
        )}
      </TableCell>
      <TableCell className="text-right">
        <Money amount={row.amount} currency={row.currency} />
        {discounted && (
          <div className="text-xs text-muted-foreground">
            {formatAmount(row.gross_amount, row.currency)} − {formatAmount(row.discount_amount, row.currency)} discount
          </div>
        )}
      </TableCell>
      <TableCell className="text-right">
        <Money amount={row.fee_amount} currency={row.currency} />
        <div className="text-xs text-muted-foreground">{(row.fee_bps / 100).toFixed(row.fee_bps % 100 ? 2 : 0)} %</div>
      </TableCell>
      <TableCell className="text-right font-medium">
        <Money amount={row.net_amount} currency={row.currency} />
      </TableCell>
      <TableCell className="font-mono text-xs text-muted-foreground">{row.stripe_charge_id ?? row.source_event_id}</TableCell>
      <TableCell>
        {refundable && (
          <Button type="button" variant="outline" size="sm" onClick={onRefund} aria-label={`Refund ${row.kind === "tip" ? "tip" : "charge"} ${row.stripe_charge_id}`}>
            <Undo2 aria-hidden /> Refund
          </Button>
        )}
      </TableCell>
    </TableRow>
  );
}
