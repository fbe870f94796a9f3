"use client";

import { useState, type FormEvent } from "react";
import { AlertTriangle } from "lucide-react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Field, FieldDescription, FieldError, FieldLabel } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import { Spinner } from "@/components/ui/spinner";
import { Textarea } from "@/components/ui/textarea";
import { decimalToMinor, formatAmount, formatDateTime } from "@/lib/format/format";
import { AmountError, fromMinorUnits, toMinorUnits } from "@/lib/prices/money";
import { ApiRequestError } from "@/lib/queries/fetch-json";
import { useChargeRefunds, type LedgerRow } from "@/lib/queries/ledger";
import { REFUND_REASON_MAX, useRefund } from "@/lib/queries/refunds";

type Step = "form" | "confirm";

/** What is left to refund on the charge, in minor units: its amount less the refund rows so far. */
function remainingMinor(charge: LedgerRow, refunds: LedgerRow[]): number {
  const refunded = refunds.reduce((sum, r) => sum + decimalToMinor(r.amount, r.currency), 0);
  return Math.max(0, decimalToMinor(charge.amount, charge.currency) + refunded);
}

/**
 * Refund (part of) a charge: amount prefilled with what is left, a reason, then a confirmation.
 * The ledger's negative row arrives with Stripe's charge.refunded, so success says "requested".
 */
