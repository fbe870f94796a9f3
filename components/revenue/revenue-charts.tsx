"use client";

import type { UseQueryResult } from "@tanstack/react-query";
import { Bar, BarChart, CartesianGrid, Cell, ReferenceLine, Tooltip, XAxis, YAxis } from "recharts";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ChartContainer, ChartLegend, ChartTooltipContent, chartColor } from "@/components/ui/chart";
import { Skeleton } from "@/components/ui/skeleton";
import { formatAmount, LOCALE } from "@/lib/format/format";
import { cn } from "@/lib/utils";
import type { Metrics, RevenueTimeseries, TimeseriesInterval } from "@/lib/queries/revenue";
import { EmptyState, ErrorState } from "./states";

// Brand palette (globals.css --chart-*): 1 brand blue, 2 sky, 3 green, 4 amber, 5 deep blue.
const NET = chartColor(0);
const REFUNDS = chartColor(3);
const NEW = chartColor(2);
const CHURNED = chartColor(3);
const BY_ITEM = chartColor(1);
const MRR = chartColor(4);

/** Axis ticks without the currency symbol clutter: 1.2k, 15, 0.5. */
const compact = (v: number) => new Intl.NumberFormat(LOCALE, { notation: "compact", maximumFractionDigits: 1 }).format(v);

function periodLabel(iso: string, interval: TimeseriesInterval): string {
  const d = new Date(iso);
  return interval === "month"
    ? d.toLocaleDateString(LOCALE, { month: "short", year: "numeric", timeZone: "UTC" })
    : d.toLocaleDateString(LOCALE, { month: "short", day: "numeric", timeZone: "UTC" });
}

export function RevenueCharts({ timeseries, metrics }: { timeseries: UseQueryResult<RevenueTimeseries>; metrics: UseQueryResult<Metrics> }) {
  return (
    <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
      <RevenueOverTime q={timeseries} />
      <SubscribersChart q={metrics} />
      <RevenueByItem q={metrics} />
    </div>
  );
}

function ChartCard({ title, description, children, className }: { title: string; description?: string; children: React.ReactNode; className?: string }) {
  return (
    <Card className={cn("min-w-0 gap-3 py-4", className)}>
      <CardHeader className="px-4">
        <CardTitle className="text-base">{title}</CardTitle>
        {description && <CardDescription>{description}</CardDescription>}
      </CardHeader>
      <CardContent className="px-2 sm:px-4">{children}</CardContent>
    </Card>
  );
}

function RevenueOverTime({ q }: { q: UseQueryResult<RevenueTimeseries> }) {
  const ts = q.data;
  const data =
    ts?.points.map((p) => ({ period: periodLabel(p.period_start, ts.interval), net: Number(p.net), refunds: Number(p.refunds) + Number(p.disputes), sales: p.sales_count })) ?? [];
  const empty = ts && ts.points.every((p) => p.sales_count === 0 && Number(p.net) === 0 && Number(p.refunds) === 0 && Number(p.disputes) === 0);
  return (
    <ChartCard title="Revenue over time" description={ts ? `Net per ${ts.interval}, refunds and disputes below zero (${ts.currency.toUpperCase()})` : undefined} className="lg:col-span-2">
      {q.isPending ? (
        <Skeleton className="h-56 w-full" />
      ) : q.isError ? (
        <ErrorState error={q.error} what="the revenue over time" onRetry={() => q.refetch()} />
      ) : empty ? (
        <EmptyState title="No sales in this range" className="h-56 justify-center">
          <p>Revenue appears here once buyers pay.</p>
        </EmptyState>
      ) : (
        <div className="space-y-2" data-testid="chart-revenue-over-time">
          <ChartContainer label={`Net revenue per ${ts!.interval}, ${data.length} periods`}>
            <BarChart data={data} stackOffset="sign" margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
              <CartesianGrid vertical={false} />
              <XAxis dataKey="period" tickLine={false} axisLine={false} minTickGap={16} />
              <YAxis tickLine={false} axisLine={false} width={40} tickFormatter={compact} />
              <ReferenceLine y={0} />
              <Tooltip
                content={<ChartTooltipContent valueFormatter={(v) => formatAmount(String(v), ts!.currency)} />}
                cursor={{ fillOpacity: 0.5 }}
              />
              <Bar dataKey="net" name="Net" stackId="money" fill={NET} radius={[3, 3, 0, 0]} />
              <Bar dataKey="refunds" name="Refunds & disputes" stackId="money" fill={REFUNDS} radius={[0, 0, 3, 3]} />
            </BarChart>
          </ChartContainer>
          <ChartLegend items={[{ label: "Net", color: NET }, { label: "Refunds & disputes", color: REFUNDS }]} className="px-2" />
        </div>
      )}
    </ChartCard>
  );
}

