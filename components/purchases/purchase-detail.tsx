"use client";

import type { ReactNode } from "react";
import { AlertTriangle, CheckCircle2 } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Separator } from "@/components/ui/separator";
import { itemTypeLabel } from "@/lib/platforms/item-types";
import type { Subscription } from "@/lib/queries/subscriptions";
import { CancelSubscription } from "./cancel-subscription";
import { formatDate } from "@/lib/format/format";
import { canCancel, planName, priceLabel, purchaseName, statusMeta, termLine } from "./purchase-format";

type Props = {
  platformKey: string;
  subscription: Subscription | null;
  /** Set once this dialog canceled the purchase: shows the confirmation instead of the cancel area. */
  justCanceled: boolean;
  onCanceled: (updated: Subscription) => void;
  onClose: () => void;
};

export function PurchaseDetail({ platformKey, subscription: s, justCanceled, onCanceled, onClose }: Props) {
  return (
    <Dialog open={s !== null} onOpenChange={(open) => !open && onClose()}>
      <DialogContent className="max-h-[90vh] overflow-y-auto sm:max-w-lg">
        {s && <DetailBody platformKey={platformKey} s={s} justCanceled={justCanceled} onCanceled={onCanceled} onClose={onClose} />}
      </DialogContent>
    </Dialog>
  );
}

function DetailBody({ platformKey, s, justCanceled, onCanceled, onClose }: Omit<Props, "subscription"> & { s: Subscription }) {
  const name = purchaseName(s);
  const status = statusMeta(s.status);
  const price = priceLabel(s);
  const term = termLine(s);
  const cancelsOn = s.cancel_at_period_end && s.status !== "canceled" ? formatDate(s.current_period_end) : null;
  const trialEnds = s.status === "trialing" ? formatDate(s.trial_end) : null;

  return (
    <>
      <DialogHeader>
        <DialogTitle className="pr-6">{name}</DialogTitle>
        <DialogDescription>
          {itemTypeLabel(s.item_type)}
          {s.item_name && <span className="font-mono text-xs"> · {s.item_id}</span>}
        </DialogDescription>
      </DialogHeader>

      <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-2.5 text-sm">
        <Row label="Status">
          <span className="flex flex-wrap gap-1.5">
            <Badge variant={status.variant}>{status.label}</Badge>
            {s.is_grandfathered && <Badge variant="warning">Legacy</Badge>}
          </span>
        </Row>
        <Row label="Plan">
          {planName(s)}
          {price && <span className="text-muted-foreground"> · {price}</span>}
        </Row>
        <Row label="Type">{itemTypeLabel(s.item_type)}</Row>
        {trialEnds && <Row label="Trial ends">{trialEnds}</Row>}
        {term && term.label !== "Trial ends" && <Row label={term.label}>{term.date}</Row>}
        <Row label="Since">{formatDate(s.created_at) ?? "—"}</Row>
        {s.is_grandfathered && (
          <Row label="Access">Legacy access granted before this item was paywalled</Row>
        )}
      </dl>

      {cancelsOn && (
        <p className="flex items-center gap-1.5 rounded-md bg-warning/15 px-3 py-2 text-sm font-medium text-warning-foreground">
          <AlertTriangle className="size-4 shrink-0" aria-hidden />
          Cancels on {cancelsOn} — access continues until then.
        </p>
      )}

      {justCanceled ? (
        <>
          <Separator />
          <div role="status" className="flex items-start gap-3 rounded-lg border border-success/40 bg-success/10 p-4 text-sm">
            <CheckCircle2 className="mt-0.5 size-5 shrink-0 text-success" aria-hidden />
            <div>
              <p className="font-medium">Subscription canceled — access has been revoked</p>
              <p className="text-muted-foreground">You can buy this item again from its page at any time.</p>
            </div>
          </div>
        </>
      ) : (
        canCancel(s) && (
          <>
            <Separator />
            <CancelSubscription platformKey={platformKey} subscription={s} onCanceled={onCanceled} onStale={onClose} />
          </>
        )
      )}
    </>
  );
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt className="text-muted-foreground">{label}</dt>
      <dd className="min-w-0">{children}</dd>
    </>
  );
}
