"use client";

import { useState } from "react";
import { Plus, Tags } from "lucide-react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import type { PriceInput, PriceUpdate, PriceView } from "@/lib/queries/paywalls";
import { PriceForm } from "./price-form";
import { PriceTierRow } from "./price-tier-row";
import { describeError } from "./paywall-utils";
import { EmptyState, LoadError } from "@/components/monetization/shared/list-states";

// The tiers of an item's paywall and of a plan are edited alike; only their routes (the
// mutations passed in) and the words around the list differ.

type TierQuery = { data?: PriceView[]; isError: boolean; error: Error | null; refetch: () => unknown };

type TierMutations = {
  create: { mutateAsync: (input: PriceInput) => Promise<unknown> };
  update: { mutateAsync: (v: { id: string; input: PriceUpdate }) => Promise<unknown> };
  remove: { isPending: boolean; mutate: (id: string, opts: { onSuccess: () => void; onError: (e: Error) => void }) => void };
};

/** The tier list's state: which form is open ("new", a price id, or nothing) and what is active. */
export function useTierEditing(prices: TierQuery, mutations: TierMutations) {
  // one form open at a time
  const [editing, setEditing] = useState<string | null>(null);
  const list = prices.data ?? [];
  const activeCount = list.filter((p) => p.is_active).length;
  const nextSortOrder = list.length ? Math.max(...list.map((p) => p.sort_order)) + 1 : 0;
  return { prices, ...mutations, editing, setEditing, list, activeCount, nextSortOrder };
}

export type TierEditing = ReturnType<typeof useTierEditing>;

type Props = {
  tiers: TierEditing;
  /** show skeletons (false while there is nothing to load yet) */
  loading: boolean;
  skeletons?: number;
  emptyHint: string;
  listLabel: string;
  addDisabled: boolean;
  addSize?: "sm";
  /** deleting this tier would leave the item without anything to buy */
  lastActive?: (price: PriceView) => boolean;
};

export function TierList({ tiers, loading, skeletons = 1, emptyHint, listLabel, addDisabled, addSize, lastActive }: Props) {
  const { prices, create, update, remove, editing, setEditing, list, nextSortOrder } = tiers;

  function deleteTier(id: string, name: string) {
    remove.mutate(id, {
      onSuccess: () => toast.success(`Deleted ${name}`),
      onError: (e) => toast.error(describeError(e).detail),
    });
  }

  async function save(done: string, run: () => Promise<unknown>) {
    try {
      await run();
      toast.success(done);
      setEditing(null);
    } catch (e) {
      toast.error(describeError(e).detail);
      throw e;
    }
  }

  return (
    <>
      {loading ? (
        <div className="space-y-2" aria-label="Loading tiers">
          {Array.from({ length: skeletons }, (_, i) => (
            <Skeleton key={i} className="h-20" />
          ))}
        </div>
      ) : prices.isError ? (
        <LoadError message={`Could not load the tiers: ${prices.error?.message}`} onRetry={prices.refetch} />
      ) : list.length === 0 && editing !== "new" ? (
        <EmptyState icon={Tags} className="rounded-lg border p-6" title="No pricing tiers yet" hint={emptyHint} />
      ) : (
        <ul className="space-y-2" aria-label={listLabel}>
          {list.map((price) => (
            <li key={price.id}>
              {editing === price.id ? (
                <PriceForm
                  initial={price}
                  defaultSortOrder={price.sort_order}
                  onCancel={() => setEditing(null)}
                  onSubmit={(input) => save(`Saved ${input.name}`, () => update.mutateAsync({ id: price.id, input }))}
                />
              ) : (
                <PriceTierRow
                  price={price}
                  disabled={editing !== null || remove.isPending}
                  onEdit={() => setEditing(price.id)}
                  onDelete={() => deleteTier(price.id, price.name)}
                  lastActive={lastActive?.(price)}
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
          onSubmit={(input) => save(`Added ${input.name}`, () => create.mutateAsync(input))}
        />
      ) : (
        <Button type="button" variant="outline" size={addSize} disabled={addDisabled || editing !== null} onClick={() => setEditing("new")}>
          <Plus aria-hidden /> Add tier
        </Button>
      )}
    </>
  );
}
