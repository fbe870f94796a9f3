"use client";

import { useId, useState, type FormEvent } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Field, FieldContent, FieldDescription, FieldError, FieldLabel, FieldTitle } from "@/components/ui/field";
import { TextareaField, TextField } from "@/components/monetization/shared/text-field";
import { Spinner } from "@/components/ui/spinner";
import { Switch } from "@/components/ui/switch";
import { describeError } from "@/components/monetization/paywalls/paywall-utils";
import { useCreatePlan, useUpdatePlan, type Plan, type PlanItem } from "@/lib/queries/plans";
import { PlanItemPicker } from "./plan-item-picker";

type FieldName = "name" | "description" | "items";
type Errors = Partial<Record<FieldName, string[]>>;

type Props = {
  platformKey: string;
  /** The plan being edited; absent to create one. */
  plan?: Plan;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** After a create: the new plan, e.g. to open its tiers. */
  onCreated?: (plan: Plan) => void;
};

/** Create or edit a plan: name, description, and its items or "every item, present and future". */
export function PlanDialog({ platformKey, plan, open, onOpenChange, onCreated }: Props) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent
        className="max-h-[calc(100dvh-2rem)] overflow-y-auto sm:max-w-xl"
        onEscapeKeyDown={(e) => {
          // Escape in the item search closes its results first
          if ((e.target as HTMLElement | null)?.closest?.("[data-results-open]")) e.preventDefault();
        }}
      >
        {/* mounted per opening: the form starts from the plan as it is now */}
        {open && <PlanForm platformKey={platformKey} plan={plan} onDone={() => onOpenChange(false)} onCreated={onCreated} />}
      </DialogContent>
    </Dialog>
  );
}

function PlanForm({ platformKey, plan, onDone, onCreated }: { platformKey: string; plan?: Plan; onDone: () => void; onCreated?: (plan: Plan) => void }) {
  const id = useId();
  const [name, setName] = useState(plan?.name ?? "");
  const [description, setDescription] = useState(plan?.description ?? "");
  const [coversAll, setCoversAll] = useState(plan?.covers_all_items ?? false);
  const [items, setItems] = useState<PlanItem[]>(plan?.items ?? []);
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const create = useCreatePlan(platformKey);
  const update = useUpdatePlan(platformKey);
  const saving = create.isPending || update.isPending;

  const f = (field: FieldName) => `${id}-${field}`;
  const invalid = (field: FieldName) => (errors[field]?.length ? true : undefined);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const found: Errors = {};
    if (!name.trim()) found.name = ["Name is required."];
    else if (name.trim().length > 255) found.name = ["At most 255 characters."];
    if (description.length > 5000) found.description = ["At most 5000 characters."];
    if (!coversAll && items.length === 0) found.items = ["Pick at least one item, or switch on “Every item”."];
    setErrors(found);
    setFormError(null);
    if (Object.keys(found).length) return;

    const body = {
      name: name.trim(),
      description,
      covers_all_items: coversAll,
      items: coversAll ? [] : items.map(({ item_type, item_id }) => ({ item_type, item_id })),
    };
    try {
      if (plan) {
        await update.mutateAsync({ id: plan.id, patch: body });
        toast.success(`Saved ${body.name}`);
      } else {
        const created = await create.mutateAsync(body);
        toast.success(`Created ${created.name}`, { description: "Add a tier so buyers can pick it." });
        onCreated?.(created);
      }
      onDone();
    } catch (err) {
      const { detail, fields } = describeError(err);
      setErrors(fields as Errors);
      setFormError(detail);
    }
  }

  return (
    <>
      <DialogHeader>
        <DialogTitle>{plan ? `Edit ${plan.name}` : "New plan"}</DialogTitle>
        <DialogDescription>
          A plan sells several items together, with its own tiers and share link. Buyers of the plan open every item in it.
        </DialogDescription>
      </DialogHeader>
      <form id={`${id}-form`} onSubmit={submit} noValidate className="space-y-4">
        <TextField
          id={f("name")}
          label="Name"
          value={name}
          maxLength={255}
          placeholder="All-access"
          autoFocus
          invalid={invalid("name")}
          errors={errors.name}
          onValueChange={(v) => {
            setName(v);
            setErrors((x) => ({ ...x, name: undefined }));
          }}
        />
        <TextareaField
          id={f("description")}
          label="Description"
          value={description}
          rows={2}
          maxLength={5000}
          aria-describedby={`${f("description")}-help`}
          invalid={invalid("description")}
          errors={errors.description}
          onValueChange={(v) => {
            setDescription(v);
            setErrors((x) => ({ ...x, description: undefined }));
          }}
        >
          <FieldDescription id={`${f("description")}-help`}>Optional; shown on the plan&apos;s buy page.</FieldDescription>
        </TextareaField>
        <Field orientation="horizontal">
          <Switch
            id={f("items") + "-all"}
            checked={coversAll}
            onCheckedChange={(v) => {
              setCoversAll(v);
              setErrors((x) => ({ ...x, items: undefined }));
            }}
          />
          <FieldContent>
            <FieldLabel htmlFor={f("items") + "-all"}>Every item, present and future</FieldLabel>
            <FieldDescription>An all-access plan: it also opens items added to the catalog later.</FieldDescription>
          </FieldContent>
        </Field>
        {!coversAll && (
          <Field data-invalid={invalid("items")}>
            {/* the search box is named by the picker itself ("Search items to include") */}
            <FieldTitle>Items in the plan</FieldTitle>
            <PlanItemPicker
              platformKey={platformKey}
              value={items}
              onChange={(next) => {
                setItems(next);
                setErrors((x) => ({ ...x, items: undefined }));
              }}
              invalid={Boolean(invalid("items"))}
              describedBy={errors.items?.length ? `${f("items")}-error` : undefined}
              disabled={saving}
            />
            <FieldError id={`${f("items")}-error`} errors={errors.items} />
          </Field>
        )}
        {formError && (
          <p role="alert" className="text-sm text-destructive">
            {formError}
          </p>
        )}
      </form>
      <DialogFooter>
        <Button type="button" variant="outline" onClick={onDone} disabled={saving}>
          Cancel
        </Button>
        <Button type="submit" form={`${id}-form`} disabled={saving}>
          {saving && <Spinner aria-hidden role="presentation" aria-label={undefined} />}
          {plan ? "Save plan" : "Create plan"}
        </Button>
      </DialogFooter>
    </>
  );
}
