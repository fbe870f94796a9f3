"use client";

import { useState, type ReactNode } from "react";
import type { UseQueryResult } from "@tanstack/react-query";
import { Bar, BarChart, CartesianGrid, Cell, Tooltip, XAxis, YAxis } from "recharts";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ChartContainer, ChartLegend, ChartTooltipContent, chartColor } from "@/components/ui/chart";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { DateRangePicker } from "@/components/revenue/date-range-picker";
import { presetRange, rangeQuery, type DateRange } from "@/components/revenue/date-range";
import { EmptyState, ErrorState, TableSkeleton } from "@/components/revenue/states";
import { LOCALE } from "@/lib/format/format";
import { itemTypeLabel } from "@/lib/platforms/item-types";
import { isDeniedReason, useInsights, type Insights, type InsightsItem } from "@/lib/queries/insights";
import { cn } from "@/lib/utils";

const ALLOWED = chartColor(2);
const DENIED = chartColor(3);

const REASON_LABELS: Record<string, string> = {
  admin: "Owner or admin",
  no_paywall: "No paywall",
  paywall_disabled: "Paywall off",
  active: "Subscribed",
  trialing: "In trial",
  free: "Free tier",
  grandfathered: "Grandfathered",
  plan: "Through a plan",
  rule: "Access rule",
  no_subscription: "Not bought (paywall shown)",
  subscription_past_due: "Payment late (paywall shown)",
  subscription_canceled: "Canceled (paywall shown)",
  subscription_incomplete: "Payment unfinished (paywall shown)",
};
export const reasonLabel = (reason: string) => REASON_LABELS[reason] ?? reason;

const count = (n: number) => n.toLocaleString(LOCALE);

/** "0.2500" → "25.0 %"; null (paywall never shown) → "—". */
export function percent(ratio: string | null): string {
  return ratio === null ? "—" : `${(Number(ratio) * 100).toFixed(1)} %`;
}

const itemName = (i: InsightsItem) => (i.item_type === "plan" ? `Plan: ${i.name}` : i.name);

function dayLabel(day: string) {
  return new Date(`${day}T00:00:00Z`).toLocaleDateString(LOCALE, { month: "short", day: "numeric", timeZone: "UTC" });
}

function PanelCard({ title, description, children, className, testId }: { title: string; description?: string; children: ReactNode; className?: string; testId?: string }) {
  return (
    <Card className={cn("min-w-0 gap-3 py-4", className)} data-testid={testId}>
      <CardHeader className="px-4">
        <CardTitle className="text-base">{title}</CardTitle>
        {description && <CardDescription>{description}</CardDescription>}
      </CardHeader>
      <CardContent className="px-2 sm:px-4">{children}</CardContent>
    </Card>
  );
}

function Kpis({ data }: { data: Insights }) {
  const shown = data.items.reduce((n, i) => n + i.paywall_shown, 0);
  const started = data.items.reduce((n, i) => n + i.checkout_started, 0);
  const paid = data.items.reduce((n, i) => n + i.paid, 0);
  const tiles = [
    { label: "Access checks", value: count(data.total_checks) },
    { label: "Paywall shown", value: count(shown) },
    { label: "Checkouts started", value: count(started) },
    { label: "Paid", value: count(paid) },
  ];
  return (
    <dl className="grid grid-cols-2 gap-3 lg:grid-cols-4" data-testid="insights-kpis">
      {tiles.map((t) => (
        <div key={t.label} className="rounded-xl border bg-card p-4">
          <dt className="text-sm text-muted-foreground">{t.label}</dt>
          <dd className="text-2xl font-semibold tabular-nums">{t.value}</dd>
        </div>
      ))}
    </dl>
  );
}

