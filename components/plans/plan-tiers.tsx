"use client";

import { TierList, useTierEditing } from "@/components/monetization/paywalls/tier-list";
import { useCreatePlanPrice, useDeletePlanPrice, usePlanPrices, useUpdatePlanPrice, type Plan } from "@/lib/queries/plans";

// A plan's tiers, edited with the same form and rows as an item's paywall tiers; only the
// routes differ (…/plans/{id}/prices/).

export function PlanTiers({ platformKey, plan }: { platformKey: string; plan: Plan }) {
  const prices = usePlanPrices(platformKey, plan.id);
  const tiers = useTierEditing(prices, {
    create: useCreatePlanPrice(platformKey, plan.id),
    update: useUpdatePlanPrice(platformKey, plan.id),
    remove: useDeletePlanPrice(platformKey, plan.id),
  });

  return (
    <div className="space-y-3">
      {!plan.is_enabled && (
        <p role="status" className="rounded-lg border border-warning bg-warning/10 p-3 text-sm">
          This plan is off sale. Put it on sale again to add tiers.
        </p>
      )}
      {plan.is_enabled && prices.data && tiers.activeCount === 0 && (
        <p role="status" className="rounded-lg border border-warning bg-warning/10 p-3 text-sm" data-testid="plan-without-tiers">
          Nobody can buy this plan until it has an active tier.
        </p>
      )}

      {/* its "last tier" warning is about locking learners out of an item; a plan without tiers locks nobody out */}
      <TierList
        tiers={tiers}
        loading={prices.isPending}
        emptyHint="Add a monthly, yearly or one-time tier for the plan."
        listLabel={`Tiers of ${plan.name}`}
        addDisabled={!plan.is_enabled}
        addSize="sm"
      />
    </div>
  );
}
