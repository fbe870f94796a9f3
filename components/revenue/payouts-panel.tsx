"use client";

import { Landmark } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatAmount, formatDate } from "@/lib/format/format";
import { useConnectBalance, useConnectPayouts, usePayoutsSummary, type BalanceAmount, type ConnectPayout } from "@/lib/queries/payouts";
import { EmptyState, ErrorState } from "./states";

const PAYOUT_STATUS: Record<string, { label: string; variant: "success" | "info" | "destructive" | "outline" | "secondary" }> = {
  paid: { label: "Paid", variant: "success" },
  pending: { label: "Pending", variant: "secondary" },
  in_transit: { label: "In transit", variant: "info" },
  failed: { label: "Failed", variant: "destructive" },
  canceled: { label: "Canceled", variant: "outline" },
};

/** What the platform earned, what Stripe paid out, what is still pending, and Stripe's balance now. */
export function PayoutsPanel({ platformKey }: { platformKey: string }) {
  const balance = useConnectBalance(platformKey);
  const payouts = useConnectPayouts(platformKey);
  const summary = usePayoutsSummary(platformKey);

  return (
    <Card className="min-w-0 gap-4 py-4" role="region" aria-labelledby="payouts-heading">
      <CardHeader className="px-4">
        <CardTitle id="payouts-heading" className="text-base">
          Payouts
        </CardTitle>
        <CardDescription>All time, per currency: earned from the ledger, the Stripe balance and the payouts to your bank.</CardDescription>
      </CardHeader>
      <CardContent className="space-y-5 px-4">
        <section aria-label="Earned, paid out and pending" className="space-y-2">
          <h3 className="text-sm font-medium">Earned / paid out / pending</h3>
          {summary.isPending ? (
            <Skeleton className="h-16 w-full" />
          ) : summary.isError ? (
            <ErrorState error={summary.error} what="the payouts summary" onRetry={() => summary.refetch()} />
          ) : summary.data.by_currency.length === 0 ? (
            <p className="text-sm text-muted-foreground">Nothing earned yet.</p>
          ) : (
            <ul className="grid grid-cols-1 gap-2 sm:grid-cols-2">
              {summary.data.by_currency.map((s) => (
                <li key={s.currency} data-testid={`payouts-summary-${s.currency}`} className="grid grid-cols-3 gap-2 rounded-lg border p-3 text-sm">
                  <Figure label="Earned" value={formatAmount(s.earned, s.currency)} />
                  <Figure label="Paid out" value={formatAmount(s.paid_out, s.currency)} />
                  <Figure label="Pending" value={formatAmount(s.pending, s.currency)} />
                </li>
              ))}
            </ul>
          )}
        </section>

        <section aria-label="Stripe balance" className="space-y-2">
          <h3 className="text-sm font-medium">Stripe balance</h3>
          {balance.isPending ? (
            <Skeleton className="h-16 w-full" />
          ) : balance.isError ? (
            <ErrorState error={balance.error} what="the Stripe balance" onRetry={() => balance.refetch()} />
          ) : (
            <div className="grid grid-cols-2 gap-2 text-sm">
              <BalanceBox label="Available" amounts={balance.data.available} />
              <BalanceBox label="Pending" amounts={balance.data.pending} />
            </div>
          )}
        </section>

        <section aria-label="Recent payouts" className="space-y-2">
          <h3 className="text-sm font-medium">Recent payouts</h3>
          {payouts.isPending ? (
            <Skeleton className="h-24 w-full" />
          ) : payouts.isError ? (
            <ErrorState error={payouts.error} what="the payouts" onRetry={() => payouts.refetch()} />
          ) : payouts.data.results.length === 0 ? (
            <EmptyState title="No payouts yet" icon={<Landmark className="size-5" aria-hidden />}>
              <p>Stripe pays the available balance out to your bank on its schedule.</p>
            </EmptyState>
          ) : (
            <Table aria-label="Recent payouts">
              <TableHeader>
                <TableRow>
                  <TableHead>Arrives</TableHead>
                  <TableHead className="text-right">Amount</TableHead>
                  <TableHead>Status</TableHead>
                  <TableHead>Payout</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {payouts.data.results.map((p) => (
                  <PayoutRow key={p.id} p={p} />
                ))}
              </TableBody>
            </Table>
          )}
        </section>
      </CardContent>
    </Card>
  );
}

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <div className="min-w-0">
      <p className="text-xs text-muted-foreground">{label}</p>
      <p className="truncate font-semibold tabular-nums">{value}</p>
    </div>
  );
}

function BalanceBox({ label, amounts }: { label: string; amounts: BalanceAmount[] }) {
  return (
    <div className="rounded-lg border p-3">
      <p className="text-xs text-muted-foreground">{label}</p>
      {amounts.length === 0 ? (
        <p className="font-semibold">—</p>
      ) : (
        amounts.map((a) => (
          <p key={a.currency} className="font-semibold tabular-nums">
            {formatAmount(a.amount, a.currency)}
          </p>
        ))
      )}
    </div>
  );
}

function PayoutRow({ p }: { p: ConnectPayout }) {
  const status = PAYOUT_STATUS[p.status] ?? { label: p.status, variant: "outline" as const };
  return (
    <TableRow>
      <TableCell>{formatDate(p.arrival_date)}</TableCell>
      <TableCell className="text-right tabular-nums">{formatAmount(p.amount, p.currency)}</TableCell>
      <TableCell>
        <Badge variant={status.variant}>{status.label}</Badge>
        {p.failure_message && <div className="mt-1 max-w-48 text-xs whitespace-normal text-destructive">{p.failure_message}</div>}
      </TableCell>
      <TableCell className="font-mono text-xs text-muted-foreground">{p.id}</TableCell>
    </TableRow>
  );
}
