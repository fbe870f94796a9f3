"use client";

import { useId, useRef, useState, type FormEvent } from "react";
import { TicketPercentIcon, XIcon } from "lucide-react";
import { cn } from "@/lib/utils";
import { Button } from "@/components/ui/button";
import { Field, FieldError, FieldLabel } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Spinner } from "@/components/ui/spinner";
import type { Offer } from "./use-offer";

/**
 * "Have a code?": a link that opens the promotion-code field. The code is checked against every
 * tier on Apply (or Enter); the result is announced politely and each tier's card shows its
 * discounted price.
 */
export function PromotionCodeField({ offer, disabled = false, className }: { offer: Offer; disabled?: boolean; className?: string }) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const inputId = `${id}-code`;
  const errorId = `${id}-error`;
  const statusId = `${id}-status`;
  const invalid = Boolean(offer.codeError);
  const shown = open || Boolean(offer.applied);

  function submit(e: FormEvent) {
    // a form of its own: Enter applies the code and never submits anything around it
    e.preventDefault();
    e.stopPropagation();
    if (!offer.apply()) inputRef.current?.focus();
  }

  return (
    <div className={cn("space-y-2", className)}>
      {!shown ? (
        <Button
          type="button"
          variant="link"
          className="h-auto px-0 text-primary"
          onClick={() => {
            setOpen(true);
            // focus once the field is rendered
            requestAnimationFrame(() => inputRef.current?.focus());
          }}
        >
          <TicketPercentIcon aria-hidden />
          Have a code?
        </Button>
      ) : (
        <form onSubmit={submit} noValidate className="max-w-md">
          <Field data-invalid={invalid || undefined}>
            <FieldLabel htmlFor={inputId}>Promotion code</FieldLabel>
            <div className="flex gap-2">
              <Input
                ref={inputRef}
                id={inputId}
                name="promotion_code"
                autoComplete="off"
                autoCapitalize="characters"
                spellCheck={false}
                maxLength={100}
                placeholder="SPRING20"
                value={offer.code}
                disabled={disabled}
                aria-invalid={invalid || undefined}
                aria-describedby={invalid ? errorId : statusId}
                onChange={(e) => offer.setCode(e.target.value)}
                className="uppercase placeholder:normal-case"
              />
              <Button type="submit" variant="outline" disabled={disabled || offer.quoting} aria-busy={offer.quoting || undefined}>
                {offer.quoting && <Spinner aria-hidden role="presentation" aria-label={undefined} />}
                Apply
              </Button>
              {offer.applied && (
                <Button
                  type="button"
                  variant="ghost"
                  size="icon"
                  disabled={disabled}
                  aria-label={`Remove code ${offer.applied}`}
                  onClick={() => {
                    offer.remove();
                    inputRef.current?.focus();
                  }}
                >
                  <XIcon aria-hidden />
                </Button>
              )}
            </div>
            {invalid && <FieldError id={errorId} errors={[offer.codeError]} />}
          </Field>
        </form>
      )}
      {/* always rendered, so screen readers hear each change of the quote */}
      <p id={statusId} aria-live="polite" aria-atomic="true" className={cn("text-sm", invalid ? "sr-only" : "text-success-foreground")} data-testid="promotion-code-status">
        {invalid ? "" : offer.summary}
      </p>
    </div>
  );
}
