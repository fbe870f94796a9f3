"use client";

import { Check, Pencil, Trash2 } from "lucide-react";
import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
  AlertDialogTrigger,
} from "@/components/ui/alert-dialog";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import type { PriceView } from "@/lib/queries/paywalls";
import { cn } from "@/lib/utils";
import { formatAmount, formatPriceWithInterval } from "@/lib/format/format";

type Props = {
  price: PriceView;
  disabled: boolean;
  onEdit: () => void;
  onDelete: () => void;
  /** The only active tier of an enabled paywall: deleting it leaves nothing to buy. */
  lastActive?: boolean;
};

export function PriceTierRow({ price, disabled, onEdit, onDelete, lastActive = false }: Props) {
  return (
    <div className={cn("flex items-start gap-3 rounded-lg border p-4", !price.is_active && "bg-muted/40")} data-testid="price-tier">
      <div className="min-w-0 flex-1 space-y-1">
        <div className="flex flex-wrap items-center gap-2">
          <span className="font-medium">{price.name}</span>
          {price.remark && <Badge variant="info">{price.remark}</Badge>}
          {price.custom_amount && <Badge variant="outline">Pay what you want</Badge>}
          {!price.is_active && <Badge variant="secondary">Inactive</Badge>}
        </div>
        <p className="text-sm">
          {price.custom_amount ? (
            <>
              Buyer chooses {formatAmount(price.custom_amount.minimum, price.currency)}–{formatAmount(price.custom_amount.maximum, price.currency)}
              <span className="text-muted-foreground"> · suggested {formatAmount(price.amount, price.currency)}</span>
            </>
          ) : (
            formatPriceWithInterval(price)
          )}
        </p>
        {price.description && <p className="text-sm text-muted-foreground">{price.description}</p>}
        {price.features.length > 0 && (
          <ul className="grid gap-0.5 pt-1 text-sm text-muted-foreground sm:grid-cols-2">
            {price.features.map((feature) => (
              <li key={feature} className="flex items-start gap-1.5">
                <Check className="mt-0.5 size-3.5 shrink-0 text-success" aria-hidden /> {feature}
              </li>
            ))}
          </ul>
        )}
      </div>
      <div className="flex shrink-0 items-center gap-1">
        <Button type="button" variant="ghost" size="icon-sm" aria-label={`Edit ${price.name}`} disabled={disabled} onClick={onEdit}>
          <Pencil aria-hidden />
        </Button>
        <AlertDialog>
          <AlertDialogTrigger asChild>
            <Button type="button" variant="ghost" size="icon-sm" aria-label={`Delete ${price.name}`} disabled={disabled}>
              <Trash2 aria-hidden />
            </Button>
          </AlertDialogTrigger>
          <AlertDialogContent>
            <AlertDialogHeader>
              <AlertDialogTitle>Delete “{price.name}”?</AlertDialogTitle>
              <AlertDialogDescription>
                Buyers can no longer choose this tier. Current subscribers keep the price they pay; the tier stays in your revenue history.
                {lastActive && (
                  <span className="mt-2 block font-medium text-foreground">
                    This is the last active tier. The paywall stays on, so learners who have not bought the item are locked out with
                    nothing to buy until you add a tier or turn the paywall off.
                  </span>
                )}
              </AlertDialogDescription>
            </AlertDialogHeader>
            <AlertDialogFooter>
              <AlertDialogCancel>Cancel</AlertDialogCancel>
              <AlertDialogAction className="bg-destructive text-white hover:bg-destructive/90" onClick={onDelete}>
                Delete tier
              </AlertDialogAction>
            </AlertDialogFooter>
          </AlertDialogContent>
        </AlertDialog>
      </div>
    </div>
  );
}
