"use client";

import { useId } from "react";
import { CheckIcon, SparklesIcon, TicketPercentIcon } from "lucide-react";
import { cn } from "@/lib/utils";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Field, FieldDescription, FieldError, FieldLabel } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Spinner } from "@/components/ui/spinner";
import type { PaywallPrice } from "@/lib/queries/access";
import { INTERVAL_CAPTIONS, formatAmount, formatInterval, formatPriceAmount, isRecurringInterval } from "@/lib/format/format";
import { customAmountOf, discountText, durationText, type Offer, type TierQuote } from "./use-offer";

type PriceCardProps = {
  price: PaywallPrice;
  onPay: (price: PaywallPrice) => void;
  /** This tier's checkout is being started. */
  pending?: boolean;
  /** Another tier's checkout is being started, or paying is not possible yet. */
  disabled?: boolean;
  trialPeriodDays?: number;
  buttonClassName?: string;
  /** The page's promotion code and chosen amounts; without it the card sells at list price. */
  offer?: Offer;
};

/** The tier's price, or its discounted total with the list price struck through. */
function PriceAmount({ price, quote, suffix }: { price: PaywallPrice; quote: TierQuote; suffix: string | null }) {
  if (quote.status !== "ok") {
    return (
      <p className="mt-4 flex flex-wrap items-baseline gap-x-1">
        <span className="text-3xl font-semibold tracking-tight tabular-nums">{formatPriceAmount(price)}</span>
        {suffix && <span className="text-sm text-muted-foreground">{suffix}</span>}
      </p>
    );
  }
  const q = quote.quote;
  const duration = durationText(q, price.interval);
  return (
    <div className="mt-4 space-y-1" data-testid="quoted-price">
      <p className="flex flex-wrap items-baseline gap-x-2">
        <span className="sr-only">Regular price </span>
        <s className="text-lg text-muted-foreground tabular-nums">{formatAmount(q.subtotal, q.currency)}</s>
        <span className="sr-only">, with your code </span>
        <span className="text-3xl font-semibold tracking-tight tabular-nums">{formatAmount(q.total, q.currency)}</span>
        {suffix && <span className="text-sm text-muted-foreground">{suffix}</span>}
      </p>
      <p className="inline-flex w-fit items-center gap-1 rounded-full bg-success/10 px-2 py-0.5 text-xs font-medium text-success-foreground">
        <TicketPercentIcon aria-hidden className="size-3" />
        {discountText(q)}
        {duration ? ` ${duration}` : ""} (−{formatAmount(q.discount, q.currency)})
      </p>
    </div>
  );
}

/** A pay-what-you-want tier: the buyer's amount, prefilled with the suggestion, within the bounds. */
function CustomAmountField({ price, offer, disabled }: { price: PaywallPrice; offer: Offer; disabled: boolean }) {
  const id = useId();
  const bounds = customAmountOf(price);
  if (!bounds) return null;
  const errors = offer.amountErrors(price);
  const invalid = errors.length > 0;
  return (
    <Field data-invalid={invalid || undefined} className="mt-4 gap-1.5">
      <FieldLabel htmlFor={`${id}-amount`}>
        Your amount<span className="sr-only"> for {price.name}</span> ({price.currency.toUpperCase()})
      </FieldLabel>
      <Input
        id={`${id}-amount`}
        inputMode="decimal"
        autoComplete="off"
        value={offer.amountOf(price)}
        disabled={disabled}
        aria-invalid={invalid || undefined}
        aria-describedby={`${id}-bounds`}
        onChange={(e) => offer.setAmount(price, e.target.value)}
        className="tabular-nums"
      />
      <FieldDescription id={`${id}-bounds`}>
        Suggested {formatPriceAmount(price)} · from {formatAmount(bounds.minimum, price.currency)} to {formatAmount(bounds.maximum, price.currency)}
      </FieldDescription>
      <FieldError errors={errors} />
    </Field>
  );
}

function QuoteNote({ quote }: { quote: TierQuote }) {
  if (quote.status === "pending") {
    return (
      <p className="mt-2 flex items-center gap-1.5 text-xs text-muted-foreground">
        <Spinner aria-hidden role="presentation" aria-label={undefined} className="size-3" />
        Checking your code…
      </p>
    );
  }
  if (quote.status === "not_applicable") return <p className="mt-2 text-xs text-muted-foreground">{quote.message}</p>;
  return null;
}

