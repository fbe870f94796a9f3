"use client";

import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
} from "@/components/ui/alert-dialog";
import { Button } from "@/components/ui/button";
import { Field, FieldContent, FieldDescription, FieldError, FieldGroup, FieldLabel } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Spinner } from "@/components/ui/spinner";
import { Switch } from "@/components/ui/switch";
import { formatDateTime } from "@/lib/format/format";
import {
  paywallExists,
  useSavePaywall,
  type GrandfatheringStrategy,
  type ItemKey,
  type PaywallView,
  type PaywallStub,
} from "@/lib/queries/paywalls";
import { cn } from "@/lib/utils";
import { defaultSuccessUrl, describeError, isHttpUrl } from "./paywall-utils";

const STRATEGIES: { value: GrandfatheringStrategy; label: string; help: string }[] = [
  { value: "free_forever", label: "Free Forever", help: "People who used the item before the paywall went live keep free access." },
  { value: "require_subscription", label: "Require Subscription", help: "Everyone, including earlier users, has to buy." },
];

type Errors = Partial<Record<"trial_period_days" | "on_successful_payment" | "grandfathering_strategy", string[]>>;

type Props = {
  itemKey: ItemKey;
  config: PaywallView | PaywallStub;
  onSaved: (config: PaywallView) => void;
  onBack?: () => void;
};

