"use client";

import { useState } from "react";
import { Label } from "@/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { useMetrics, useRevenue, useRevenueTimeseries, type MoneyRange } from "@/lib/queries/revenue";
import { DateRangePicker } from "./date-range-picker";
import { intervalFor, presetRange, rangeQuery, type DateRange } from "./date-range";
import { KpiCards } from "./kpi-cards";
import { LedgerTable } from "./ledger-table";
import { PayoutsPanel } from "./payouts-panel";
import { ReconciliationPanel } from "./reconciliation-panel";
import { RevenueCharts } from "./revenue-charts";
import { SubscribersTable } from "./subscribers-table";

/** The owner's money dashboard: every figure from the platform's ledger, for one range and currency. */
export function RevenueSection({ platformKey }: { platformKey: string }) {
  const [range, setRange] = useState<DateRange>(() => presetRange("30d"));
  const [currency, setCurrency] = useState<string | undefined>(undefined);
  const query = rangeQuery(range);
  const revenue = useRevenue(platformKey, { ...query, currency });
  // until the owner picks one, every view follows the currency the revenue view chose
  const shown = currency ?? revenue.data?.currency;
  const money: MoneyRange = { ...query, currency: shown };
  // wait for that choice (or its failure) rather than asking twice
  const settled = !!shown || revenue.isError;
  const timeseries = useRevenueTimeseries(platformKey, money, intervalFor(range), { enabled: settled });
  const metrics = useMetrics(platformKey, money, { enabled: settled });
  const currencies = [...new Set([...(revenue.data?.by_currency.map((c) => c.currency) ?? []), ...(shown ? [shown] : [])])];

  return (
    <div className="space-y-4" data-testid="revenue-section">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <DateRangePicker value={range} onChange={setRange} />
        {currencies.length > 1 ? (
          <div className="flex items-center gap-2">
            <Label htmlFor="revenue-currency">Currency</Label>
            <Select value={shown} onValueChange={setCurrency}>
              <SelectTrigger id="revenue-currency" className="w-24">
                <SelectValue />
              </SelectTrigger>
              <SelectContent>
                {currencies.map((c) => (
                  <SelectItem key={c} value={c}>
                    {c.toUpperCase()}
                  </SelectItem>
                ))}
              </SelectContent>
            </Select>
          </div>
        ) : (
          shown && (
            <p className="text-sm text-muted-foreground">
              Figures in <span className="font-medium text-foreground">{shown.toUpperCase()}</span>
            </p>
          )
        )}
      </div>
      <KpiCards revenue={revenue} metrics={metrics} />
      <RevenueCharts timeseries={timeseries} metrics={metrics} />
      <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
        <PayoutsPanel platformKey={platformKey} />
        <ReconciliationPanel platformKey={platformKey} range={query} />
      </div>
      <LedgerTable platformKey={platformKey} range={query} />
      <SubscribersTable platformKey={platformKey} />
    </div>
  );
}
