"use client";

import { useState } from "react";
import { Plus, Tags } from "lucide-react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
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
import { PriceForm } from "./price-form";
import { PriceTierRow } from "./price-tier-row";
import { describeError } from "./paywall-utils";

type Props = {
  itemKey: ItemKey;
  config: PaywallView | PaywallStub;
  onBack: () => void;
  onFinish: () => void;
};

export function PricingStep({ itemKey, config, onBack, onFinish }: Props) {
  const enabled = paywallExists(config) && config.is_enabled;
  const prices = usePrices(itemKey, { enabled: paywallExists(config) });
  const create = useCreatePrice(itemKey);
  const update = useUpdatePrice(itemKey);
  const remove = useDeletePrice(itemKey);
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

      {prices.isPending && paywallExists(config) ? (
        <div className="space-y-2" aria-label="Loading tiers">
          <Skeleton className="h-20" />
          <Skeleton className="h-20" />
        </div>
      ) : prices.isError ? (
        <div role="alert" className="flex flex-col items-start gap-2 rounded-lg border p-4 text-sm">
          <p className="text-destructive">Could not load the tiers: {prices.error.message}</p>
          <Button variant="outline" size="sm" onClick={() => prices.refetch()}>Try again</Button>
        </div>
      ) : list.length === 0 && editing !== "new" ? (
        <div className="flex flex-col items-center gap-2 rounded-lg border border-dashed p-6 text-center text-sm text-muted-foreground">
          <Tags className="size-5" aria-hidden />
          <p className="font-medium text-foreground">No pricing tiers yet</p>
          <p>Add a monthly, yearly or one-time tier. Buyers choose between the active ones.</p>
        </div>
      ) : (
        <ul className="space-y-2" aria-label="Pricing tiers">
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
                  onDelete={() => deleteTier(price.id, price.name)}
                  lastActive={enabled && price.is_active && activeCount === 1}
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
        <Button type="button" variant="outline" disabled={!enabled || editing !== null} onClick={() => setEditing("new")}>
          <Plus aria-hidden /> Add tier
        </Button>
      )}

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
