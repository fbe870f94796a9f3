"use client";

import { useId, useState, type FormEvent } from "react";
import { toast } from "sonner";
import { PlanItemPicker } from "@/components/plans/plan-item-picker";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Field, FieldDescription, FieldError, FieldLabel } from "@/components/ui/field";
import { TextField } from "@/components/monetization/shared/text-field";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import { Spinner } from "@/components/ui/spinner";
import { Switch } from "@/components/ui/switch";
import { STRIPE_CURRENCIES } from "@/lib/prices/currencies";
import { AMOUNT_PATTERN } from "@/lib/prices/money";
import { ApiRequestError } from "@/lib/queries/fetch-json";
import { usePlans, type PlanItem } from "@/lib/queries/plans";
import {
  MAX_DURATION_MONTHS,
  PROMOTION_CODE_PATTERN,
  useCreatePromotionCode,
  type CreatePromotionCodeInput,
} from "@/lib/queries/promotions";

const CURRENCIES = ["usd", ...[...STRIPE_CURRENCIES].filter((c) => c !== "usd").sort()];
type Kind = "percent" | "amount";
type Duration = "once" | "repeating" | "forever";
type Errors = Record<string, string[] | undefined>;

const DURATION_HELP: Record<Duration, string> = {
  once: "One-time purchases, and the first payment of a subscription.",
  repeating: "The first months of a subscription; one-time purchases once.",
  forever: "Every payment of a subscription.",
};

function validate(v: { code: string; kind: Kind; percent: string; amount: string; duration: Duration; months: string; max: string; expires: string }): Errors {
  const e: Errors = {};
  if (!PROMOTION_CODE_PATTERN.test(v.code)) e.code = ["3–40 letters, digits, dashes or underscores."];
  if (v.kind === "percent") {
    const p = Number(v.percent);
    if (!/^\d{1,3}(\.\d{1,2})?$/.test(v.percent) || !(p > 0 && p <= 100)) e.percent_off = ["More than 0 and at most 100, up to two decimals."];
  } else if (!AMOUNT_PATTERN.test(v.amount) || Number(v.amount) <= 0) e.amount_off = ["Enter an amount like 5 or 5.99."];
  if (v.duration === "repeating") {
    const m = Number(v.months);
    if (!Number.isInteger(m) || m < 1 || m > MAX_DURATION_MONTHS) e.duration_in_months = [`A whole number of months, 1 to ${MAX_DURATION_MONTHS}.`];
  }
  if (v.max && !(Number.isInteger(Number(v.max)) && Number(v.max) >= 1)) e.max_redemptions = ["A whole number, at least 1 — or leave empty for no limit."];
  if (v.expires) {
    const t = new Date(v.expires).getTime();
    if (Number.isNaN(t) || t <= Date.now()) e.expires_at = ["Must be in the future."];
  }
  return e;
}

