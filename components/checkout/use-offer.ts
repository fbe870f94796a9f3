"use client";

import { useState } from "react";
import { toast } from "sonner";
import type { BuyerPrice } from "@/lib/checkout/checkout-schema";
import { decimalToMinor, formatAmount, isRecurringInterval } from "@/lib/format/format";
import { AMOUNT_PATTERN } from "@/lib/prices/money";
import { currencyExponent } from "@/lib/prices/currencies";
import { useDebouncedValue } from "@/lib/hooks/use-debounced-value";
import { ApiRequestError } from "@/lib/queries/fetch-json";
import type { OfferFields } from "@/lib/queries/plans";
import { useQuotes, type Quote, type QuoteRequest } from "@/lib/queries/quote";

// The buyer's side of an offer on one page of tiers: a promotion code checked with the quote
// endpoint for every tier, and the amount chosen on pay-what-you-want tiers. The buy page and
// the paywall dialog share it.

type CustomAmount = NonNullable<BuyerPrice["custom_amount"]>;

// the server has the final say; a malformed address is simply not sent with the quote
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** A pay-what-you-want tier's bounds; null for a fixed price. */
export function customAmountOf(price: BuyerPrice): CustomAmount | null {
  return price.custom_amount ?? null;
}

/** Mirrors the server's checks of a chosen amount; empty when it is fine. */
function amountErrors(value: string, currency: string, bounds: CustomAmount): string[] {
  const v = value.trim();
  if (!v) return ["Enter an amount."];
  if (!AMOUNT_PATTERN.test(v) || (currencyExponent(currency) === 0 && /\.\d*[1-9]/.test(v))) {
    return [currencyExponent(currency) === 0 ? "Enter a whole amount, like 500." : "Enter an amount like 15 or 15.50."];
  }
  const minor = decimalToMinor(v, currency);
  const min = decimalToMinor(bounds.minimum, currency);
  const max = decimalToMinor(bounds.maximum, currency);
  if (minor < min || minor > max) {
    return [`Choose between ${formatAmount(bounds.minimum, currency)} and ${formatAmount(bounds.maximum, currency)}.`];
  }
  return [];
}

export type TierQuote =
  | { status: "none" }
  | { status: "pending" }
  | { status: "ok"; quote: Quote }
  /** the code is fine but not for this tier: it is bought at its list price */
  | { status: "not_applicable"; message: string }
  | { status: "error"; message: string };

/** "20% off" or "$5.00 off". */
export function discountText(quote: Quote): string {
  const p = quote.promotion_code;
  if (p.percent_off !== null && p.percent_off !== undefined && String(p.percent_off) !== "") return `${p.percent_off}% off`;
  if (p.amount_off) return `${formatAmount(p.amount_off, quote.currency)} off`;
  return `${formatAmount(quote.discount, quote.currency)} off`;
}

/** How long the discount lasts, for a tier of `interval`: "for 3 months", "on the first payment", "on every payment". */
export function durationText(quote: Quote, interval: BuyerPrice["interval"]): string | null {
  if (!isRecurringInterval(interval)) return null;
  const p = quote.promotion_code;
  if (p.duration === "forever") return "on every payment";
  if (p.duration === "repeating" && p.duration_in_months) {
    return `for ${p.duration_in_months} ${p.duration_in_months === 1 ? "month" : "months"}`;
  }
  return "on the first payment";
}

function messageOf(e: unknown): string {
  if (e instanceof ApiRequestError) return e.errors.promotion_code?.[0] ?? e.errors.amount?.[0] ?? e.detail;
  return e instanceof Error ? e.message : "Could not check the code.";
}

export type Offer = ReturnType<typeof useOffer>;

