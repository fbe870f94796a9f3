"use client";

import { useId } from "react";
import { SALE_EVENT_DESCRIPTIONS, SALE_EVENT_TYPES, type SaleEventType } from "@/lib/queries/webhook-endpoints";

/** One checkbox per event type, with what the event means. */
export function EventCheckboxes({ value, onChange, invalid }: { value: SaleEventType[]; onChange: (next: SaleEventType[]) => void; invalid?: boolean }) {
  const id = useId();
  const chosen = new Set(value);
  function toggle(type: SaleEventType, on: boolean) {
    const next = new Set(chosen);
    if (on) next.add(type);
    else next.delete(type);
    onChange(SALE_EVENT_TYPES.filter((t) => next.has(t)));
  }
  return (
    <fieldset className="space-y-2" aria-invalid={invalid || undefined}>
      <legend className="mb-2 text-sm font-medium">Events</legend>
      <div className="mb-1 flex gap-3 text-xs">
        <button type="button" className="underline underline-offset-2" onClick={() => onChange([...SALE_EVENT_TYPES])}>
          Select all
        </button>
        <button type="button" className="underline underline-offset-2" onClick={() => onChange([])}>
          Clear
        </button>
      </div>
      <div className="grid gap-2 sm:grid-cols-2">
        {SALE_EVENT_TYPES.map((type) => (
          <label key={type} htmlFor={`${id}-${type}`} className="flex cursor-pointer items-start gap-2 rounded-md border p-2 text-sm has-[:checked]:border-primary">
            <input
              id={`${id}-${type}`}
              type="checkbox"
              className="mt-0.5 size-4 accent-primary"
              checked={chosen.has(type)}
              onChange={(e) => toggle(type, e.target.checked)}
            />
            <span>
              <span className="font-mono text-xs font-medium">{type}</span>
              <span className="block text-xs text-muted-foreground">{SALE_EVENT_DESCRIPTIONS[type]}</span>
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
