"use client";

import { useCallback, useId, useRef, useState, type FormEvent } from "react";
import { useSearchParams } from "next/navigation";
import { HandHeartIcon, HeartIcon } from "lucide-react";
import { cn } from "@/lib/utils";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Field, FieldDescription, FieldError, FieldLabel } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Spinner } from "@/components/ui/spinner";
import { Textarea } from "@/components/ui/textarea";
import { formatMoney } from "@/lib/format/format";
import { currencyExponent } from "@/lib/prices/currencies";
import { AmountError, toMinorUnits } from "@/lib/prices/money";
import { TIP_MESSAGE_MAX, tipBounds, useTip } from "@/lib/queries/tips";
import { useRedirectReset } from "./use-redirect-reset";

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** Quick picks, in the currency's major unit. */
const PRESETS = ["3", "5", "10"];
/** Back from Stripe after a tip: the page says thank you (the query parameter this sets). */
const THANKS_PARAM = "tip";

type Errors = { amount?: string[]; email?: string[]; message?: string[] };

export type TipButtonProps = {
  platformKey: string;
  itemType: string;
  itemId: string;
  /** Whom the tip goes to, in the dialog's words. */
  creatorName: string;
  currency: string;
  /** Signed in, the receipt goes to the account's address; a guest gives an e-mail. */
  signedIn: boolean;
  /** A guest's e-mail typed elsewhere on the page, to prefill the dialog. */
  guestEmail?: string;
  className?: string;
};

