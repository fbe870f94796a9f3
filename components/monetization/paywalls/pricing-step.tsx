"use client";

import { Button } from "@/components/ui/button";
import {
  paywallExists,
  useCreatePrice,
  useDeletePrice,
  usePrices,
  useUpdatePrice,
  type ItemKey,
  type PaywallView,
  type PaywallStub,
} from "@/lib/queries/paywalls";
import { TierList, useTierEditing } from "./tier-list";

type Props = {
  itemKey: ItemKey;
  config: PaywallView | PaywallStub;
  onBack: () => void;
  onFinish: () => void;
};

export function PricingStep({ itemKey, config, onBack, onFinish }: Props) {
  const enabled = paywallExists(config) && config.is_enabled;
  const prices = usePrices(itemKey, { enabled: paywallExists(config) });
  const tiers = useTierEditing(prices, { create: useCreatePrice(itemKey), update: useUpdatePrice(itemKey), remove: useDeletePrice(itemKey) });
  const { activeCount, editing } = tiers;

  return (
    <div className="space-y-4">
      {!enabled && (
        <div role="status" className="rounded-lg border border-warning bg-warning/10 p-4 text-sm">
          <p className="font-medium">Turn the paywall on first</p>
          <p className="text-muted-foreground">Switch on “Paywall Enabled” in the previous step and save; then you can add tiers here.</p>
        </div>
      )}

      {enabled && prices.data && activeCount === 0 && (
        <div role="status" className="rounded-lg border border-warning bg-warning/10 p-4 text-sm" data-testid="live-without-tiers">
          <p className="font-medium">The paywall is on, with nothing to buy</p>
          <p className="text-muted-foreground">Learners who have not bought this item are locked out until you add an active tier.</p>
        </div>
      )}

      <TierList
        tiers={tiers}
        loading={prices.isPending && paywallExists(config)}
        skeletons={2}
        emptyHint="Add a monthly, yearly or one-time tier. Buyers choose between the active ones."
        listLabel="Pricing tiers"
        addDisabled={!enabled}
        lastActive={(price) => enabled && price.is_active && activeCount === 1}
      />

      <div className="flex items-center justify-between gap-2 border-t pt-4">
        <Button type="button" variant="outline" onClick={onBack}>Back</Button>
        <div className="flex items-center gap-3">
          {activeCount === 0 && <span id="finish-help" className="text-sm text-muted-foreground">Add at least one active tier to finish.</span>}
          <Button
            type="button"
            className="bg-brand-gradient text-white"
            disabled={activeCount === 0 || editing !== null}
            aria-describedby={activeCount === 0 ? "finish-help" : undefined}
            onClick={onFinish}
          >
            Finish
          </Button>
        </div>
      </div>
    </div>
  );
}
