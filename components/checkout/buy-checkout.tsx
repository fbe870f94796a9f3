"use client";

import dynamic from "next/dynamic";
import Link from "next/link";
import { useCallback, useRef, useState } from "react";
import { ShieldCheckIcon } from "lucide-react";
import { toast } from "sonner";
import { Field, FieldDescription, FieldError, FieldLabel } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import type { PaywallPrice } from "@/lib/queries/access";
import { useCreateCheckout, useGuestCheckout, type CheckoutError } from "@/lib/queries/checkout";
import { usePriceCheckout, type OfferFields, type PlanOffer } from "@/lib/queries/plans";
import { CheckoutErrorAlert } from "./checkout-error-alert";
import { PlanOffers } from "./plan-offers";
import { PriceGrid } from "./price-card";
import { PromotionCodeField } from "./promotion-code-field";
import { useOffer } from "./use-offer";
import { useRedirectReset } from "./use-redirect-reset";

export type BuyCheckoutProps = {
  uniqueId: string;
  platformKey: string;
  itemType: string;
  itemId: string;
  itemName: string;
  prices: PaywallPrice[];
  trialPeriodDays: number;
  /** The signed-in buyer's e-mail; null for a guest. */
  signedInEmail: string | null;
  /** The page sells a plan (a bundle of items), not one item: its tiers are bought by price. */
  isPlan?: boolean;
  /** Plans that contain this item, offered below its own tiers. */
  plans?: PlanOffer[];
  /** The platform takes tips: "Tip the creator" is offered (items only). */
  tipsEnabled?: boolean;
  platformName?: string;
};

// only platforms that take tips show the button: the others never load it (nor its dialog and checks)
const TipButton = dynamic(() => import("./tip-button").then((m) => m.TipButton));

// the server has the final say; this only catches typos before a round trip
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

// what to offer next is decided by the error's `code`, never by its wording
type ErrorState = { message: string; alreadySubscribed: boolean; offerChanged: boolean };

