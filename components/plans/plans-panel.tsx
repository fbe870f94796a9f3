"use client";

import { useState } from "react";
import { ChevronDown, Layers, Pencil, Plus, Users } from "lucide-react";
import { toast } from "sonner";
import { cn } from "@/lib/utils";
import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
  AlertDialogTrigger,
} from "@/components/ui/alert-dialog";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { ShareLinkButton } from "@/components/monetization/paywalls/share-link-button";
import { describeError } from "@/components/monetization/paywalls/paywall-utils";
import { formatPriceWithInterval } from "@/lib/format/format";
import { useDeletePlan, usePlans, useUpdatePlan, type Plan } from "@/lib/queries/plans";
import { PlanDialog } from "./plan-dialog";
import { PlanTiers } from "./plan-tiers";
import { EmptyState, LoadError } from "@/components/monetization/shared/list-states";

// Monetization → Plans: bundles of items with their own tiers and share link.

/** Names of the first few items, then how many more. */
function itemsSummary(plan: Plan): string {
  if (plan.covers_all_items) return "All items, present and future";
  const names = plan.items.map((i) => i.name);
  const count = `${names.length} ${names.length === 1 ? "item" : "items"}`;
  if (names.length === 0) return "No items";
  const shown = names.slice(0, 3).join(", ");
  return names.length > 3 ? `${count}: ${shown} and ${names.length - 3} more` : `${count}: ${shown}`;
}

function StatusBadge({ plan }: { plan: Plan }) {
  const activeTiers = plan.prices.filter((p) => p.is_active).length;
  if (!plan.is_enabled) return <Badge variant="secondary">Off sale</Badge>;
  if (activeTiers === 0) return <Badge variant="warning">No tiers</Badge>;
  return <Badge variant="success">On sale</Badge>;
}

function PlanCard({ platformKey, plan, expanded, onToggle, onEdit }: { platformKey: string; plan: Plan; expanded: boolean; onToggle: () => void; onEdit: () => void }) {
  const update = useUpdatePlan(platformKey);
  const stop = useDeletePlan(platformKey);
  const tiers = plan.prices.filter((p) => p.is_active);
  const regionId = `plan-tiers-${plan.id}`;

  function stopSelling() {
    stop.mutate(plan.id, {
      onSuccess: () => toast.success(`${plan.name} is off sale`, { description: "Current buyers keep their access until their subscription ends." }),
      onError: (e) => toast.error(describeError(e).detail),
    });
  }

  function resume() {
    update.mutate(
      { id: plan.id, patch: { is_enabled: true } },
      { onSuccess: () => toast.success(`${plan.name} is on sale again`), onError: (e) => toast.error(describeError(e).detail) },
    );
  }

  return (
    <article aria-labelledby={`plan-name-${plan.id}`} className={cn("rounded-xl border bg-card shadow-sm", !plan.is_enabled && "bg-muted/30")} data-testid="plan-row">
      <div className="flex flex-col gap-3 p-4 sm:flex-row sm:items-start">
        <div className="min-w-0 flex-1 space-y-1.5">
          <div className="flex flex-wrap items-center gap-2">
            <h3 id={`plan-name-${plan.id}`} className="font-medium break-words">
              {plan.name}
            </h3>
            <StatusBadge plan={plan} />
          </div>
          <p className="text-sm text-muted-foreground">{itemsSummary(plan)}</p>
          <p className="text-sm tabular-nums">{tiers.length ? tiers.map((p) => formatPriceWithInterval(p)).join(" · ") : "No active tiers yet"}</p>
          <p className="flex items-center gap-1.5 text-sm text-muted-foreground">
            <Users aria-hidden className="size-3.5" />
            {plan.subscriber_count} {plan.subscriber_count === 1 ? "subscriber" : "subscribers"}
          </p>
        </div>
        <div className="flex shrink-0 flex-wrap items-center gap-1">
          {plan.is_enabled && <ShareLinkButton url={plan.share_url} />}
          <Button type="button" variant="ghost" size="icon" aria-label={`Edit ${plan.name}`} onClick={onEdit}>
            <Pencil aria-hidden />
          </Button>
          <Button type="button" variant="outline" size="sm" aria-expanded={expanded} aria-controls={expanded ? regionId : undefined} onClick={onToggle}>
            Tiers
            <ChevronDown aria-hidden className={cn("transition-transform", expanded && "rotate-180")} />
          </Button>
          {plan.is_enabled ? (
            <AlertDialog>
              <AlertDialogTrigger asChild>
                <Button type="button" variant="ghost" size="sm" className="text-destructive hover:text-destructive" disabled={stop.isPending}>
                  Stop selling
                </Button>
              </AlertDialogTrigger>
              <AlertDialogContent>
                <AlertDialogHeader>
                  <AlertDialogTitle>Stop selling “{plan.name}”?</AlertDialogTitle>
                  <AlertDialogDescription>
                    Nobody can buy the plan any more and its share link stops selling. Its {plan.subscriber_count}{" "}
                    {plan.subscriber_count === 1 ? "buyer keeps" : "buyers keep"} access to its items until their subscription ends. You can put it on sale again later.
                  </AlertDialogDescription>
                </AlertDialogHeader>
                <AlertDialogFooter>
                  <AlertDialogCancel>Keep selling</AlertDialogCancel>
                  <AlertDialogAction className="bg-destructive text-white hover:bg-destructive/90" onClick={stopSelling}>
                    Stop selling
                  </AlertDialogAction>
                </AlertDialogFooter>
              </AlertDialogContent>
            </AlertDialog>
          ) : (
            <Button type="button" variant="ghost" size="sm" onClick={resume} disabled={update.isPending}>
              Put on sale
            </Button>
          )}
        </div>
      </div>
      {expanded && (
        <div id={regionId} role="region" aria-label={`Tiers of ${plan.name}`} className="border-t p-4">
          <PlanTiers platformKey={platformKey} plan={plan} />
        </div>
      )}
    </article>
  );
}

