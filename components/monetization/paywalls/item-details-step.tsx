"use client";

import { useState, type FormEvent } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Field, FieldDescription, FieldError, FieldGroup, FieldLabel } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Spinner } from "@/components/ui/spinner";
import { Textarea } from "@/components/ui/textarea";
import { ITEM_TYPE_PATTERN } from "@/lib/platforms/item-types";
import { fetchPaywall, paywallExists, paywallKeys, useSavePaywall, type ItemKey, type PaywallView } from "@/lib/queries/paywalls";
import { defaultSuccessUrl, describeError, slugify } from "./paywall-utils";

const ITEM_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

type Errors = Partial<Record<"name" | "type" | "item_id" | "description", string[]>>;

type Props = {
  platformKey: string;
  /** Set once the item exists: type and id are then its key and can no longer change. */
  existing?: PaywallView;
  initialName?: string;
  onSaved: (key: ItemKey) => void;
};

export function ItemDetailsStep({ platformKey, existing, initialName = "", onSaved }: Props) {
  const qc = useQueryClient();
  const save = useSavePaywall();
  const [name, setName] = useState(existing?.item_name ?? initialName);
  const [typeSuffix, setTypeSuffix] = useState(existing ? existing.item_type.replace(/^custom:/, "") : "custom");
  // the id follows the name until the admin edits it
  const [customId, setCustomId] = useState<string | null>(existing?.item_id ?? null);
  const [description, setDescription] = useState(existing?.description ?? "");
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [checking, setChecking] = useState(false);

  // an edited field drops its stale error
  const edited = (field: keyof Errors) => setErrors((e) => ({ ...e, [field]: undefined }));

  const typeSlug = slugify(typeSuffix);
  const itemType = `custom:${typeSlug}`;
  const itemId = customId ?? slugify(name);
  const busy = save.isPending || checking;

  function validate(): Errors {
    const e: Errors = {};
    if (!name.trim()) e.name = ["Name is required."];
    else if (name.trim().length > 255) e.name = ["At most 255 characters."];
    if (!existing) {
      if (!typeSlug) e.type = ["Type is required."];
      else if (!ITEM_TYPE_PATTERN.test(itemType) || itemType.length > 64) e.type = ["Start with a letter; use letters, digits, dashes or underscores (at most 57)."];
      if (!itemId) e.item_id = ["Item ID is required."];
      else if (itemId.length > 255 || !ITEM_ID_PATTERN.test(itemId)) e.item_id = ["Use letters, digits, dots, dashes or underscores, starting with a letter or digit."];
    }
    if (description.length > 5000) e.description = ["At most 5000 characters."];
    return e;
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = validate();
    setErrors(found);
    setFormError(null);
    if (Object.keys(found).length) return;

    const key: ItemKey = existing
      ? { platformKey, itemType: existing.item_type, itemId: existing.item_id }
      : { platformKey, itemType, itemId };
    try {
      if (!existing) {
        // a POST on a taken key would overwrite that item's paywall
        setChecking(true);
        const current = await qc.fetchQuery({ queryKey: paywallKeys.item(key), queryFn: () => fetchPaywall(key), staleTime: 0 });
        setChecking(false);
        if (paywallExists(current)) {
          setErrors({ item_id: [`“${current.item_name || itemId}” already uses this type and ID. Choose another ID.`] });
          return;
        }
        // created dormant: the Paywall step turns it on
        await save.mutateAsync({
          key,
          create: true,
          input: {
            is_enabled: false,
            allow_free_tier: false,
            trial_period_days: 0,
            grandfathering_strategy: "free_forever",
            item_name: name.trim(),
            description,
            on_successful_payment: defaultSuccessUrl(platformKey, itemType, itemId),
          },
        });
        toast.success(`Created ${name.trim()}`);
      } else {
        await save.mutateAsync({ key, create: false, input: { item_name: name.trim(), description } });
        toast.success("Item details saved");
      }
      onSaved(key);
    } catch (e) {
      setChecking(false);
      const { detail, fields } = describeError(e);
      setErrors({ name: fields.item_name, type: fields.item_type, item_id: fields.item_id, description: fields.description });
      setFormError(detail);
      toast.error(detail);
    }
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-6">
      <FieldGroup className="gap-5">
        <Field data-invalid={!!errors.name || undefined}>
          <FieldLabel htmlFor="item-name">Name</FieldLabel>
          <Input
            id="item-name"
            value={name}
            maxLength={255}
            autoFocus={!existing}
            placeholder="Advanced Prompt Engineering 2026"
            aria-invalid={!!errors.name || undefined}
            onChange={(e) => {
              setName(e.target.value);
              edited("name");
              if (customId === null) edited("item_id");
            }}
          />
          <FieldDescription>Buyers see this name at checkout.</FieldDescription>
          <FieldError errors={errors.name} />
        </Field>
        <div className="grid gap-5 sm:grid-cols-2">
          <Field data-invalid={!!errors.type || undefined}>
            <FieldLabel htmlFor="item-type">Type</FieldLabel>
            <div className="flex items-center rounded-md border shadow-xs focus-within:border-ring focus-within:ring-[3px] focus-within:ring-ring/50">
              <span className="pl-3 text-sm text-muted-foreground" aria-hidden>custom:</span>
              <Input
                id="item-type"
                value={typeSuffix}
                disabled={!!existing}
                maxLength={57}
                aria-invalid={!!errors.type || undefined}
                aria-describedby="item-type-help"
                className="border-0 pl-1 shadow-none focus-visible:ring-0"
                onChange={(e) => {
                  setTypeSuffix(e.target.value);
                  edited("type");
                }}
              />
            </div>
            <FieldDescription id="item-type-help">
              {typeSlug ? <>Stored as <code>{itemType}</code>, shown as “{typeSlug}”.</> : "For example workshop or api-key."}
            </FieldDescription>
            <FieldError errors={errors.type} />
          </Field>
          <Field data-invalid={!!errors.item_id || undefined}>
            <FieldLabel htmlFor="item-id">Item ID</FieldLabel>
            <Input
              id="item-id"
              value={itemId}
              disabled={!!existing}
              maxLength={255}
              aria-invalid={!!errors.item_id || undefined}
              onChange={(e) => {
                setCustomId(e.target.value);
                edited("item_id");
              }}
              onBlur={() => customId !== null && setCustomId(slugify(customId) || null)}
            />
            <FieldDescription>{existing ? "The ID is part of the item’s key and cannot change." : "Made from the name; you can change it."}</FieldDescription>
            <FieldError errors={errors.item_id} />
          </Field>
        </div>
        <Field data-invalid={!!errors.description || undefined}>
          <FieldLabel htmlFor="item-description">Description</FieldLabel>
          <Textarea
            id="item-description"
            value={description}
            rows={3}
            aria-invalid={!!errors.description || undefined}
            onChange={(e) => {
              setDescription(e.target.value);
              edited("description");
            }}
          />
          <FieldDescription>Optional; shown at checkout.</FieldDescription>
          <FieldError errors={errors.description} />
        </Field>
      </FieldGroup>
      {formError && <p role="alert" className="text-sm text-destructive">{formError}</p>}
      <div className="flex justify-end">
        <Button type="submit" className="bg-brand-gradient text-white" disabled={busy}>
          {busy && <Spinner aria-hidden />} Save and continue
        </Button>
      </div>
    </form>
  );
}