/** "Tip the creator": a one-time amount of the buyer's choosing with an optional message; no access changes. */
export function TipButton({ platformKey, itemType, itemId, creatorName, currency, signedIn, guestEmail = "", className }: TipButtonProps) {
  const id = useId();
  const params = useSearchParams();
  const [open, setOpen] = useState(false);
  // the middle quick pick; zero-decimal currencies count whole units (¥500)
  const [amount, setAmount] = useState(() => (currencyExponent(currency) === 0 ? "500" : "5"));
  const [message, setMessage] = useState("");
  const [email, setEmail] = useState("");
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [redirecting, setRedirecting] = useState(false);
  const amountRef = useRef<HTMLInputElement>(null);
  const emailRef = useRef<HTMLInputElement>(null);
  const tip = useTip(platformKey, itemType, itemId);
  const thanked = params.get(THANKS_PARAM) === "thanks";
  const guest = !signedIn;
  const wholeUnits = currencyExponent(currency) === 0;
  const bounds = tipBounds(currency);
  const boundsText = `Choose between ${formatMoney(bounds.min, currency)} and ${formatMoney(bounds.max, currency)}.`;

  useRedirectReset(useCallback(() => setRedirecting(false), []));

  function openDialog(next: boolean) {
    setOpen(next);
    if (next) {
      // a guest who typed an e-mail on the page does not type it twice
      if (guest && !email && guestEmail) setEmail(guestEmail);
      setErrors({});
      setFormError(null);
    }
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    const found: Errors = {};
    try {
      const minor = toMinorUnits(amount, currency);
      if (minor < bounds.min || minor > bounds.max) found.amount = [boundsText];
    } catch (err) {
      found.amount = [err instanceof AmountError ? err.message : "Enter an amount."];
    }
    const address = email.trim();
    if (guest && !EMAIL.test(address)) found.email = [address ? "Enter a valid e-mail address." : "Enter your e-mail address for the receipt."];
    if (message.length > TIP_MESSAGE_MAX) found.message = [`At most ${TIP_MESSAGE_MAX} characters.`];
    setErrors(found);
    setFormError(null);
    if (found.amount) return amountRef.current?.focus();
    if (found.email) return emailRef.current?.focus();
    if (found.message) return;

    setRedirecting(true);
    const here = new URL(window.location.href);
    here.searchParams.delete(THANKS_PARAM);
    const thanks = new URL(here);
    thanks.searchParams.set(THANKS_PARAM, "thanks");
    tip.mutate(
      {
        amount: amount.trim(),
        currency,
        ...(guest ? { email: address } : {}),
        ...(message.trim() ? { message: message.trim() } : {}),
        success_url: thanks.toString(),
        cancel_url: here.toString(),
      },
      {
        onSuccess: (r) => window.location.assign(r.checkout_url),
        onError: (err) => {
          setRedirecting(false);
          const fields: Errors = {
            amount: err.errors.amount ?? (err.code === "amount_out_of_range" ? [err.detail] : undefined),
            email: err.errors.email,
            message: err.errors.message,
          };
          setErrors(fields);
          if (fields.amount?.length) amountRef.current?.focus();
          else if (fields.email?.length) emailRef.current?.focus();
          else setFormError(err.detail);
        },
      },
    );
  }

  const busy = redirecting || tip.isPending;
  const invalid = (k: keyof Errors) => (errors[k]?.length ? true : undefined);

  return (
    <div className={cn("flex flex-col items-center gap-2", className)}>
      {thanked && (
        <p role="status" className="flex items-center gap-1.5 rounded-lg border border-success/30 bg-success/10 px-3 py-2 text-sm">
          <HeartIcon aria-hidden className="size-4 text-success" />
          Thank you for your tip to {creatorName}!
        </p>
      )}
      <Dialog open={open} onOpenChange={openDialog}>
        <DialogTrigger asChild>
          <Button type="button" variant="outline">
            <HandHeartIcon aria-hidden />
            Tip the creator
          </Button>
        </DialogTrigger>
        <DialogContent className="max-sm:top-16 max-sm:max-h-[calc(100dvh-5rem)] max-sm:translate-y-0 max-sm:overflow-y-auto">
          <DialogHeader>
            <DialogTitle>Tip the creator</DialogTitle>
            <DialogDescription>
              Send {creatorName} a one-time tip of any amount. It is paid securely with Stripe and does not change what you have access to.
            </DialogDescription>
          </DialogHeader>
          <form id={`${id}-form`} onSubmit={submit} noValidate className="space-y-4">
            <Field data-invalid={invalid("amount")}>
              <FieldLabel htmlFor={`${id}-amount`}>Tip amount ({currency.toUpperCase()})</FieldLabel>
              <div role="group" aria-label="Suggested amounts" className="flex flex-wrap gap-2">
                {PRESETS.map((preset) => {
                  const value = wholeUnits ? String(Number(preset) * 100) : preset;
                  return (
                    <Button
                      key={preset}
                      type="button"
                      size="sm"
                      variant="outline"
                      aria-pressed={amount.trim() === value}
                      className="aria-pressed:border-primary aria-pressed:bg-primary/10"
                      onClick={() => {
                        setAmount(value);
                        setErrors((x) => ({ ...x, amount: undefined }));
                      }}
                    >
                      {formatMoney(toMinorUnits(value, currency), currency)}
                    </Button>
                  );
                })}
              </div>
              <Input
                ref={amountRef}
                id={`${id}-amount`}
                inputMode="decimal"
                autoComplete="off"
                value={amount}
                aria-invalid={invalid("amount")}
                aria-describedby={`${id}-amount-help`}
                onChange={(e) => {
                  setAmount(e.target.value);
                  setErrors((x) => ({ ...x, amount: undefined }));
                }}
                className="tabular-nums"
              />
              <FieldDescription id={`${id}-amount-help`}>
                From {formatMoney(bounds.min, currency)} to {formatMoney(bounds.max, currency)}
              </FieldDescription>
              <FieldError errors={errors.amount} />
            </Field>
            <Field data-invalid={invalid("message")}>
              <FieldLabel htmlFor={`${id}-message`}>Message (optional)</FieldLabel>
              <Textarea
                id={`${id}-message`}
                value={message}
                rows={3}
                maxLength={TIP_MESSAGE_MAX}
                placeholder="Thanks for the great course!"
                aria-invalid={invalid("message")}
                aria-describedby={`${id}-message-help`}
                onChange={(e) => setMessage(e.target.value)}
              />
              <FieldDescription id={`${id}-message-help`}>
                {message.length}/{TIP_MESSAGE_MAX} characters
              </FieldDescription>
              <FieldError errors={errors.message} />
            </Field>
            {guest && (
              <Field data-invalid={invalid("email")}>
                <FieldLabel htmlFor={`${id}-email`}>Your e-mail for the receipt</FieldLabel>
                <Input
                  ref={emailRef}
                  id={`${id}-email`}
                  type="email"
                  inputMode="email"
                  autoComplete="email"
                  placeholder="you@example.com"
                  value={email}
                  aria-invalid={invalid("email")}
                  onChange={(e) => {
                    setEmail(e.target.value);
                    setErrors((x) => ({ ...x, email: undefined }));
                  }}
                />
                <FieldError errors={errors.email} />
              </Field>
            )}
            {formError && (
              <p role="alert" className="text-sm text-destructive">
                {formError}
              </p>
            )}
          </form>
          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => openDialog(false)} disabled={busy}>
              Cancel
            </Button>
            <Button type="submit" form={`${id}-form`} disabled={busy} aria-busy={busy || undefined} className="bg-brand-gradient text-white hover:opacity-90">
              {busy && <Spinner aria-hidden role="presentation" aria-label={undefined} />}
              {busy ? "Redirecting…" : "Send tip"}
            </Button>
          </DialogFooter>
        </DialogContent>
      </Dialog>
    </div>
  );
}