export function useOffer(prices: BuyerPrice[], { email }: { email?: string | null } = {}) {
  const [code, setCodeState] = useState("");
  const [applied, setApplied] = useState<{ code: string; email?: string } | null>(null);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [amounts, setAmounts] = useState<Record<string, string>>({});
  const [amountErrorMap, setAmountErrorMap] = useState<Record<string, string[]>>({});
  // quotes follow the amount once typing pauses, not on every keystroke
  const debouncedAmounts = useDebouncedValue(amounts, 400);

  const amountOf = (price: BuyerPrice) => amounts[price.id] ?? price.amount;

  const requests = prices.map((price) => {
    if (!applied) return { priceId: price.id, request: null };
    const bounds = customAmountOf(price);
    const request: QuoteRequest = { promotion_code: applied.code, ...(applied.email ? { email: applied.email } : {}) };
    if (bounds) {
      const amount = (debouncedAmounts[price.id] ?? price.amount).trim();
      if (amountErrors(amount, price.currency, bounds).length) return { priceId: price.id, request: null };
      request.amount = amount;
    }
    return { priceId: price.id, request };
  });
  const results = useQuotes(requests);

  const tierQuotes: Record<string, TierQuote> = {};
  prices.forEach((price, i) => {
    const r = results[i];
    if (!applied || !requests[i].request || !r) tierQuotes[price.id] = { status: "none" };
    else if (r.isPending) tierQuotes[price.id] = { status: "pending" };
    else if (r.isSuccess) tierQuotes[price.id] = { status: "ok", quote: r.data };
    else if (r.error instanceof ApiRequestError && r.error.code === "promotion_code_not_applicable") {
      tierQuotes[price.id] = { status: "not_applicable", message: messageOf(r.error) };
    } else tierQuotes[price.id] = { status: "error", message: messageOf(r.error) };
  });

  const quotes = Object.values(tierQuotes);
  const quoting = quotes.some((q) => q.status === "pending");
  const ok = quotes.filter((q): q is Extract<TierQuote, { status: "ok" }> => q.status === "ok");
  const failures = quotes.filter((q) => q.status === "error" || q.status === "not_applicable") as { message: string; status: string }[];

  // the code itself is refused when no tier takes it; a refusal for some tiers shows on their cards
  const codeError =
    fieldError ??
    (applied && !quoting && ok.length === 0 && failures.length > 0
      ? (failures.find((f) => f.status === "error") ?? failures[0]).message
      : null);

  const first = ok[0]?.quote;
  const summary = !applied
    ? ""
    : quoting
      ? `Checking ${applied.code}…`
      : codeError
        ? codeError
        : first
          ? `Code ${first.promotion_code.code || applied.code} applied: ${discountText(first)}.`
          : "";

  function setCode(value: string) {
    setCodeState(value);
    setFieldError(null);
  }

  function apply() {
    const value = code.trim();
    if (!value) {
      setFieldError("Enter a code, or leave the field empty to pay the full price.");
      return false;
    }
    setFieldError(null);
    // a guest's address lets the quote check "once per customer" and "first purchase only"
    const address = email?.trim();
    setApplied({ code: value, ...(address && EMAIL.test(address) ? { email: address } : {}) });
    return true;
  }

  function remove() {
    setApplied(null);
    setCodeState("");
    setFieldError(null);
  }

  function setAmount(price: BuyerPrice, value: string) {
    setAmounts((a) => ({ ...a, [price.id]: value }));
    setAmountErrorMap((e) => ({ ...e, [price.id]: [] }));
  }

  /**
   * The offer fields for paying `price`, or null when the buyer has something to fix first
   * (an amount out of bounds, a code typed but not checked yet, a quote still running).
   */
  function prepare(price: BuyerPrice): OfferFields | null {
    const fields: OfferFields = {};
    const bounds = customAmountOf(price);
    if (bounds) {
      const amount = amountOf(price).trim();
      const errors = amountErrors(amount, price.currency, bounds);
      if (errors.length) {
        setAmountErrorMap((e) => ({ ...e, [price.id]: errors }));
        return null;
      }
      fields.amount = amount;
    }
    const typed = code.trim();
    if (typed && typed !== applied?.code) {
      // check the code first; the buyer sees the discounted price and pays with the next click
      apply();
      return null;
    }
    const tier = tierQuotes[price.id];
    if (tier?.status === "pending") return null;
    // a refused code is never paid with silently at full price: the buyer removes or changes it
    if (applied && (codeError || tier?.status === "error")) {
      toast.error(codeError ?? (tier?.status === "error" ? tier.message : "Check the code."), { description: "Remove the code to pay the full price, or enter another one." });
      return null;
    }
    if (applied && tier?.status === "ok") fields.promotion_code = applied.code;
    return fields;
  }

  /** Shows a checkout refusal about the code or the amount next to its field; false for any other error. */
  function showServerError(price: BuyerPrice, e: ApiRequestError): boolean {
    if (e.errors.amount?.length || e.code === "amount_out_of_range") {
      setAmountErrorMap((m) => ({ ...m, [price.id]: e.errors.amount?.length ? e.errors.amount : [e.detail] }));
      return true;
    }
    if (e.errors.promotion_code?.length || (e.code ?? "").startsWith("promotion_code_")) {
      setFieldError(e.errors.promotion_code?.[0] ?? e.detail);
      return true;
    }
    return false;
  }

  return {
    code,
    setCode,
    applied: applied?.code ?? null,
    apply,
    remove,
    codeError,
    summary,
    quoting,
    amountOf,
    setAmount,
    amountErrors: (price: BuyerPrice) => amountErrorMap[price.id] ?? [],
    tierQuote: (price: BuyerPrice): TierQuote => tierQuotes[price.id] ?? { status: "none" },
    prepare,
    showServerError,
  };
}