export function PlansPanel({ platformKey }: { platformKey: string }) {
  const plans = usePlans(platformKey);
  // the create dialog ("new"), the plan being edited (its id), or nothing
  const [dialog, setDialog] = useState<string | null>(null);
  const [expanded, setExpanded] = useState<Set<string>>(new Set());
  const editing = dialog && dialog !== "new" ? plans.data?.results.find((p) => p.id === dialog) : undefined;

  const toggle = (id: string) =>
    setExpanded((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <section aria-labelledby="plans-heading" className="space-y-4">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="space-y-1">
          <h2 id="plans-heading" className="text-lg font-semibold">
            Plans
          </h2>
          <p className="max-w-2xl text-sm text-muted-foreground">
            Sell several items together — or every item — with one subscription or payment. Each plan has its own tiers and share link, and
            item pages offer the plans that contain them.
          </p>
        </div>
        <Button type="button" className="bg-brand-gradient text-white" onClick={() => setDialog("new")}>
          <Plus aria-hidden /> New plan
        </Button>
      </div>

      {plans.isPending ? (
        <div className="space-y-3" aria-label="Loading plans">
          <Skeleton className="h-28 rounded-xl" />
          <Skeleton className="h-28 rounded-xl" />
        </div>
      ) : plans.isError ? (
        <LoadError className="rounded-xl" message={`Could not load the plans: ${plans.error.message}`} onRetry={plans.refetch} />
      ) : plans.data.results.length === 0 ? (
        <EmptyState
          icon={Layers}
          className="rounded-xl border-2 p-8"
          title="No plans yet"
          hint="Bundle items into a plan, or make an all-access plan that covers every item."
        />
      ) : (
        <ul className="space-y-3" aria-label="Plans">
          {plans.data.results.map((plan) => (
            <li key={plan.id}>
              <PlanCard platformKey={platformKey} plan={plan} expanded={expanded.has(plan.id)} onToggle={() => toggle(plan.id)} onEdit={() => setDialog(plan.id)} />
            </li>
          ))}
        </ul>
      )}

      <PlanDialog
        platformKey={platformKey}
        plan={editing}
        open={dialog === "new" || Boolean(editing)}
        onOpenChange={(open) => {
          if (!open) setDialog(null);
        }}
        // a new plan needs a tier before anyone can buy it: show its tier editor
        onCreated={(plan) => setExpanded((s) => new Set(s).add(plan.id))}
      />
    </section>
  );
}