function SubscribersChart({ q }: { q: UseQueryResult<Metrics> }) {
  const m = q.data;
  const data = m ? [{ name: "New", value: m.new_subscribers, color: NEW }, { name: "Churned", value: m.churned_subscribers, color: CHURNED }] : [];
  const churn = m?.churn_rate != null ? `${(Number(m.churn_rate) * 100).toFixed(1)} % churn` : null;
  return (
    <ChartCard title="New vs churned subscribers" description={m ? [`Recurring plans in the range`, churn].filter(Boolean).join(" · ") : undefined}>
      {q.isPending ? (
        <Skeleton className="h-56 w-full" />
      ) : q.isError ? (
        <ErrorState error={q.error} what="the subscriber metrics" onRetry={() => q.refetch()} />
      ) : m!.new_subscribers === 0 && m!.churned_subscribers === 0 ? (
        <EmptyState title="No subscriptions started or ended" className="h-56 justify-center" />
      ) : (
        <ChartContainer label={`${m!.new_subscribers} new and ${m!.churned_subscribers} churned subscribers`} data-testid="chart-subscribers">
          <BarChart data={data} layout="vertical" margin={{ top: 4, right: 16, bottom: 0, left: 0 }}>
            <CartesianGrid horizontal={false} />
            <XAxis type="number" allowDecimals={false} tickLine={false} axisLine={false} />
            <YAxis type="category" dataKey="name" tickLine={false} axisLine={false} width={64} />
            <Tooltip content={<ChartTooltipContent />} cursor={{ fillOpacity: 0.5 }} />
            <Bar dataKey="value" name="Subscribers" radius={[0, 3, 3, 0]} barSize={28}>
              {data.map((d) => (
                <Cell key={d.name} fill={d.color} />
              ))}
            </Bar>
          </BarChart>
        </ChartContainer>
      )}
    </ChartCard>
  );
}

const MAX_ITEMS = 8;

/** A plan (a paywall of item type `plan`) is its own line, labelled as one. */
export function itemLineName(i: { item_type: string; item_id: string; item_name: string }): string {
  const name = i.item_name || i.item_id;
  return i.item_type === "plan" ? `Plan: ${name}` : name;
}

function RevenueByItem({ q }: { q: UseQueryResult<Metrics> }) {
  const m = q.data;
  const items = [...(m?.by_item ?? [])].sort((a, b) => Number(b.revenue) - Number(a.revenue)).slice(0, MAX_ITEMS);
  const data = items.map((i) => ({ name: itemLineName(i), revenue: Number(i.revenue), mrr: Number(i.mrr) }));
  return (
    <ChartCard title="Revenue by item" description={m ? `Net in the range, top ${MAX_ITEMS} (${m.currency.toUpperCase()})` : undefined}>
      {q.isPending ? (
        <Skeleton className="h-56 w-full" />
      ) : q.isError ? (
        <ErrorState error={q.error} what="the revenue by item" onRetry={() => q.refetch()} />
      ) : data.length === 0 ? (
        <EmptyState title="No item earned in this range" className="h-56 justify-center" />
      ) : (
        <ChartContainer label={`Revenue by item: ${items.map((i) => `${itemLineName(i)} ${formatAmount(i.revenue, m!.currency)}`).join(", ")}`} data-testid="chart-by-item">
          <BarChart data={data} layout="vertical" margin={{ top: 4, right: 16, bottom: 0, left: 0 }}>
            <CartesianGrid horizontal={false} />
            <XAxis type="number" tickLine={false} axisLine={false} tickFormatter={compact} />
            <YAxis
              type="category"
              dataKey="name"
              tickLine={false}
              axisLine={false}
              width={96}
              tickFormatter={(v: string) => (v.length > 14 ? `${v.slice(0, 13)}…` : v)}
            />
            <Tooltip content={<ChartTooltipContent valueFormatter={(v) => formatAmount(String(v), m!.currency)} />} cursor={{ fillOpacity: 0.5 }} />
            <Bar dataKey="revenue" name="Revenue" fill={BY_ITEM} radius={[0, 3, 3, 0]} />
            <Bar dataKey="mrr" name="MRR" fill={MRR} radius={[0, 3, 3, 0]} />
          </BarChart>
        </ChartContainer>
      )}
      {data.length > 0 && !q.isError && <ChartLegend items={[{ label: "Revenue", color: BY_ITEM }, { label: "MRR", color: MRR }]} className="px-2 pt-2" />}
    </ChartCard>
  );
}
