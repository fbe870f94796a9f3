import Link from "next/link";
import { ArrowRightIcon, LayersIcon } from "lucide-react";
import { cn } from "@/lib/utils";
import { formatPriceWithInterval } from "@/lib/format/format";
import type { PlanOffer } from "@/lib/queries/plans";

// Plans that contain the item, offered under its own tiers: each links to the plan's buy page.
// No "use client": the server-rendered buy page and the paywall dialog both render it.

/** The plan's cheapest active tier (in the currency of its first tier), or null without one. */
export function cheapestTier(plan: PlanOffer) {
  const active = plan.prices.filter((p) => p.is_active !== false);
  if (!active.length) return null;
  const currency = active[0].currency;
  return active.filter((p) => p.currency === currency).reduce((low, p) => (p.amount_minor < low.amount_minor ? p : low));
}

export function PlanOffers({ plans, className }: { plans: PlanOffer[]; className?: string }) {
  const offered = plans.map((plan) => ({ plan, from: cheapestTier(plan) })).filter((o) => o.from);
  if (!offered.length) return null;
  return (
    <section aria-label="Plans that include this" className={cn("rounded-xl border bg-muted/30 p-4", className)} data-testid="plan-offers">
      <p className="flex items-center gap-1.5 text-sm font-medium">
        <LayersIcon aria-hidden className="size-4 text-primary" />
        Also included in:
      </p>
      <ul className="mt-2 space-y-1.5">
        {offered.map(({ plan, from }) => (
          <li key={plan.id} className="text-sm">
            <Link
              href={`/buy/${encodeURIComponent(plan.id)}`}
              className="group inline-flex flex-wrap items-center gap-x-1.5 rounded-sm font-medium text-primary underline-offset-4 hover:underline focus-visible:ring-[3px] focus-visible:ring-ring/50 focus-visible:outline-none"
            >
              <span>{plan.name}</span>
              <span className="font-normal text-muted-foreground">
                — {plan.covers_all_items ? "every item, " : ""}from <span className="tabular-nums">{formatPriceWithInterval(from!)}</span>
              </span>
              <ArrowRightIcon aria-hidden className="size-3.5 transition-transform group-hover:translate-x-0.5" />
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
