"use client";

import { useState } from "react";
import { Plus, Tags } from "lucide-react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { PriceForm } from "@/components/monetization/paywalls/price-form";
import { PriceTierRow } from "@/components/monetization/paywalls/price-tier-row";
import { describeError } from "@/components/monetization/paywalls/paywall-utils";
import { useCreatePlanPrice, useDeletePlanPrice, usePlanPrices, useUpdatePlanPrice, type Plan } from "@/lib/queries/plans";

// A plan's tiers, edited with the same form and rows as an item's paywall tiers; only the
// routes differ (…/plans/{id}/prices/).

export function PlanTiers({ platformKey, plan }: { platformKey: string; plan: Plan }) {
  const prices = usePlanPrices(platformKey, plan.id);
  const create = useCreatePlanPrice(platformKey, plan.id);
  const update = useUpdatePlanPrice(platformKey, plan.id);
  const remove = useDeletePlanPrice(platformKey, plan.id);
  // "new", a price id, or nothing: one form open at a time
  const [editing, setEditing] = useState<string | null>(null);

  const list = prices.data ?? [];
  const activeCount = list.filter((p) => p.is_active).length;
  const nextSortOrder = list.length ? Math.max(...list.map((p) => p.sort_order)) + 1 : 0;

  function deleteTier(id: string, name: string) {
    remove.mutate(id, {
      onSuccess: () => toast.success(`Deleted ${name}`),
      onError: (e) => toast.error(describeError(e).detail),
    });
  }

  return (
    <div className="space-y-3">
      {!plan.is_enabled && (
        <p role="status" className="rounded-lg border border-warning bg-warning/10 p-3 text-sm">
          This plan is off sale. Put it on sale again to add tiers.
        </p>
      )}
      {plan.is_enabled && prices.data && activeCount === 0 && (
        <p role="status" className="rounded-lg border border-warning bg-warning/10 p-3 text-sm" data-testid="plan-without-tiers">
          Nobody can buy this plan until it has an active tier.
        </p>
      )}

      {prices.isPending ? (
        <div className="space-y-2" aria-label="Loading tiers">
          <Skeleton className="h-20" />
        </div>
      ) : prices.isError ? (
        <div role="alert" className="flex flex-col items-start gap-2 rounded-lg border p-4 text-sm">
          <p className="text-destructive">Could not load the tiers: {prices.error.message}</p>
          <Button variant="outline" size="sm" onClick={() => prices.refetch()}>
            Try again
          </Button>
        </div>
      ) : list.length === 0 && editing !== "new" ? (
        <div className="flex flex-col items-center gap-2 rounded-lg border border-dashed p-6 text-center text-sm text-muted-foreground">
          <Tags className="size-5" aria-hidden />
          <p className="font-medium text-foreground">No pricing tiers yet</p>
          <p>Add a monthly, yearly or one-time tier for the plan.</p>
        </div>
      ) : (
        <ul className="space-y-2" aria-label={`Tiers of ${plan.name}`}>
          {list.map((price) => (
            <li key={price.id}>
              {editing === price.id ? (
                <PriceForm
                  initial={price}
                  defaultSortOrder={price.sort_order}
                  onCancel={() => setEditing(null)}
                  onSubmit={async (input) => {
                    try {
                      await update.mutateAsync({ id: price.id, input });
                      toast.success(`Saved ${input.name}`);
                      setEditing(null);
                    } catch (e) {
                      toast.error(describeError(e).detail);
                      throw e;
                    }
                  }}
                />
              ) : (
                <PriceTierRow
                  price={price}
                  disabled={editing !== null || remove.isPending}
                  onEdit={() => setEditing(price.id)}
                  // its "last tier" warning is about locking learners out of an item; a plan without tiers locks nobody out
                  onDelete={() => deleteTier(price.id, price.name)}
                />
              )}
            </li>
          ))}
        </ul>
      )}

      {editing === "new" ? (
        <PriceForm
          defaultSortOrder={nextSortOrder}
          onCancel={() => setEditing(null)}
          onSubmit={async (input) => {
            try {
              await create.mutateAsync(input);
              toast.success(`Added ${input.name}`);
              setEditing(null);
            } catch (e) {
              toast.error(describeError(e).detail);
              throw e;
            }
          }}
        />
      ) : (
        <Button type="button" variant="outline" size="sm" disabled={!plan.is_enabled || editing !== null} onClick={() => setEditing("new")}>
          <Plus aria-hidden /> Add tier
        </Button>
      )}
    </div>
  );
}
