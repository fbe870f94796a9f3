"use client";

import { useState } from "react";
import { toast } from "sonner";
import { Badge } from "@/components/ui/badge";
import { DialogDescription, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Skeleton } from "@/components/ui/skeleton";
import { itemTypeLabel } from "@/lib/platforms/item-types";
import { paywallExists, usePaywall, type ItemKey } from "@/lib/queries/paywalls";
import { ItemDetailsStep } from "./item-details-step";
import { PaywallStatusBadge } from "./paywall-status-badge";
import { PaywallStep } from "./paywall-step";
import { PricingStep } from "./pricing-step";
import { ShareLinkButton } from "./share-link-button";
import { StepIndicator } from "./step-indicator";
import type { WizardStep, WizardTarget } from "./paywall-utils";
import { LoadError } from "@/components/monetization/shared/list-states";

type Props = { platformKey: string; target: WizardTarget; onClose: () => void };

/** Item Details (custom items only) → Paywall → Pricing, rendered inside the section's dialog. */
export function PaywallWizard({ platformKey, target, onClose }: Props) {
  const custom = target.kind !== "catalog";
  const steps: WizardStep[] = custom ? ["item-details", "paywall", "pricing"] : ["paywall", "pricing"];
  // a new custom item has no key until Item Details creates it
  const [itemKey, setItemKey] = useState<ItemKey | null>(
    target.kind === "new-custom" ? null : { platformKey, itemType: target.itemType, itemId: target.itemId },
  );
  const [step, setStep] = useState<WizardStep>(target.kind === "new-custom" ? "item-details" : "paywall");
  const [furthest, setFurthest] = useState(steps.indexOf(step));
  const paywall = usePaywall(itemKey ?? { platformKey, itemType: "", itemId: "" }, { enabled: !!itemKey });
  const config = paywall.data;
  const exists = paywallExists(config);

  function go(next: WizardStep) {
    setStep(next);
    setFurthest((f) => Math.max(f, steps.indexOf(next)));
  }

  // catalog items may jump anywhere; a custom item being created only back to steps already seen
  const canOpen = (s: WizardStep) => !custom || exists || steps.indexOf(s) <= furthest;
  const isDone = (s: WizardStep) =>
    s === "item-details" ? exists : s === "paywall" ? !!config?.is_enabled : (config?.prices.length ?? 0) > 0;

  const name = (exists && config.item_name) || target.name || "New custom item";
  const itemType = itemKey?.itemType;

  function finish() {
    toast.success(`${name} is ready to sell`, { description: exists ? config.share_url : undefined });
    onClose();
  }

  return (
    <div className="space-y-6">
      <DialogHeader className="gap-1 pr-8">
        <div className="flex flex-wrap items-center gap-2">
          <DialogTitle className="truncate">{name}</DialogTitle>
          {itemType && <Badge variant="outline">{itemTypeLabel(itemType)}</Badge>}
          {exists && <PaywallStatusBadge isEnabled={config.is_enabled} activeTiers={config.prices.filter((p) => p.is_active).length} />}
          {exists && <ShareLinkButton url={config.share_url} className="size-8" />}
        </div>
        <DialogDescription>
          {custom ? "Describe the item, set up its paywall, then add pricing tiers." : "Set up the paywall, then add pricing tiers."}
        </DialogDescription>
      </DialogHeader>

      <StepIndicator steps={steps} current={step} canOpen={canOpen} isDone={isDone} onOpen={go} />

      {itemKey && paywall.isPending ? (
        <div className="space-y-3" aria-label="Loading paywall">
          <Skeleton className="h-16" />
          <Skeleton className="h-16" />
          <Skeleton className="h-10 w-40" />
        </div>
      ) : itemKey && paywall.isError ? (
        <LoadError message={`Could not load this paywall: ${paywall.error.message}`} onRetry={paywall.refetch} />
      ) : step === "item-details" ? (
        <ItemDetailsStep
          platformKey={platformKey}
          existing={exists ? config : undefined}
          initialName={target.kind === "new-custom" ? target.name : undefined}
          onSaved={(key) => {
            setItemKey(key);
            go("paywall");
          }}
        />
      ) : itemKey && config && step === "paywall" ? (
        <PaywallStep
          // remount after each save so the form starts from what the server stored
          key={exists ? config.updated_at : "new"}
          itemKey={itemKey}
          config={config}
          onSaved={() => go("pricing")}
          onBack={custom ? () => go("item-details") : undefined}
        />
      ) : itemKey && config ? (
        <PricingStep itemKey={itemKey} config={config} onBack={() => go("paywall")} onFinish={finish} />
      ) : null}
    </div>
  );
}
