"use client";

import type { ReactNode } from "react";
import Link from "next/link";
import { AlertTriangle, ArrowUpRight, CheckCircle2 } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Separator } from "@/components/ui/separator";
import { itemTypeLabel } from "@/lib/platforms/item-types";
import type { MyPurchase, Subscription } from "@/lib/queries/subscriptions";
import { CancelSubscription } from "./cancel-subscription";
import { formatDate } from "@/lib/format/format";
import { canCancel, cancelNoun, canResume, itemPagePath, planName, priceLabel, purchaseName, statusMeta, termLine } from "./purchase-format";
import { ResumeSubscriptionButton } from "./resume-subscription";

type Props = {
  subscription: MyPurchase | null;
  /** Set once this dialog canceled the purchase: shows the confirmation instead of the cancel area. */
  justCanceled: boolean;
  onCanceled: (updated: Subscription) => void;
  onResumed: (updated: Subscription) => void;
  onClose: () => void;
};

export function PurchaseDetail({ subscription: s, justCanceled, onCanceled, onResumed, onClose }: Props) {
  return (
    <Dialog open={s !== null} onOpenChange={(open) => !open && onClose()}>
      <DialogContent className="max-h-[90vh] overflow-y-auto sm:max-w-lg">
        {s && <DetailBody s={s} justCanceled={justCanceled} onCanceled={onCanceled} onResumed={onResumed} onClose={onClose} />}
      </DialogContent>
    </Dialog>
  );
}

const CANCELED_COPY = {
  subscription: { title: "Subscription canceled — access has ended", body: "You can buy this item again from its page at any time." },
  purchase: {
    title: "Purchase canceled — access has ended",
    body: "No refund was made automatically. To ask for one, contact the seller. You can buy this item again from its page at any time.",
  },
  access: { title: "Access ended", body: "You can buy this item from its page at any time." },
} as const;

function DetailBody({ s, justCanceled, onCanceled, onResumed, onClose }: Omit<Props, "subscription"> & { s: MyPurchase }) {
  const platformKey = s.platform.key;
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
        <Row label="Sold by">{s.platform.name}</Row>
        {trialEnds && <Row label="Trial ends">{trialEnds}</Row>}
        {term && term.label !== "Trial ends" && <Row label={term.label}>{term.date}</Row>}
        <Row label="Since">{formatDate(s.created_at) ?? "—"}</Row>
        {s.is_grandfathered && (
          <Row label="Access">Legacy access granted before this item was paywalled</Row>
        )}
      </dl>

      <Button asChild variant="outline" size="sm" className="self-start">
        <Link href={itemPagePath(platformKey, s)}>
          Open {name} <ArrowUpRight aria-hidden />
        </Link>
      </Button>

      {cancelsOn && (
        <div className="space-y-2 rounded-md bg-warning/15 px-3 py-2">
          <p className="flex items-center gap-1.5 text-sm font-medium text-warning-foreground">
            <AlertTriangle className="size-4 shrink-0" aria-hidden />
            Cancels on {cancelsOn} — access continues until then.
          </p>
          {canResume(s) && (
            <div className="flex flex-wrap items-center gap-2 text-sm">
              <ResumeSubscriptionButton purchase={s} size="sm" onResumed={onResumed} />
              <span className="text-muted-foreground">Changed your mind? Resume to keep renewing.</span>
            </div>
          )}
        </div>
      )}

      {justCanceled ? (
        <>
          <Separator />
          <div role="status" className="flex items-start gap-3 rounded-lg border border-success/40 bg-success/10 p-4 text-sm">
            <CheckCircle2 className="mt-0.5 size-5 shrink-0 text-success" aria-hidden />
            <div>
              <p className="font-medium">{CANCELED_COPY[cancelNoun(s)].title}</p>
              <p className="text-muted-foreground">{CANCELED_COPY[cancelNoun(s)].body}</p>
            </div>
          </div>
        </>
      ) : (
        canCancel(s) && (
          <>
            <Separator />
            <CancelSubscription platformKey={platformKey} sellerName={s.platform.name} subscription={s} onCanceled={onCanceled} onStale={onClose} />
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
