"use client";

import Link from "next/link";
import { useCallback, useRef, useState, type ReactNode } from "react";
import { ArrowLeftIcon, LockIcon, ShieldCheckIcon } from "lucide-react";
import { toast } from "sonner";
import { cn } from "@/lib/utils";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { itemTypeLabel } from "@/lib/platforms/item-types";
import type { PaywallPrice, PaywallPricing } from "@/lib/queries/access";
import { useCreateCheckout, type CheckoutError } from "@/lib/queries/checkout";
import type { PlanOffer } from "@/lib/queries/plans";
import { CheckoutErrorAlert } from "./checkout-error-alert";
import { PlanOffers } from "./plan-offers";
import { PriceGrid } from "./price-card";
import { PromotionCodeField } from "./promotion-code-field";
import { useOffer } from "./use-offer";
import { useRedirectReset } from "./use-redirect-reset";

export type PaywallModalProps = {
  pricing: PaywallPricing;
  platformKey: string;
  itemId: string;
  itemType: string;
  open: boolean;
  onClose: () => void;
  /** false = hard paywall: no close button, Escape and outside clicks do nothing. */
  closable?: boolean;
  buttonClassName?: string;
  /** Shown on recurring tiers; the access check does not carry it, the page may. */
  trialPeriodDays?: number;
  /** Default for both: the current page, which re-checks access on return. */
  successUrl?: string;
  cancelUrl?: string;
  /** Extra context above the tiers, e.g. why a previous subscription no longer gives access. */
  notice?: ReactNode;
  /** A way out of a hard paywall, which has no close button: where "back" leads. */
  back?: { href: string; label: string };
  /** Plans that contain the item (the access check's `plans`), offered below its tiers. */
  plans?: PlanOffer[];
  /** Below the secure-payment line, e.g. "Tip the creator". */
  footer?: ReactNode;
};

function dialogWidth(count: number) {
  if (count <= 1) return "sm:max-w-md";
  if (count === 2) return "sm:max-w-2xl";
  if (count === 3) return "sm:max-w-2xl lg:max-w-4xl";
  return "sm:max-w-2xl lg:max-w-6xl";
}

// what to offer next is decided by the error's `code`, never by its wording
type ErrorState = { message: string; reload: boolean };

export function PaywallModal({
  pricing,
  platformKey,
  itemId,
  itemType,
  open,
  onClose,
  closable = true,
  buttonClassName,
  trialPeriodDays = 0,
  successUrl,
  cancelUrl,
  notice,
  back,
  plans = [],
  footer,
}: PaywallModalProps) {
  const checkout = useCreateCheckout(platformKey, itemType, itemId);
  const [pendingPriceId, setPendingPriceId] = useState<string | null>(null);
  // set synchronously: a second click that lands before React re-renders the disabled buttons is ignored
  const starting = useRef(false);
  const [error, setError] = useState<ErrorState | null>(null);
  const prices = pricing.prices.filter((p) => p.is_active !== false);
  const offer = useOffer(prices);

  useRedirectReset(
    useCallback(() => {
      starting.current = false;
      setPendingPriceId(null);
    }, []),
  );

  function pay(price: PaywallPrice) {
    if (starting.current) return;
    setError(null);
    const fields = offer.prepare(price);
    if (!fields) return;
    starting.current = true;
    const here = window.location.href;
    setPendingPriceId(price.id);
    const body = { price_id: price.id, success_url: successUrl ?? here, cancel_url: cancelUrl ?? here, ...fields };
    checkout.mutate(
      body,
      {
        // keep the button in "Redirecting…" until the browser has left
        onSuccess: (result) => window.location.assign(result.checkout_url),
        onError: (e: CheckoutError) => {
          starting.current = false;
          setPendingPriceId(null);
          toast.error(e.detail);
          // a refused code or amount is shown next to its field
          if (offer.showServerError(price, e)) return;
          // already owned (re-checks access) or a changed offer (shows the tiers on sale now)
          setError({ message: e.detail, reload: e.alreadySubscribed || e.offerChanged });
        },
      },
    );
  }

  // a hard paywall swallows every way of dismissing it
  const guard = (e: Event) => {
    if (!closable) e.preventDefault();
  };

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        if (!next && closable) onClose();
      }}
    >
      <DialogContent
        showCloseButton={closable}
        onEscapeKeyDown={guard}
        onPointerDownOutside={guard}
        onInteractOutside={guard}
        className={cn(
          "max-h-[calc(100dvh-2rem)] gap-0 overflow-y-auto p-0 [&>[data-slot=dialog-close]]:text-white [&>[data-slot=dialog-close]]:opacity-100",
          // phones: below the top bar (3.5rem) instead of over it, scrolling inside
          "max-sm:top-16 max-sm:max-h-[calc(100dvh-5rem)] max-sm:translate-y-0",
          dialogWidth(prices.length),
        )}
      >
        <div className="bg-brand-gradient rounded-t-lg px-6 py-5 text-white">
          {back && (
            <Link
              href={back.href}
              className="mb-3 inline-flex items-center gap-1.5 rounded-sm text-sm font-medium text-white underline-offset-4 hover:underline"
              data-testid="paywall-back"
            >
              <ArrowLeftIcon aria-hidden className="size-4" />
              {back.label}
            </Link>
          )}
          <DialogHeader className="gap-1.5 text-left">
            <p className="flex items-center gap-1.5 text-xs font-medium tracking-wide text-white uppercase">
              <LockIcon aria-hidden className="size-3.5" />
              {itemTypeLabel(itemType)}
            </p>
            <DialogTitle className="text-xl text-white">Choose your plan</DialogTitle>
            <DialogDescription className="text-white">
              Unlock <span className="font-medium text-white">{pricing.item_name}</span>
            </DialogDescription>
          </DialogHeader>
        </div>

        <div className="space-y-4 p-6">
          {notice}
          {error && (
            <CheckoutErrorAlert
              message={error.message}
              action={
                error.reload ? (
                  // an empty href is this very page: a plain reload re-runs the access check
                  <a href="" className="font-medium underline underline-offset-4">
                    Reload the page
                  </a>
                ) : null
              }
            />
          )}
          {prices.length > 0 ? (
            <>
              <PromotionCodeField offer={offer} disabled={Boolean(pendingPriceId)} />
              <PriceGrid
                prices={prices}
                pendingPriceId={pendingPriceId}
                onPay={pay}
                trialPeriodDays={trialPeriodDays}
                buttonClassName={buttonClassName}
                offer={offer}
              />
            </>
          ) : plans.length > 0 ? (
            <p className="text-sm text-muted-foreground">Available as part of a plan.</p>
          ) : (
            <p className="rounded-lg border border-dashed p-6 text-center text-sm text-muted-foreground">Not available for purchase right now</p>
          )}
          <PlanOffers plans={plans} />
          <p className="flex items-center justify-center gap-1.5 text-center text-xs text-muted-foreground">
            <ShieldCheckIcon aria-hidden className="size-3.5" />
            Secure payment with Stripe. You will be redirected to complete your purchase.
          </p>
          {footer}
        </div>
      </DialogContent>
    </Dialog>
  );
}
