"use client";

import { useId, useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Field, FieldContent, FieldDescription, FieldError, FieldLabel } from "@/components/ui/field";
import { TextareaField, TextField } from "@/components/monetization/shared/text-field";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Spinner } from "@/components/ui/spinner";
import { Switch } from "@/components/ui/switch";
import { STRIPE_CURRENCIES } from "@/lib/prices/currencies";
import { checkCustomAmount } from "@/lib/prices/custom-amount";
import { AmountError, toMinorUnits } from "@/lib/prices/money";
import type { PriceInput, PriceInterval, PriceView } from "@/lib/queries/paywalls";
import { FeaturesInput, MAX_FEATURES } from "./features-input";
import { INTERVAL_LABELS } from "@/lib/format/format";
import { describeError } from "./paywall-utils";

// usd first (the usual choice), then the rest alphabetically
const CURRENCIES = ["usd", ...[...STRIPE_CURRENCIES].filter((c) => c !== "usd").sort()];
const INTERVALS = Object.keys(INTERVAL_LABELS) as PriceInterval[];

type FieldName =
  | "name"
  | "amount"
  | "currency"
  | "interval"
  | "description"
  | "features"
  | "remark"
  | "sort_order"
  | "is_active"
  | "custom_amount"
  | "custom_amount.minimum"
  | "custom_amount.maximum";
type Errors = Partial<Record<FieldName, string[]>>;

type Props = {
  /** The tier being edited; absent for a new tier. */
  initial?: PriceView;
  defaultSortOrder: number;
  onSubmit: (input: PriceInput) => Promise<unknown>;
  onCancel: () => void;
};

type Custom = { minimum: string; maximum: string } | null;

/** Mirrors the server's checks so most mistakes show before a round trip. */
function validate(v: {
  name: string;
  amount: string;
  currency: string;
  interval: PriceInterval;
  custom: Custom;
  description: string;
  features: string[];
  remark: string;
  sortOrder: string;
}): Errors {
  const e: Errors = {};
  if (!v.name.trim()) e.name = ["Name is required."];
  else if (v.name.trim().length > 255) e.name = ["At most 255 characters."];
  if (!STRIPE_CURRENCIES.has(v.currency)) e.currency = ["Not a currency Stripe supports."];
  let amountMinor: number | null = null;
  try {
    amountMinor = toMinorUnits(v.amount, v.currency);
  } catch (err) {
    e.amount = [err instanceof AmountError ? err.message : "Invalid amount."];
  }
  if (v.custom && amountMinor != null && !e.currency) {
    const checked = checkCustomAmount(v.custom, { amount: amountMinor, currency: v.currency, interval: v.interval });
    if ("errors" in checked) Object.assign(e, checked.errors);
  }
  if (v.description.length > 2000) e.description = ["At most 2000 characters."];
  if (v.features.length > MAX_FEATURES) e.features = [`At most ${MAX_FEATURES} features.`];
  if (v.remark.trim().length > 100) e.remark = ["At most 100 characters."];
  const order = Number(v.sortOrder);
  if (!/^-?\d+$/.test(v.sortOrder.trim()) || Math.abs(order) > 100_000) e.sort_order = ["Enter a whole number between -100000 and 100000."];
  return e;
}