export function PriceCard({ price, onPay, pending = false, disabled = false, trialPeriodDays = 0, buttonClassName, offer }: PriceCardProps) {
  const headingId = useId();
  const featured = Boolean(price.remark);
  const suffix = isRecurringInterval(price.interval) ? formatInterval(price.interval) : null;
  const trial = trialPeriodDays > 0 && isRecurringInterval(price.interval);
  const quote: TierQuote = offer?.tierQuote(price) ?? { status: "none" };
  const custom = customAmountOf(price);
  return (
    <article
      aria-labelledby={headingId}
      className={cn(
        "relative flex h-full flex-col rounded-xl border bg-card p-5 text-card-foreground shadow-sm transition-shadow hover:shadow-md",
        featured && "border-primary/60 ring-1 ring-primary/40",
      )}
    >
      <div className="flex min-h-6 items-start justify-between gap-2">
        <h3 id={headingId} className="text-base leading-6 font-semibold">
          {price.name}
        </h3>
        {price.remark && (
          <Badge variant="info" className="shrink-0">
            {price.remark}
          </Badge>
        )}
      </div>
      {price.description && <p className="mt-1 text-sm text-muted-foreground">{price.description}</p>}

      {custom && quote.status !== "ok" ? (
        <p className="mt-4 text-lg font-semibold tracking-tight">Pay what you want</p>
      ) : (
        <PriceAmount price={price} quote={quote} suffix={suffix} />
      )}
      <p className="mt-1 text-xs text-muted-foreground">{INTERVAL_CAPTIONS[price.interval]}</p>
      {offer && custom && <CustomAmountField price={price} offer={offer} disabled={disabled || pending} />}
      <QuoteNote quote={quote} />
      {trial && (
        <p className="mt-2 inline-flex w-fit items-center gap-1 rounded-full bg-success/10 px-2 py-0.5 text-xs font-medium text-success-foreground">
          <SparklesIcon aria-hidden className="size-3" />
          {trialPeriodDays}-day free trial
        </p>
      )}

      {price.features.length > 0 && (
        <ul className="mt-5 space-y-2 text-sm" aria-label={`${price.name} features`}>
          {price.features.map((feature, i) => (
            <li key={`${i}-${feature}`} className="flex items-start gap-2">
              <CheckIcon aria-hidden className="mt-0.5 size-4 shrink-0 text-primary" />
              <span>{feature}</span>
            </li>
          ))}
        </ul>
      )}

      <div className="mt-auto pt-6">
        <Button
          type="button"
          aria-label={`Pay for ${price.name}`}
          aria-busy={pending || undefined}
          disabled={disabled || pending || quote.status === "pending"}
          onClick={() => onPay(price)}
          className={cn("bg-brand-gradient w-full text-white hover:opacity-90", buttonClassName)}
        >
          {pending ? (
            <>
              <Spinner role="presentation" aria-hidden aria-label={undefined} />
              Redirecting…
            </>
          ) : (
            "Pay"
          )}
        </Button>
      </div>
    </article>
  );
}

/** Columns follow the tier count: one card stays narrow, four sit in one row on wide screens. */
export function priceGridColumns(count: number): string {
  if (count <= 1) return "grid-cols-1 max-w-sm mx-auto w-full";
  if (count === 2) return "grid-cols-1 sm:grid-cols-2";
  if (count === 3) return "grid-cols-1 sm:grid-cols-2 lg:grid-cols-3";
  return "grid-cols-1 sm:grid-cols-2 lg:grid-cols-4";
}

type PriceGridProps = Omit<PriceCardProps, "price" | "pending" | "disabled"> & {
  prices: PaywallPrice[];
  /** The tier whose checkout is starting; every Pay button is disabled meanwhile. */
  pendingPriceId?: string | null;
  disabled?: boolean;
  className?: string;
};

export function PriceGrid({ prices, pendingPriceId, disabled, className, ...card }: PriceGridProps) {
  return (
    <ul className={cn("grid gap-4", priceGridColumns(prices.length), className)}>
      {prices.map((price) => (
        <li key={price.id} className="min-w-0">
          <PriceCard
            price={price}
            pending={pendingPriceId === price.id}
            disabled={disabled || Boolean(pendingPriceId)}
            {...card}
          />
        </li>
      ))}
    </ul>
  );
}
