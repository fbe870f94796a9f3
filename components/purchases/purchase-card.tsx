"use client";

import { AlertTriangle, CalendarDays, ChevronRight } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";
import { itemTypeLabel } from "@/lib/platforms/item-types";
import type { MyPurchase } from "@/lib/queries/subscriptions";
import { formatDate } from "@/lib/format/format";
import { planName, priceLabel, purchaseName, statusMeta, termLine } from "./purchase-format";
import { ResumeSubscriptionButton } from "./resume-subscription";

export function PurchaseCard({ subscription: s, onManage }: { subscription: MyPurchase; onManage: () => void }) {
  const name = purchaseName(s);
  const status = statusMeta(s.status);
  const price = priceLabel(s);
  const term = termLine(s);
  const since = formatDate(s.created_at);
  const cancelsOn = s.cancel_at_period_end && s.status !== "canceled" ? formatDate(s.current_period_end) : null;
  const headingId = `purchase-${s.unique_id}`;

  return (
    <li aria-labelledby={headingId} data-testid="purchase-card">
      <Card className="h-full gap-0 py-0">
        <CardContent className="flex h-full flex-col gap-3 p-4">
          <div className="flex items-start justify-between gap-3">
            <div className="min-w-0 space-y-1.5">
              <h3 id={headingId} className="truncate font-medium" title={name}>{name}</h3>
              <p className="truncate text-xs text-muted-foreground">Sold by {s.platform.name}</p>
              <div className="flex flex-wrap items-center gap-1.5">
                <Badge variant="outline">{itemTypeLabel(s.item_type)}</Badge>
                <Badge variant={status.variant}>{status.label}</Badge>
                {s.is_grandfathered && <Badge variant="warning">Legacy</Badge>}
              </div>
            </div>
            <Button type="button" variant="outline" size="sm" aria-label={`Manage ${name}`} onClick={onManage}>
              Manage <ChevronRight aria-hidden />
            </Button>
          </div>

          <p className="text-sm">
            <span className="font-medium">{planName(s)}</span>
            {price && <span className="text-muted-foreground"> · {price}</span>}
          </p>

          <div className="mt-auto flex flex-wrap gap-x-4 gap-y-1 text-xs text-muted-foreground">
            {term && (
              <span className="inline-flex items-center gap-1">
                <CalendarDays className="size-3.5" aria-hidden />
                {term.label} {term.date}
              </span>
            )}
            {since && <span>Since {since}</span>}
          </div>

          {cancelsOn && (
            <div className="flex flex-wrap items-center justify-between gap-2 rounded-md bg-warning/15 px-2 py-1.5">
              <p className="flex items-center gap-1.5 text-xs font-medium text-warning-foreground">
                <AlertTriangle className="size-3.5 shrink-0" aria-hidden />
                Cancels on {cancelsOn}; access continues until then
              </p>
              <ResumeSubscriptionButton purchase={s} size="sm" variant="outline" />
            </div>
          )}
        </CardContent>
      </Card>
    </li>
  );
}