export function PaywallStep({ itemKey, config, onSaved, onBack }: Props) {
  const save = useSavePaywall();
  const exists = paywallExists(config);
  const everEnabled = exists && !!config.paywall_enabled_at;
  // the wizard is there to put the item on sale: a paywall that never went live starts switched on
  const [isEnabled, setIsEnabled] = useState(config.is_enabled || !everEnabled);
  const [allowFree, setAllowFree] = useState(config.allow_free_tier);
  const [trial, setTrial] = useState(String(config.trial_period_days ?? 0));
  const [strategy, setStrategy] = useState<GrandfatheringStrategy>(exists ? config.grandfathering_strategy : "free_forever");
  const [successUrl, setSuccessUrl] = useState(
    (exists && config.on_successful_payment) || defaultSuccessUrl(itemKey.platformKey, itemKey.itemType, itemKey.itemId),
  );
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<string | null>(null);
  // a save that changes who can open the item waits for an explicit yes
  const [confirm, setConfirm] = useState<"live-without-tiers" | "disable" | null>(null);
  const activeTiers = config.prices.filter((p) => p.is_active).length;
  const goesLiveWithoutTiers = isEnabled && !config.is_enabled && activeTiers === 0;
  const disables = !isEnabled && config.is_enabled;

  // an edited field drops its stale error
  const edited = (field: keyof Errors) => setErrors((e) => ({ ...e, [field]: undefined }));

  function validate(): Errors {
    const e: Errors = {};
    const days = Number(trial);
    if (!/^\d+$/.test(trial.trim()) || days > 730) e.trial_period_days = ["Enter a whole number of days from 0 to 730."];
    const url = successUrl.trim();
    if (url && (!isHttpUrl(url) || url.length > 500)) e.on_successful_payment = ["Enter an absolute http(s) URL (at most 500 characters), or leave it empty."];
    return e;
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const found = validate();
    setErrors(found);
    setFormError(null);
    if (Object.keys(found).length) return;
    if (goesLiveWithoutTiers) return setConfirm("live-without-tiers");
    if (disables) return setConfirm("disable");
    void persist(isEnabled);
  }

  async function persist(enabled: boolean) {
    setConfirm(null);
    try {
      const saved = await save.mutateAsync({
        key: itemKey,
        create: !exists,
        input: {
          is_enabled: enabled,
          allow_free_tier: allowFree,
          trial_period_days: Number(trial),
          grandfathering_strategy: strategy,
          on_successful_payment: successUrl.trim(),
        },
      });
      if (saved.is_enabled && !config.is_enabled)
        toast.success("Paywall enabled", {
          description: activeTiers ? undefined : "Add an active pricing tier now: until then learners who have not bought the item are locked out.",
        });
      else if (!saved.is_enabled && config.is_enabled) toast.success("Paywall disabled", { description: "Prices and subscribers are kept." });
      else toast.success("Paywall settings saved");
      onSaved(saved);
    } catch (e) {
      const { detail, fields } = describeError(e);
      setErrors({
        trial_period_days: fields.trial_period_days,
        on_successful_payment: fields.on_successful_payment,
        grandfathering_strategy: fields.grandfathering_strategy,
      });
      setFormError(detail);
      toast.error(detail);
    }
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-6">
      <FieldGroup className="gap-5">
        <Field orientation="horizontal" className="rounded-lg border p-4">
          <FieldContent>
            <FieldLabel htmlFor="paywall-enabled">Paywall Enabled</FieldLabel>
            <FieldDescription>
              {isEnabled ? "Buyers must pay (or qualify for free access) to use this item." : "The item stays free for everyone; prices are kept."}
            </FieldDescription>
            {goesLiveWithoutTiers && (
              <p className="mt-1 text-sm font-medium text-warning-foreground" id="paywall-enabled-warning">
                No active pricing tier yet: turning the paywall on locks the item for everyone who has not bought it, with nothing to buy until you add a tier. Tiers can only be added to an enabled paywall, so add one right after saving.
              </p>
            )}
          </FieldContent>
          <Switch
            id="paywall-enabled"
            checked={isEnabled}
            onCheckedChange={setIsEnabled}
            aria-describedby={goesLiveWithoutTiers ? "paywall-enabled-warning" : undefined}
          />
        </Field>
        <Field orientation="horizontal" className="rounded-lg border p-4">
          <FieldContent>
            <FieldLabel htmlFor="allow-free-tier">Allow Free Tier</FieldLabel>
            <FieldDescription>Signed-in users get free access without checking out.</FieldDescription>
          </FieldContent>
          <Switch id="allow-free-tier" checked={allowFree} onCheckedChange={setAllowFree} />
        </Field>
        <Field data-invalid={!!errors.trial_period_days || undefined} className="max-w-xs">
          <FieldLabel htmlFor="trial-period-days">Trial Period (days)</FieldLabel>
          <Input
            id="trial-period-days"
            type="number"
            inputMode="numeric"
            min={0}
            max={730}
            step={1}
            value={trial}
            aria-invalid={!!errors.trial_period_days || undefined}
            onChange={(e) => {
              setTrial(e.target.value);
              edited("trial_period_days");
            }}
          />
          <FieldDescription>0 for no trial. Applies to monthly and yearly tiers, once per buyer.</FieldDescription>
          <FieldError errors={errors.trial_period_days} />
        </Field>
        <div className="space-y-3">
          <div>
            <p id="existing-users-label" className="text-sm font-medium">Existing Users</p>
            <p className="text-sm text-muted-foreground">
              {everEnabled
                ? `Earlier users were counted when the paywall first went live (${formatDateTime(config.paywall_enabled_at)}); changing this does not count them again.`
                : "Who counts as existing is fixed the moment the paywall first goes live."}
            </p>
          </div>
          <div role="radiogroup" aria-labelledby="existing-users-label" className="grid gap-2 sm:grid-cols-2">
            {STRATEGIES.map((s) => (
              <Label
                key={s.value}
                htmlFor={`strategy-${s.value}`}
                className={cn(
                  "flex cursor-pointer items-start gap-3 rounded-lg border p-3 font-normal",
                  strategy === s.value && "border-primary bg-primary/5",
                )}
              >
                <input
                  type="radio"
                  id={`strategy-${s.value}`}
                  name="grandfathering-strategy"
                  value={s.value}
                  checked={strategy === s.value}
                  aria-label={s.label}
                  aria-describedby={`strategy-${s.value}-help`}
                  onChange={() => setStrategy(s.value)}
                  className="mt-0.5 accent-primary"
                />
                <span className="space-y-1">
                  <span className="block font-medium">{s.label}</span>
                  <span id={`strategy-${s.value}-help`} className="block text-muted-foreground">{s.help}</span>
                </span>
              </Label>
            ))}
          </div>
          <FieldError errors={errors.grandfathering_strategy} />
        </div>
        <Field data-invalid={!!errors.on_successful_payment || undefined}>
          <FieldLabel htmlFor="product-url">Product URL</FieldLabel>
          <Input
            id="product-url"
            type="url"
            value={successUrl}
            maxLength={500}
            placeholder={defaultSuccessUrl(itemKey.platformKey, itemKey.itemType, itemKey.itemId)}
            aria-invalid={!!errors.on_successful_payment || undefined}
            onChange={(e) => {
              setSuccessUrl(e.target.value);
              edited("on_successful_payment");
            }}
          />
          <FieldDescription>Where buyers land after a successful payment. Defaults to the item’s page.</FieldDescription>
          <FieldError errors={errors.on_successful_payment} />
        </Field>
      </FieldGroup>
      {formError && <p role="alert" className="text-sm text-destructive">{formError}</p>}
      <div className="flex justify-between gap-2">
        {onBack ? <Button type="button" variant="outline" onClick={onBack}>Back</Button> : <span />}
        <Button type="submit" className="bg-brand-gradient text-white" disabled={save.isPending}>
          {save.isPending && <Spinner aria-hidden />} Save and continue
        </Button>
      </div>
      <AlertDialog open={confirm !== null} onOpenChange={(open) => !open && setConfirm(null)}>
        <AlertDialogContent>
          {confirm === "disable" ? (
            <>
              <AlertDialogHeader>
                <AlertDialogTitle>Make this item free to everyone?</AlertDialogTitle>
                <AlertDialogDescription>
                  Turning the paywall off opens the item to every signed-in user, paid or not, right away. Prices and
                  subscriptions are kept and subscribers keep being billed; turn it back on to require payment again.
                </AlertDialogDescription>
              </AlertDialogHeader>
              <AlertDialogFooter>
                <AlertDialogCancel>Keep the paywall on</AlertDialogCancel>
                <AlertDialogAction className="bg-destructive text-white hover:bg-destructive/90" onClick={() => void persist(false)}>
                  Turn off and make it free
                </AlertDialogAction>
              </AlertDialogFooter>
            </>
          ) : (
            <>
              <AlertDialogHeader>
                <AlertDialogTitle>Go live before any tier exists?</AlertDialogTitle>
                <AlertDialogDescription>
                  From the moment you save, learners who have not bought this item lose access and see “Not available for
                  purchase” until you add an active pricing tier in the next step. Tiers can only be added once the paywall is on.
                </AlertDialogDescription>
              </AlertDialogHeader>
              <AlertDialogFooter>
                <AlertDialogCancel onClick={() => void persist(false)}>Save it switched off</AlertDialogCancel>
                <AlertDialogAction onClick={() => void persist(true)}>Turn on and add a tier now</AlertDialogAction>
              </AlertDialogFooter>
            </>
          )}
        </AlertDialogContent>
      </AlertDialog>
    </form>
  );
}