export function RefundDialog({ platformKey, charge, onClose }: { platformKey: string; charge: LedgerRow; onClose: () => void }) {
  const refunds = useChargeRefunds(platformKey, charge, true);
  const refund = useRefund(platformKey);
  const [step, setStep] = useState<Step>("form");
  const [amount, setAmount] = useState<string | null>(null);
  const [reason, setReason] = useState("");
  const [serverError, setServerError] = useState<{ field?: "amount" | "reason"; message: string } | null>(null);
  // one key per opened form: a double submit or a retry after a timeout refunds once
  const [idempotencyKey] = useState(() =>
    // randomUUID exists only in secure contexts (HTTPS, localhost)
    typeof crypto.randomUUID === "function" ? crypto.randomUUID() : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`,
  );

  const left = refunds.data ? remainingMinor(charge, refunds.data) : decimalToMinor(charge.amount, charge.currency);
  const value = amount ?? fromMinorUnits(left, charge.currency);
  const amountProblem = checkAmount(value, charge.currency, left);
  const reasonProblem = reason.trim() ? (reason.length > REFUND_REASON_MAX ? `At most ${REFUND_REASON_MAX} characters.` : null) : "A reason is required.";
  const [touched, setTouched] = useState(false);
  const money = amountProblem ? value : formatAmount(value, charge.currency);

  function next(e: FormEvent) {
    e.preventDefault();
    setTouched(true);
    if (!amountProblem && !reasonProblem) {
      setServerError(null);
      setStep("confirm");
    }
  }

  function submit() {
    refund.mutate(
      { ledger_entry_id: charge.id, amount: value.trim(), reason: reason.trim(), idempotency_key: idempotencyKey },
      {
        onSuccess: () => {
          toast.success("Refund requested — the ledger updates when Stripe confirms");
          onClose();
        },
        onError: (error) => {
          const e = error instanceof ApiRequestError ? error : null;
          if (e?.code === "validation_error") {
            const field = e.errors.amount ? "amount" : e.errors.reason ? "reason" : undefined;
            setServerError({ field, message: (field && e.errors[field]?.[0]) || e.detail });
            setStep("form");
          } else if (e?.code === "refund_exceeds_charge") {
            setServerError({ field: "amount", message: e.detail });
            setStep("form");
            void refunds.refetch();
          } else {
            // stripe_unavailable, refund_in_progress, not_refundable…: the detail says what to do
            setServerError({ message: e?.detail ?? "The server could not be reached. Try again." });
          }
        },
      },
    );
  }

  return (
    <Dialog open onOpenChange={(open) => !open && !refund.isPending && onClose()}>
      <DialogContent aria-describedby="refund-description">
        <DialogHeader>
          <DialogTitle>{step === "form" ? "Refund a charge" : "Confirm the refund"}</DialogTitle>
          <DialogDescription id="refund-description">
            {formatAmount(charge.amount, charge.currency)} charged {formatDateTime(charge.occurred_at)}
            {charge.item_id ? ` for ${charge.item_id}` : ""} · <span className="font-mono text-xs">{charge.stripe_charge_id}</span>
          </DialogDescription>
        </DialogHeader>

        {step === "form" ? (
          <form id="refund-form" onSubmit={next} className="space-y-4" noValidate>
            <Field data-invalid={(touched && !!amountProblem) || serverError?.field === "amount"}>
              <FieldLabel htmlFor="refund-amount">Amount ({charge.currency.toUpperCase()})</FieldLabel>
              {refunds.isPending && !!charge.stripe_charge_id ? (
                <Skeleton className="h-9 w-full" />
              ) : (
                <Input
                  id="refund-amount"
                  inputMode="decimal"
                  value={value}
                  aria-invalid={(touched && !!amountProblem) || serverError?.field === "amount"}
                  onChange={(e) => {
                    setAmount(e.target.value);
                    setServerError(null);
                  }}
                />
              )}
              <FieldDescription>
                {refunds.isError
                  ? "Could not read earlier refunds; Stripe refuses more than what is left."
                  : `Up to ${formatAmount(fromMinorUnits(left, charge.currency), charge.currency)} can still be refunded.`}
              </FieldDescription>
              <FieldError errors={touched && amountProblem ? [amountProblem] : serverError?.field === "amount" ? [serverError.message] : undefined} />
            </Field>
            <Field data-invalid={(touched && !!reasonProblem) || serverError?.field === "reason"}>
              <FieldLabel htmlFor="refund-reason">Reason</FieldLabel>
              <Textarea
                id="refund-reason"
                value={reason}
                maxLength={REFUND_REASON_MAX}
                placeholder="e.g. requested_by_customer, duplicate, or a note for the audit log"
                aria-invalid={(touched && !!reasonProblem) || serverError?.field === "reason"}
                onChange={(e) => {
                  setReason(e.target.value);
                  setServerError(null);
                }}
              />
              <FieldDescription>Kept in the audit log with your name. duplicate, fraudulent and requested_by_customer are passed on to Stripe.</FieldDescription>
              <FieldError errors={touched && reasonProblem ? [reasonProblem] : serverError?.field === "reason" ? [serverError.message] : undefined} />
            </Field>
            {left === 0 && refunds.isSuccess && <p className="text-sm text-muted-foreground">This charge is already fully refunded.</p>}
          </form>
        ) : (
          <div className="space-y-3 text-sm">
            <p className="flex items-start gap-2 rounded-md bg-warning/15 p-3 text-warning-foreground">
              <AlertTriangle className="mt-0.5 size-4 shrink-0" aria-hidden />
              <span>
                {money} goes back to the buyer and cannot be undone.
                {decimalToMinor(value, charge.currency) === left && " A fully refunded one-time purchase loses access."}
              </span>
            </p>
            <p>
              <span className="text-muted-foreground">Reason:</span> {reason.trim()}
            </p>
          </div>
        )}

        {serverError && !serverError.field && (
          <p role="alert" className="rounded-md bg-destructive/10 p-3 text-sm text-destructive">
            {serverError.message}
          </p>
        )}

        <DialogFooter>
          {step === "form" ? (
            <>
              <Button type="button" variant="outline" onClick={onClose}>
                Cancel
              </Button>
              <Button type="submit" form="refund-form" disabled={left === 0 && refunds.isSuccess}>
                Continue
              </Button>
            </>
          ) : (
            <>
              <Button type="button" variant="outline" disabled={refund.isPending} onClick={() => setStep("form")}>
                Back
              </Button>
              <Button type="button" variant="destructive" disabled={refund.isPending} onClick={submit}>
                {refund.isPending && <Spinner aria-hidden />}
                Refund {money}
              </Button>
            </>
          )}
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}

function checkAmount(value: string, currency: string, left: number): string | null {
  let minor: number;
  try {
    minor = toMinorUnits(value, currency);
  } catch (e) {
    if (e instanceof AmountError) return e.message;
    throw e;
  }
  if (minor > left) return `At most ${formatAmount(fromMinorUnits(left, currency), currency)} can still be refunded.`;
  return null;
}