/** Makes a new code: the discount, how long it lasts, its limits and what it applies to. */
export function CreatePromotionCodeDialog({ platformKey, onClose }: { platformKey: string; onClose: () => void }) {
  const id = useId();
  const f = (name: string) => `${id}-${name}`;
  const create = useCreatePromotionCode(platformKey);
  const plans = usePlans(platformKey);
  const [code, setCode] = useState("");
  const [kind, setKind] = useState<Kind>("percent");
  const [percent, setPercent] = useState("");
  const [amount, setAmount] = useState("");
  const [currency, setCurrency] = useState("usd");
  const [duration, setDuration] = useState<Duration>("once");
  const [months, setMonths] = useState("3");
  const [max, setMax] = useState("");
  const [expires, setExpires] = useState("");
  const [restrict, setRestrict] = useState(false);
  const [items, setItems] = useState<PlanItem[]>([]);
  const [planIds, setPlanIds] = useState<string[]>([]);
  const [firstTimeOnly, setFirstTimeOnly] = useState(false);
  const [isPublic, setIsPublic] = useState(false);
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const pending = create.isPending;

  function failed(error: unknown) {
    const e = error instanceof ApiRequestError ? error : null;
    const fieldErrors = e?.errors ?? {};
    setErrors(fieldErrors);
    const shown = ["code", "percent_off", "amount_off", "currency", "duration_in_months", "max_redemptions", "expires_at", "applies_to"];
    setFormError(Object.keys(fieldErrors).some((k) => shown.includes(k)) ? null : (e?.detail ?? "The server could not be reached. Try again."));
  }

  function submit(ev: FormEvent) {
    ev.preventDefault();
    const trimmed = { code: code.trim(), kind, percent: percent.trim(), amount: amount.trim(), duration, months: months.trim(), max: max.trim(), expires };
    const found = validate(trimmed);
    if (restrict && items.length === 0 && planIds.length === 0) found.applies_to = ["Choose at least one item or plan, or turn the restriction off."];
    setErrors(found);
    setFormError(null);
    if (Object.keys(found).length) return;
    const body: CreatePromotionCodeInput = {
      code: trimmed.code,
      ...(kind === "percent" ? { percent_off: Number(trimmed.percent) } : { amount_off: trimmed.amount, currency }),
      duration,
      ...(duration === "repeating" && { duration_in_months: Number(trimmed.months) }),
      ...(trimmed.max && { max_redemptions: Number(trimmed.max) }),
      ...(expires && { expires_at: new Date(expires).toISOString() }),
      ...(restrict && {
        applies_to: [...items.map((i) => ({ item_type: i.item_type, item_id: i.item_id })), ...planIds.map((plan_id) => ({ plan_id }))],
      }),
      first_time_only: firstTimeOnly,
      public: isPublic,
    };
    create.mutate(body, {
      onSuccess: (created) => {
        toast.success(`Code ${created.code} created`);
        onClose();
      },
      onError: failed,
    });
  }

  const err = (name: string) => errors[name]?.map((message) => ({ message }));
  const invalid = (name: string) => !!errors[name]?.length;

  return (
    <Dialog open onOpenChange={(open) => !open && !pending && onClose()}>
      <DialogContent className="max-h-[90dvh] overflow-y-auto sm:max-w-2xl" aria-describedby={f("description")}>
        <DialogHeader>
          <DialogTitle>New promotion code</DialogTitle>
          <DialogDescription id={f("description")}>
            Buyers type the code before paying and see the discounted price first. Each customer can use it once.
          </DialogDescription>
        </DialogHeader>
        <form id={f("form")} onSubmit={submit} className="space-y-4" noValidate>
          <TextField
            id={f("code")}
            label="Code"
            value={code}
            maxLength={40}
            autoComplete="off"
            spellCheck={false}
            placeholder="SPRING20"
            className="font-mono uppercase"
            invalid={invalid("code")}
            errors={err("code")}
            onValueChange={setCode}
          >
            <FieldDescription>Letters, digits, dashes and underscores; buyers may type it in any case.</FieldDescription>
          </TextField>

          <fieldset className="space-y-3">
            <legend className="mb-2 text-sm font-medium">Discount</legend>
            <div role="radiogroup" aria-label="Kind of discount" className="inline-flex rounded-md border p-0.5">
              {(["percent", "amount"] as const).map((k) => (
                <button
                  key={k}
                  type="button"
                  role="radio"
                  aria-checked={kind === k}
                  className="rounded-sm px-3 py-1 text-sm aria-checked:bg-primary aria-checked:text-primary-foreground focus-visible:ring-[3px] focus-visible:ring-ring/50 focus-visible:outline-none"
                  onClick={() => setKind(k)}
                >
                  {k === "percent" ? "Percentage" : "Fixed amount"}
                </button>
              ))}
            </div>
            {kind === "percent" ? (
              <TextField
                id={f("percent")}
                label="Percent off"
                value={percent}
                inputMode="decimal"
                placeholder="20"
                className="max-w-32"
                invalid={invalid("percent_off")}
                errors={err("percent_off")}
                onValueChange={setPercent}
              />
            ) : (
              <div className="grid gap-3 sm:grid-cols-2">
                <TextField
                  id={f("amount")}
                  label="Amount off"
                  value={amount}
                  inputMode="decimal"
                  placeholder="5.00"
                  invalid={invalid("amount_off")}
                  errors={err("amount_off")}
                  onValueChange={setAmount}
                >
                  <FieldDescription>Applies only to tiers priced in this currency.</FieldDescription>
                </TextField>
                <Field data-invalid={invalid("currency")}>
                  <FieldLabel htmlFor={f("currency")}>Currency</FieldLabel>
                  <Select value={currency} onValueChange={setCurrency}>
                    <SelectTrigger id={f("currency")} className="w-full" aria-invalid={invalid("currency")}>
                      <SelectValue />
                    </SelectTrigger>
                    <SelectContent className="max-h-72">
                      {CURRENCIES.map((c) => (
                        <SelectItem key={c} value={c}>
                          {c.toUpperCase()}
                        </SelectItem>
                      ))}
                    </SelectContent>
                  </Select>
                  <FieldError errors={err("currency")} />
                </Field>
              </div>
            )}
          </fieldset>

          <div className="grid gap-3 sm:grid-cols-2">
            <Field>
              <FieldLabel htmlFor={f("duration")}>Duration</FieldLabel>
              <Select value={duration} onValueChange={(v) => setDuration(v as Duration)}>
                <SelectTrigger id={f("duration")} className="w-full">
                  <SelectValue />
                </SelectTrigger>
                <SelectContent>
                  <SelectItem value="once">Once</SelectItem>
                  <SelectItem value="repeating">Several months</SelectItem>
                  <SelectItem value="forever">Forever</SelectItem>
                </SelectContent>
              </Select>
              <FieldDescription>{DURATION_HELP[duration]}</FieldDescription>
            </Field>
            {duration === "repeating" && (
              <TextField
                id={f("months")}
                label="Months"
                value={months}
                type="number"
                min={1}
                max={MAX_DURATION_MONTHS}
                invalid={invalid("duration_in_months")}
                errors={err("duration_in_months")}
                onValueChange={setMonths}
              />
            )}
          </div>

          <div className="grid gap-3 sm:grid-cols-2">
            <TextField
              id={f("max")}
              label="Maximum redemptions (optional)"
              value={max}
              type="number"
              min={1}
              placeholder="No limit"
              invalid={invalid("max_redemptions")}
              errors={err("max_redemptions")}
              onValueChange={setMax}
            />
            <TextField
              id={f("expires")}
              label="Expires (optional)"
              value={expires}
              type="datetime-local"
              invalid={invalid("expires_at")}
              errors={err("expires_at")}
              onValueChange={setExpires}
            >
              <FieldDescription>In your time zone; empty means it never expires.</FieldDescription>
            </TextField>
          </div>

          <Field orientation="horizontal">
            <Switch id={f("restrict")} checked={restrict} onCheckedChange={setRestrict} />
            <FieldLabel htmlFor={f("restrict")}>Only for some items or plans</FieldLabel>
          </Field>
          {restrict && (
            <div className="space-y-3 rounded-md border p-3" aria-describedby={f("targets-error")}>
              <div className="space-y-2">
                <p className="text-sm font-medium">Items</p>
                <PlanItemPicker platformKey={platformKey} value={items} onChange={setItems} invalid={invalid("applies_to")} disabled={pending} />
              </div>
              <fieldset className="space-y-2">
                <legend className="mb-1 text-sm font-medium">Plans</legend>
                {plans.isPending && <Skeleton className="h-8 w-full" />}
                {plans.isError && <p className="text-sm text-destructive">Could not load plans: {plans.error.message}</p>}
                {plans.isSuccess && plans.data.results.length === 0 && <p className="text-sm text-muted-foreground">No plans on this platform.</p>}
                {plans.isSuccess &&
                  plans.data.results.map((plan) => (
                    <label key={plan.id} htmlFor={f(`plan-${plan.id}`)} className="flex cursor-pointer items-center gap-2 text-sm">
                      <input
                        id={f(`plan-${plan.id}`)}
                        type="checkbox"
                        className="size-4 accent-primary"
                        checked={planIds.includes(plan.id)}
                        onChange={(e) => setPlanIds((ids) => (e.target.checked ? [...ids, plan.id] : ids.filter((x) => x !== plan.id)))}
                      />
                      {plan.name}
                    </label>
                  ))}
              </fieldset>
              <div id={f("targets-error")}>
                <FieldError errors={err("applies_to")} />
              </div>
            </div>
          )}

          <Field orientation="horizontal">
            <Switch id={f("first")} checked={firstTimeOnly} onCheckedChange={setFirstTimeOnly} />
            <FieldLabel htmlFor={f("first")}>First purchase only</FieldLabel>
          </Field>
          <FieldDescription className="-mt-2">Only buyers who have not paid for anything on this platform before can use it.</FieldDescription>

          <Field orientation="horizontal">
            <Switch id={f("public")} checked={isPublic} onCheckedChange={setIsPublic} />
            <FieldLabel htmlFor={f("public")}>Show publicly</FieldLabel>
          </Field>
          <FieldDescription className="-mt-2">Offered next to the items it applies to, for anyone to see. Otherwise only people you give the code to know it.</FieldDescription>

          {formError && (
            <p role="alert" className="rounded-md bg-destructive/10 p-3 text-sm text-destructive">
              {formError}
            </p>
          )}
        </form>
        <DialogFooter>
          <Button type="button" variant="outline" disabled={pending} onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" form={f("form")} disabled={pending}>
            {pending && <Spinner aria-hidden />}
            Create code
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