export function BuyCheckout({
  uniqueId,
  platformKey,
  itemType,
  itemId,
  itemName,
  prices,
  trialPeriodDays,
  signedInEmail,
  isPlan = false,
  plans = [],
  tipsEnabled = false,
  platformName,
}: BuyCheckoutProps) {
  const signedIn = Boolean(signedInEmail);
  const [email, setEmail] = useState(signedInEmail ?? "");
  const [emailErrors, setEmailErrors] = useState<string[]>([]);
  const [error, setError] = useState<ErrorState | null>(null);
  const [pendingPriceId, setPendingPriceId] = useState<string | null>(null);
  // set synchronously: a second click that lands before React re-renders the disabled buttons is ignored
  const starting = useRef(false);
  const emailRef = useRef<HTMLInputElement>(null);
  const member = useCreateCheckout(platformKey, itemType, itemId);
  const planMember = usePriceCheckout();
  const guest = useGuestCheckout();
  const offer = useOffer(prices, { email: signedIn ? signedInEmail : email });

  useRedirectReset(
    useCallback(() => {
      starting.current = false;
      setPendingPriceId(null);
    }, []),
  );

  // a plan opens many items: an owner of it finds them under Purchases
  const itemPath = isPlan ? "/profile?tab=purchases" : `/p/${encodeURIComponent(platformKey)}/items/${itemType}/${encodeURIComponent(itemId)}`;
  const openLabel = isPlan ? "Open your purchases" : `Open ${itemName}`;

  function fail(price: PaywallPrice, e: CheckoutError) {
    starting.current = false;
    setPendingPriceId(null);
    // a refused code or amount is shown next to its field, like the quote's answer
    if (offer.showServerError(price, e)) {
      toast.error(e.detail);
      return;
    }
    const fieldErrors = e.errors?.email;
    if (fieldErrors?.length) {
      setEmailErrors(fieldErrors);
      emailRef.current?.focus();
      return;
    }
    setError({ message: e.detail, alreadySubscribed: e.alreadySubscribed, offerChanged: e.offerChanged });
    toast.error(e.detail);
  }

  function pay(price: PaywallPrice) {
    if (starting.current) return;
    setError(null);
    const address = email.trim();
    if (!signedIn && !EMAIL.test(address)) {
      setEmailErrors([address ? "Enter a valid e-mail address." : "Enter your e-mail address to continue."]);
      emailRef.current?.focus();
      return;
    }
    setEmailErrors([]);
    const fields: OfferFields | null = offer.prepare(price);
    if (!fields) return;
    starting.current = true;
    setPendingPriceId(price.id);
    // Cancel on Stripe comes back here; success goes to the thank-you page and then to the
    // destination the seller configured (the item page by default).
    const cancel_url = window.location.href;
    const handlers = { onSuccess: (r: { checkout_url: string }) => window.location.assign(r.checkout_url), onError: (e: CheckoutError) => fail(price, e) };
    const body = { price_id: price.id, cancel_url, ...fields };
    if (!signedIn) guest.mutate({ ...body, email: address }, handlers);
    else if (isPlan) planMember.mutate(body, handlers);
    else member.mutate(body, handlers);
  }

  const signInHref = (callback: string) => `/sign-in?callbackUrl=${encodeURIComponent(callback)}`;

  return (
    <section aria-labelledby="choose-plan" className="space-y-6">
      <div className="flex flex-col gap-6 md:flex-row md:items-start md:justify-between">
        <div className="space-y-1">
          <h2 id="choose-plan" className="text-xl font-semibold tracking-tight">
            Choose your plan
          </h2>
          <p className="text-sm text-muted-foreground">
            {isPlan ? "Pick how you pay for this plan" : `Pick a plan for ${itemName}`} and pay securely with Stripe.
          </p>
        </div>
        <Field data-invalid={emailErrors.length > 0 || undefined} className="md:w-96 md:shrink-0">
          <FieldLabel htmlFor="buyer-email">E-mail</FieldLabel>
          <Input
            ref={emailRef}
            id="buyer-email"
            name="email"
            type="email"
            inputMode="email"
            autoComplete="email"
            placeholder="you@example.com"
            required
            value={email}
            readOnly={signedIn}
            aria-invalid={emailErrors.length > 0 || undefined}
            aria-describedby="buyer-email-help"
            className={signedIn ? "bg-muted text-muted-foreground" : undefined}
            onChange={(e) => {
              setEmail(e.target.value);
              if (emailErrors.length) setEmailErrors([]);
            }}
          />
          <FieldDescription id="buyer-email-help">
            {signedIn ? (
              "You're signed in; the purchase goes to this account."
            ) : (
              <>
                Your receipt goes here.{" "}
                <Link href={signInHref(`/buy/${uniqueId}`)} className="whitespace-nowrap text-primary underline underline-offset-4">
                  Sign in to buy with your account
                </Link>
              </>
            )}
          </FieldDescription>
          <FieldError errors={emailErrors} />
        </Field>
      </div>

      {error && (
        <CheckoutErrorAlert
          message={error.message}
          action={
            error.alreadySubscribed ? (
              <Link
                href={signedIn ? itemPath : signInHref(itemPath)}
                className="font-medium underline underline-offset-4"
              >
                {signedIn ? openLabel : `Sign in with ${email.trim()} to open it`}
              </Link>
            ) : error.offerChanged ? (
              // an empty href is this very page: a reload shows what is on sale now
              <a href="" className="font-medium underline underline-offset-4">
                Reload the page
              </a>
            ) : null
          }
        />
      )}

      <PromotionCodeField offer={offer} disabled={Boolean(pendingPriceId)} />

      <PriceGrid prices={prices} pendingPriceId={pendingPriceId} onPay={pay} trialPeriodDays={trialPeriodDays} offer={offer} />

      {!isPlan && <PlanOffers plans={plans} />}

      <p className="flex items-center justify-center gap-1.5 text-center text-xs text-muted-foreground">
        <ShieldCheckIcon aria-hidden className="size-3.5" />
        Secure payment with Stripe. You will be redirected to complete your purchase.
      </p>

      {tipsEnabled && !isPlan && (
        <TipButton
          platformKey={platformKey}
          itemType={itemType}
          itemId={itemId}
          creatorName={platformName ?? "the creator"}
          currency={prices[0]?.currency ?? "usd"}
          signedIn={signedIn}
          guestEmail={email.trim()}
          className="border-t pt-6"
        />
      )}
    </section>
  );
}
