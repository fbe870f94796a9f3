"use client";

import { useState } from "react";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Dialog, DialogContent } from "@/components/ui/dialog";
import { isCustomType, type WizardTarget } from "./paywall-utils";
import { ConfiguredItemsList } from "./configured-items-list";
import { ItemSearch } from "./item-search";
import { PaywallWizard } from "./paywall-wizard";

/** Item search + configured items; picking either opens the setup wizard in a dialog. */
export function PaywallsSection({ platformKey }: { platformKey: string }) {
  const [target, setTarget] = useState<WizardTarget | null>(null);
  // a fresh wizard for every opening, even of the same item
  const [session, setSession] = useState(0);

  function open(next: WizardTarget) {
    setTarget(next);
    setSession((s) => s + 1);
  }

  return (
    <Card data-testid="paywalls-section">
      <CardHeader>
        <CardTitle>Paywalls</CardTitle>
        <CardDescription>Pick an item to sell, or add a custom one, then set its paywall and pricing tiers.</CardDescription>
      </CardHeader>
      <CardContent className="space-y-6">
        <ItemSearch
          platformKey={platformKey}
          onSelect={(item) => open({ kind: "catalog", itemType: item.item_type, itemId: item.item_id, name: item.name })}
          onAddCustom={(name) => open({ kind: "new-custom", name: name ?? "" })}
        />
        <ConfiguredItemsList
          platformKey={platformKey}
          onOpen={(item) =>
            open({
              kind: isCustomType(item.item_type) ? "custom" : "catalog",
              itemType: item.item_type,
              itemId: item.item_id,
              name: item.item_name || item.item_id,
            })
          }
        />
      </CardContent>
      <Dialog open={!!target} onOpenChange={(o) => !o && setTarget(null)}>
        <DialogContent className="max-h-[90dvh] overflow-y-auto sm:max-w-3xl">
          {target && <PaywallWizard key={session} platformKey={platformKey} target={target} onClose={() => setTarget(null)} />}
        </DialogContent>
      </Dialog>
    </Card>
  );
}
