"use client";

import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { cn } from "@/lib/utils";
import { PRESETS, presetRange, rangeProblem, type DateRange } from "./date-range";

/** Presets as a segmented control; "Custom" opens two date inputs applied together. */
export function DateRangePicker({ value, onChange, idPrefix = "revenue" }: { value: DateRange; onChange: (r: DateRange) => void; idPrefix?: string }) {
  const [custom, setCustom] = useState(value.preset === "custom");
  const [from, setFrom] = useState(value.from);
  const [to, setTo] = useState(value.to);
  const problem = rangeProblem({ from, to });

  function apply(e: FormEvent) {
    e.preventDefault();
    if (!problem) onChange({ preset: "custom", from, to });
  }

  const segment = (active: boolean) =>
    cn(
      "rounded-md px-2.5 py-1 text-sm font-medium whitespace-nowrap text-muted-foreground transition-colors focus-visible:ring-[3px] focus-visible:ring-ring/50 focus-visible:outline-none",
      active && "bg-background text-foreground shadow-sm",
    );

  return (
    <div className="flex flex-col gap-2">
      <div role="group" aria-label="Date range" className="inline-flex w-fit max-w-full flex-wrap gap-0.5 rounded-lg bg-muted p-1">
        {PRESETS.map((p) => (
          <button
            key={p.value}
            type="button"
            aria-pressed={!custom && value.preset === p.value}
            className={segment(!custom && value.preset === p.value)}
            onClick={() => {
              setCustom(false);
              const r = presetRange(p.value);
              setFrom(r.from);
              setTo(r.to);
              onChange(r);
            }}
          >
            {p.label}
          </button>
        ))}
        <button type="button" aria-pressed={custom} className={segment(custom)} onClick={() => setCustom(true)}>
          Custom
        </button>
      </div>
      {custom && (
        <form onSubmit={apply} className="flex flex-wrap items-end gap-2" aria-label="Custom date range">
          <div className="flex flex-col gap-1">
            <Label htmlFor={`${idPrefix}-from`}>From</Label>
            <Input id={`${idPrefix}-from`} type="date" value={from} max={to || undefined} onChange={(e) => setFrom(e.target.value)} className="w-40" />
          </div>
          <div className="flex flex-col gap-1">
            <Label htmlFor={`${idPrefix}-to`}>To</Label>
            <Input id={`${idPrefix}-to`} type="date" value={to} min={from || undefined} onChange={(e) => setTo(e.target.value)} className="w-40" />
          </div>
          <Button type="submit" size="sm" disabled={!!problem}>
            Apply
          </Button>
          {problem && (from || to) && (
            <p role="alert" className="basis-full text-sm text-destructive">
              {problem}
            </p>
          )}
        </form>
      )}
    </div>
  );
}
