"use client";

import type { ReactNode } from "react";
import type { UseQueryResult } from "@tanstack/react-query";
import { Card, CardContent } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { formatAmount, LOCALE } from "@/lib/format/format";
import type { Metrics, Revenue } from "@/lib/queries/revenue";
import { cn } from "@/lib/utils";
import { ErrorState } from "./states";

type Kpi = { id: string; label: string; value: ReactNode; note?: ReactNode; tone?: "negative" };

const count = (n: number) => n.toLocaleString(LOCALE);

/** Revenue, sales, MRR, active subscribers, refunds, tips and discounts of the range, in the chosen currency. */
export function KpiCards({ revenue, metrics }: { revenue: UseQueryResult<Revenue>; metrics: UseQueryResult<Metrics> }) {
  const r = revenue.data;
  const m = metrics.data;
  const revenueKpis: Kpi[] = r
    ? [
        {
          id: "revenue",
          label: "Revenue (net)",
          value: formatAmount(r.net, r.currency),
          note: `${formatAmount(r.gross, r.currency)} gross · ${formatAmount(r.fees, r.currency)} commission`,
        },
        {
          id: "sales",
          label: "Sales",
          value: count(r.sales_count),
          note: Number(r.discounts) > 0 ? `Charges in the range · ${formatAmount(r.discounts, r.currency)} discounts` : "Charges in the range",
        },
      ]
    : [];
  const metricKpis: Kpi[] = m
    ? [
        { id: "mrr", label: "MRR", value: formatAmount(m.mrr, m.currency), note: "Monthly recurring revenue now" },
        {
          id: "active-subscribers",
          label: "Active subscribers",
          value: count(m.active_subscribers),
          note: `${count(m.trialing_subscribers)} trialing · ${count(m.past_due_subscribers)} past due`,
        },
      ]
    : [];
  const refundKpi: Kpi[] = r
    ? [
        {
          id: "refunds",
          label: "Refunds",
          value: formatAmount(r.refunds, r.currency),
          note: `${formatAmount(r.disputes, r.currency)} disputes`,
          tone: Number(r.refunds) < 0 ? "negative" : undefined,
        },
        {
          id: "tips-discounts",
          label: "Tips",
          value: formatAmount(r.tips, r.currency),
          note: `${formatAmount(r.discounts, r.currency)} given in discounts`,
        },
      ]
    : [];

  return (
    <div className="space-y-3">
      <ul
        aria-label="Key figures"
        aria-busy={revenue.isFetching || metrics.isFetching}
        className={cn("grid grid-cols-2 gap-3 lg:grid-cols-6", (revenue.isPlaceholderData || metrics.isPlaceholderData) && "opacity-60")}
      >
        {revenue.isPending ? <KpiSkeletons n={2} /> : revenueKpis.map((k) => <KpiCard key={k.id} kpi={k} />)}
        {metrics.isPending ? <KpiSkeletons n={2} /> : metricKpis.map((k) => <KpiCard key={k.id} kpi={k} />)}
        {revenue.isPending ? <KpiSkeletons n={2} /> : refundKpi.map((k) => <KpiCard key={k.id} kpi={k} />)}
      </ul>
      {revenue.isError && <ErrorState error={revenue.error} what="the revenue" onRetry={() => revenue.refetch()} />}
      {metrics.isError && <ErrorState error={metrics.error} what="the subscription metrics" onRetry={() => metrics.refetch()} />}
    </div>
  );
}

function KpiCard({ kpi }: { kpi: Kpi }) {
  return (
    <li>
      <Card className="h-full gap-1 py-4" data-testid={`kpi-${kpi.id}`}>
        <CardContent className="space-y-1 px-4">
          <p className="text-xs font-medium text-muted-foreground">{kpi.label}</p>
          <p data-testid="kpi-value" className={cn("truncate text-xl font-semibold tabular-nums sm:text-2xl", kpi.tone === "negative" && "text-destructive")}>
            {kpi.value}
          </p>
          {kpi.note && <p className="text-xs text-muted-foreground">{kpi.note}</p>}
        </CardContent>
      </Card>
    </li>
  );
}

function KpiSkeletons({ n }: { n: number }) {
  return (
    <>
      {Array.from({ length: n }, (_, i) => (
        <li key={i} aria-hidden>
          <Skeleton className="h-[6.5rem] rounded-xl" />
        </li>
      ))}
    </>
  );
}
