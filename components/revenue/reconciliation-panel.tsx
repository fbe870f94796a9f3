"use client";

import { CheckCircle2, Scale } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Spinner } from "@/components/ui/spinner";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatAmount, formatDate, LOCALE } from "@/lib/format/format";
import { RECONCILIATION_MAX_DAYS, useReconciliation } from "@/lib/queries/reconciliation";
import { addDays } from "./date-range";
import { ErrorState } from "./states";

/** The ledger of the range compared with Stripe, on demand (each check reads Stripe). */
export function ReconciliationPanel({ platformKey, range }: { platformKey: string; range: { from: string; to: string } }) {
  const check = useReconciliation(platformKey);
  const days = Math.round((Date.parse(range.to) - Date.parse(range.from)) / 86_400_000);
  const tooLong = days > RECONCILIATION_MAX_DAYS;
  const result = check.data;
  // the answer belongs to the range it was asked for; a new range hides it
  const stale = !!check.variables && (check.variables.from !== range.from || check.variables.to !== range.to);

  return (
    <Card className="min-w-0 gap-4 py-4" role="region" aria-labelledby="reconciliation-heading">
      <CardHeader className="px-4">
        <CardTitle id="reconciliation-heading" className="text-base">
          Reconciliation
        </CardTitle>
        <CardDescription>
          Compares every ledger entry of the range with Stripe: charges, commission, refunds, disputes, transfers and payouts.
        </CardDescription>
      </CardHeader>
      <CardContent className="space-y-3 px-4">
        <div className="flex flex-wrap items-center gap-3">
          <Button type="button" variant="outline" disabled={check.isPending || tooLong} onClick={() => check.mutate(range)}>
            {check.isPending ? <Spinner aria-hidden /> : <Scale aria-hidden />}
            {check.isPending ? "Checking…" : "Check against Stripe"}
          </Button>
          {tooLong && <p className="text-sm text-muted-foreground">Pick a range of at most {RECONCILIATION_MAX_DAYS} days to check.</p>}
        </div>

        {check.isError && !stale && <ErrorState error={check.error} what="the reconciliation" onRetry={() => check.mutate(range)} />}

        {result && !stale && (
          <div className="space-y-3" aria-live="polite" data-testid="reconciliation-result">
            <p className="text-sm text-muted-foreground">
              Checked {result.checked.toLocaleString(LOCALE)} ledger {result.checked === 1 ? "entry" : "entries"} from {formatDate(result.from, { timeZone: "UTC" })} to{" "}
              {formatDate(addDays(result.to.slice(0, 10), -1), { timeZone: "UTC" })}.
            </p>
            {result.differences.length === 0 ? (
              <p className="flex items-center gap-2 rounded-md bg-success/15 p-3 text-sm font-medium text-success-foreground">
                <CheckCircle2 className="size-4 shrink-0" aria-hidden />
                Matches Stripe to the cent
              </p>
            ) : (
              <>
                <p role="alert" className="text-sm font-medium text-destructive">
                  {result.differences.length} {result.differences.length === 1 ? "difference" : "differences"} with Stripe
                </p>
                <Table aria-label="Differences with Stripe">
                  <TableHeader>
                    <TableRow>
                      <TableHead>Kind</TableHead>
                      <TableHead>Stripe object</TableHead>
                      <TableHead className="text-right">Ledger</TableHead>
                      <TableHead className="text-right">Stripe</TableHead>
                      <TableHead className="text-right">Delta</TableHead>
                      <TableHead>What</TableHead>
                    </TableRow>
                  </TableHeader>
                  <TableBody>
                    {result.differences.map((d, i) => (
                      <TableRow key={`${d.stripe_id}-${d.kind}-${i}`}>
                        <TableCell>{d.kind}</TableCell>
                        <TableCell className="font-mono text-xs">{d.stripe_id}</TableCell>
                        <TableCell className="text-right tabular-nums">{formatAmount(d.ledger_amount, d.currency)}</TableCell>
                        <TableCell className="text-right tabular-nums">{formatAmount(d.stripe_amount, d.currency)}</TableCell>
                        <TableCell className="text-right font-medium text-destructive tabular-nums">{formatAmount(d.delta, d.currency)}</TableCell>
                        <TableCell className="max-w-72 whitespace-normal text-muted-foreground">{d.detail}</TableCell>
                      </TableRow>
                    ))}
                  </TableBody>
                </Table>
              </>
            )}
          </div>
        )}
      </CardContent>
    </Card>
  );
}