export function PriceForm({ initial, defaultSortOrder, onSubmit, onCancel }: Props) {
  const id = useId();
  const [name, setName] = useState(initial?.name ?? "");
  const [amount, setAmount] = useState(initial?.amount ?? "");
  const [currency, setCurrency] = useState(initial?.currency ?? "usd");
  const [interval, setBillingInterval] = useState<PriceInterval>(initial?.interval ?? "month");
  const [description, setDescription] = useState(initial?.description ?? "");
  const [features, setFeatures] = useState<string[]>(initial?.features ?? []);
  const [remark, setRemark] = useState(initial?.remark ?? "");
  const [sortOrder, setSortOrder] = useState(String(initial?.sort_order ?? defaultSortOrder));
  const [isActive, setIsActive] = useState(initial?.is_active ?? true);
  // pay what you want (one-time tiers): the buyer chooses within [minimum, maximum]
  const [chooses, setChooses] = useState(!!initial?.custom_amount);
  const [minimum, setMinimum] = useState(initial?.custom_amount?.minimum ?? "");
  const [maximum, setMaximum] = useState(initial?.custom_amount?.maximum ?? "");
  const payWhatYouWant = chooses && interval === "one_time";
  const custom: Custom = payWhatYouWant ? { minimum: minimum.trim(), maximum: maximum.trim() } : null;
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  const repricing =
    !!initial &&
    (amount.trim() !== initial.amount ||
      currency !== initial.currency ||
      interval !== initial.interval ||
      (custom?.minimum ?? null) !== (initial.custom_amount?.minimum ?? null) ||
      (custom?.maximum ?? null) !== (initial.custom_amount?.maximum ?? null));

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = validate({ name, amount: amount.trim(), currency, interval, custom, description, features, remark, sortOrder });
    setErrors(found);
    setFormError(null);
    if (Object.keys(found).length) return;
    setSubmitting(true);
    try {
      await onSubmit({
        name: name.trim(),
        amount: amount.trim(),
        currency,
        interval,
        description,
        features,
        remark: remark.trim(),
        sort_order: Number(sortOrder),
        is_active: isActive,
        custom_amount: custom,
      });
    } catch (e) {
      const { detail, fields } = describeError(e);
      setErrors(fields as Errors);
      setFormError(detail);
    } finally {
      setSubmitting(false);
    }
  }

  const f = (name: FieldName) => `${id}-${name}`;
  // an edited field drops its stale error
  const edited = (name: FieldName) => setErrors((e) => ({ ...e, [name]: undefined }));
  const invalid = (name: FieldName) => !!errors[name] || undefined;

  return (
    <form
      onSubmit={submit}
      noValidate
      aria-label={initial ? `Edit tier ${initial.name}` : "New tier"}
      className="space-y-4 rounded-lg border bg-muted/30 p-4"
    >
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField
          id={f("name")}
          label="Name"
          value={name}
          maxLength={255}
          placeholder="Pro"
          autoFocus
          invalid={invalid("name")}
          errors={errors.name}
          onValueChange={(v) => {
            setName(v);
            edited("name");
          }}
        />
        <TextField
          id={f("amount")}
          label={payWhatYouWant ? "Suggested amount" : "Amount"}
          value={amount}
          inputMode="decimal"
          placeholder="15.00"
          invalid={invalid("amount")}
          errors={errors.amount}
          onValueChange={(v) => {
            setAmount(v);
            edited("amount");
          }}
        />
        <Field data-invalid={invalid("currency")}>
          <FieldLabel htmlFor={f("currency")}>Currency</FieldLabel>
          <Select
            value={currency}
            onValueChange={(v) => {
              setCurrency(v);
              edited("currency");
              edited("amount");
            }}
          >
            <SelectTrigger id={f("currency")} className="w-full" aria-invalid={invalid("currency")}>
              <SelectValue />
            </SelectTrigger>
            <SelectContent className="max-h-72">
              {CURRENCIES.map((c) => (
                <SelectItem key={c} value={c}>{c.toUpperCase()}</SelectItem>
              ))}
            </SelectContent>
          </Select>
          <FieldError errors={errors.currency} />
        </Field>
        <Field data-invalid={invalid("interval")}>
          <FieldLabel htmlFor={f("interval")}>Interval</FieldLabel>
          <Select
            value={interval}
            onValueChange={(v) => {
              setBillingInterval(v as PriceInterval);
              edited("interval");
            }}
          >
            <SelectTrigger id={f("interval")} className="w-full" aria-invalid={invalid("interval")}>
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              {INTERVALS.map((i) => (
                <SelectItem key={i} value={i}>{INTERVAL_LABELS[i]}</SelectItem>
              ))}
            </SelectContent>
          </Select>
          <FieldError errors={errors.interval} />
        </Field>
      </div>
      {interval === "one_time" && (
        <div className="space-y-3">
          <Field orientation="horizontal" data-invalid={invalid("custom_amount")}>
            <Switch
              id={f("custom_amount")}
              checked={chooses}
              onCheckedChange={(on) => {
                setChooses(on);
                edited("custom_amount");
                edited("amount");
              }}
            />
            <FieldContent>
              <FieldLabel htmlFor={f("custom_amount")}>Let buyers choose the amount</FieldLabel>
              <FieldDescription>Pay what you want: buyers pay any amount between the minimum and the maximum; the amount above is suggested.</FieldDescription>
              <FieldError errors={errors.custom_amount} />
            </FieldContent>
          </Field>
          {chooses && (
            <div className="grid gap-4 sm:grid-cols-2">
              <TextField
                id={f("custom_amount.minimum")}
                label="Minimum"
                value={minimum}
                inputMode="decimal"
                placeholder="5.00"
                invalid={invalid("custom_amount.minimum")}
                errors={errors["custom_amount.minimum"]}
                onValueChange={(v) => {
                  setMinimum(v);
                  edited("custom_amount.minimum");
                  edited("amount");
                }}
              />
              <TextField
                id={f("custom_amount.maximum")}
                label="Maximum"
                value={maximum}
                inputMode="decimal"
                placeholder="100.00"
                invalid={invalid("custom_amount.maximum")}
                errors={errors["custom_amount.maximum"]}
                onValueChange={(v) => {
                  setMaximum(v);
                  edited("custom_amount.maximum");
                  edited("amount");
                }}
              />
            </div>
          )}
        </div>
      )}
      {repricing && (
        <p className="text-sm text-muted-foreground">
          A new amount, currency, interval or range creates a new Stripe price; current subscribers keep what they pay now.
        </p>
      )}
      <TextareaField
        id={f("description")}
        label="Description"
        value={description}
        rows={2}
        maxLength={2000}
        invalid={invalid("description")}
        errors={errors.description}
        onValueChange={(v) => {
          setDescription(v);
          edited("description");
        }}
      />
      <Field data-invalid={invalid("features")}>
        <FieldLabel htmlFor={f("features")}>Features</FieldLabel>
        <FeaturesInput
          id={f("features")}
          value={features}
          invalid={!!errors.features}
          describedBy={`${f("features")}-help`}
          onChange={(v) => {
            setFeatures(v);
            edited("features");
          }}
        />
        <FieldDescription id={`${f("features")}-help`}>Press Enter to add each feature (up to {MAX_FEATURES}).</FieldDescription>
        <FieldError errors={errors.features} />
      </Field>
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField
          id={f("remark")}
          label="Remark"
          value={remark}
          maxLength={100}
          placeholder="Most popular"
          invalid={invalid("remark")}
          errors={errors.remark}
          onValueChange={(v) => {
            setRemark(v);
            edited("remark");
          }}
        >
          <FieldDescription>Optional badge on the tier.</FieldDescription>
        </TextField>
        <TextField
          id={f("sort_order")}
          label="Sort order"
          value={sortOrder}
          type="number"
          step={1}
          invalid={invalid("sort_order")}
          errors={errors.sort_order}
          onValueChange={(v) => {
            setSortOrder(v);
            edited("sort_order");
          }}
        >
          <FieldDescription>Lower numbers are shown first.</FieldDescription>
        </TextField>
      </div>
      <Field orientation="horizontal">
        <Switch id={f("is_active")} checked={isActive} onCheckedChange={setIsActive} />
        <FieldContent>
          <FieldLabel htmlFor={f("is_active")}>Active</FieldLabel>
          <FieldDescription>Inactive tiers stay listed here but cannot be bought.</FieldDescription>
        </FieldContent>
      </Field>
      {formError && <p role="alert" className="text-sm text-destructive">{formError}</p>}
      <div className="flex justify-end gap-2">
        <Button type="button" variant="outline" onClick={onCancel} disabled={submitting}>Cancel</Button>
        <Button type="submit" disabled={submitting}>
          {submitting && <Spinner aria-hidden />} Save tier
        </Button>
      </div>
    </form>
  );
}