function ChecksByReason({ data }: { data: Insights }) {
  if (data.checks_by_reason.length === 0) {
    return (
      <EmptyState title="No access checks in this range" className="h-56 justify-center">
        <p>Checks are counted every few seconds as people open your items.</p>
      </EmptyState>
    );
  }
  const rows = data.checks_by_reason.map((r) => ({ name: reasonLabel(r.reason), value: r.count, denied: isDeniedReason(r.reason) }));
  return (
    <div className="space-y-2">
      <ChartContainer label={`Access checks by reason: ${rows.map((r) => `${r.name} ${r.value}`).join(", ")}`} data-testid="chart-checks-by-reason">
        <BarChart data={rows} layout="vertical" margin={{ top: 4, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid horizontal={false} />
          <XAxis type="number" allowDecimals={false} tickLine={false} axisLine={false} />
          <YAxis type="category" dataKey="name" tickLine={false} axisLine={false} width={120} tickFormatter={(v: string) => (v.length > 18 ? `${v.slice(0, 17)}…` : v)} />
          <Tooltip content={<ChartTooltipContent />} cursor={{ fillOpacity: 0.5 }} />
          <Bar dataKey="value" name="Checks" radius={[0, 3, 3, 0]}>
            {rows.map((r) => (
              <Cell key={r.name} fill={r.denied ? DENIED : ALLOWED} />
            ))}
          </Bar>
        </BarChart>
      </ChartContainer>
      <ChartLegend items={[{ label: "Allowed", color: ALLOWED }, { label: "Denied (paywall shown)", color: DENIED }]} className="px-2" />
    </div>
  );
}

function ChecksByDay({ data }: { data: Insights }) {
  const rows = data.by_day.map((d) => ({ day: dayLabel(d.day), allowed: d.allowed, denied: d.denied }));
  const total = data.by_day.reduce((n, d) => n + d.allowed + d.denied, 0);
  if (total === 0) return <EmptyState title="No access checks in this range" className="h-56 justify-center" />;
  return (
    <div className="space-y-2">
      <ChartContainer label={`Access checks per day, ${rows.length} days, ${total} checks`} data-testid="chart-checks-by-day">
        <BarChart data={rows} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid vertical={false} />
          <XAxis dataKey="day" tickLine={false} axisLine={false} minTickGap={16} />
          <YAxis allowDecimals={false} tickLine={false} axisLine={false} width={40} />
          <Tooltip content={<ChartTooltipContent />} cursor={{ fillOpacity: 0.5 }} />
          <Bar dataKey="allowed" name="Allowed" stackId="checks" fill={ALLOWED} />
          <Bar dataKey="denied" name="Denied" stackId="checks" fill={DENIED} radius={[3, 3, 0, 0]} />
        </BarChart>
      </ChartContainer>
      <ChartLegend items={[{ label: "Allowed", color: ALLOWED }, { label: "Denied", color: DENIED }]} className="px-2" />
    </div>
  );
}

function FunnelTable({ items }: { items: InsightsItem[] }) {
  if (items.length === 0) {
    return (
      <EmptyState title="No paywall shown and no checkout in this range">
        <p>Each item appears here once a visitor meets its paywall or starts a checkout.</p>
      </EmptyState>
    );
  }
  return (
    <div className="overflow-x-auto">
      <Table>
        <TableHeader>
          <TableRow>
            <TableHead>Item</TableHead>
            <TableHead className="text-right">Paywall shown</TableHead>
            <TableHead className="text-right">Checkout started</TableHead>
            <TableHead className="text-right">Paid</TableHead>
            <TableHead className="text-right">Conversion</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {items.map((i) => (
            <TableRow key={`${i.item_type}/${i.item_id}`} data-testid="insights-funnel-row">
              <TableCell className="max-w-64">
                <span className="block truncate font-medium">{itemName(i)}</span>
                <span className="text-xs text-muted-foreground">{i.item_type === "plan" ? "Plan" : itemTypeLabel(i.item_type)}</span>
              </TableCell>
              <TableCell className="text-right tabular-nums">{count(i.paywall_shown)}</TableCell>
              <TableCell className="text-right tabular-nums">{count(i.checkout_started)}</TableCell>
              <TableCell className="text-right tabular-nums">{count(i.paid)}</TableCell>
              <TableCell className="text-right tabular-nums" title="Paid ÷ paywall shown">
                {percent(i.conversion)}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}

function MostBlocked({ items }: { items: InsightsItem[] }) {
  if (items.length === 0) return <EmptyState title="Nobody was blocked in this range" />;
  const top = items[0].paywall_shown || 1;
  return (
    <ol className="space-y-2" data-testid="insights-most-blocked">
      {items.map((i, n) => (
        <li key={`${i.item_type}/${i.item_id}`} className="space-y-1">
          <div className="flex items-center gap-2 text-sm">
            <span className="w-5 text-right text-muted-foreground tabular-nums">{n + 1}.</span>
            <span className="min-w-0 flex-1 truncate font-medium">{itemName(i)}</span>
            <Badge variant="outline" className="tabular-nums">
              {count(i.paywall_shown)} shown
            </Badge>
          </div>
          <div className="ml-7 h-1.5 rounded-full bg-muted" aria-hidden>
            <div className="h-1.5 rounded-full" style={{ width: `${Math.max(4, (i.paywall_shown / top) * 100)}%`, background: DENIED }} />
          </div>
        </li>
      ))}
    </ol>
  );
}

function Body({ q }: { q: UseQueryResult<Insights> }) {
  if (q.isPending) {
    return (
      <div className="space-y-4">
        <Skeleton className="h-24 w-full" />
        <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
          <Skeleton className="h-64 w-full" />
          <Skeleton className="h-64 w-full" />
        </div>
        <TableSkeleton rows={4} label="Loading the funnel" />
      </div>
    );
  }
  if (q.isError) return <ErrorState error={q.error} what="the insights" onRetry={() => q.refetch()} />;
  const data = q.data;
  return (
    <div className="space-y-4">
      <Kpis data={data} />
      <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
        <PanelCard title="Checks by reason" description="Why each access check was allowed or denied">
          <ChecksByReason data={data} />
        </PanelCard>
        <PanelCard title="Checks per day" description="Allowed and denied, per UTC day">
          <ChecksByDay data={data} />
        </PanelCard>
      </div>
      <div className="grid grid-cols-1 gap-4 lg:grid-cols-3">
        <PanelCard title="Funnel per item" description="Paywall shown → checkout started → paid; conversion is paid ÷ shown" className="lg:col-span-2" testId="insights-funnel">
          <FunnelTable items={data.items} />
        </PanelCard>
        <PanelCard title="Most blocked" description="Items whose paywall was shown most">
          <MostBlocked items={data.most_blocked} />
        </PanelCard>
      </div>
    </div>
  );
}

/** Monetization → Insights: every access check by reason and day, and the funnel from paywall to payment. */
export function InsightsPanel({ platformKey }: { platformKey: string }) {
  const [range, setRange] = useState<DateRange>(() => presetRange("30d"));
  const q = useInsights(platformKey, rangeQuery(range));
  return (
    <div className="space-y-4" data-testid="insights-panel">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <DateRangePicker value={range} onChange={setRange} idPrefix="insights" />
        <p className="max-w-sm text-sm text-muted-foreground">Checks are counted in batches and show up here within a few seconds.</p>
      </div>
      <Body q={q} />
    </div>
  );
}
