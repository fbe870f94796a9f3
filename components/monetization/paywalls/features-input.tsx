"use client";

import { useState, type KeyboardEvent } from "react";
import { X } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Input } from "@/components/ui/input";

export const MAX_FEATURES = 20;
export const MAX_FEATURE_LENGTH = 200;

type Props = {
  id: string;
  value: string[];
  onChange: (features: string[]) => void;
  invalid?: boolean;
  describedBy?: string;
};

/** Chip input: Enter (or leaving the field) adds the typed feature, Backspace on empty removes the last. */
export function FeaturesInput({ id, value, onChange, invalid, describedBy }: Props) {
  const [draft, setDraft] = useState("");
  const full = value.length >= MAX_FEATURES;

  function commit() {
    const text = draft.trim().slice(0, MAX_FEATURE_LENGTH);
    if (!text || full) return;
    if (!value.includes(text)) onChange([...value, text]);
    setDraft("");
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === "Enter") {
      // Enter adds a chip; it must not submit the tier form
      e.preventDefault();
      commit();
    } else if (e.key === "Backspace" && !draft && value.length) {
      onChange(value.slice(0, -1));
    }
  }

  return (
    <div className="space-y-2">
      {value.length > 0 && (
        <ul className="flex flex-wrap gap-1.5" aria-label="Feature list">
          {value.map((feature) => (
            <li key={feature}>
              <Badge variant="secondary" className="gap-1 py-1 pr-1 whitespace-normal">
                {feature}
                <button
                  type="button"
                  aria-label={`Remove feature ${feature}`}
                  onClick={() => onChange(value.filter((f) => f !== feature))}
                  className="rounded-sm p-0.5 hover:bg-foreground/10 focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-none"
                >
                  <X className="size-3" aria-hidden />
                </button>
              </Badge>
            </li>
          ))}
        </ul>
      )}
      <Input
        id={id}
        value={draft}
        placeholder={full ? `At most ${MAX_FEATURES} features` : "Add a feature…"}
        disabled={full}
        maxLength={MAX_FEATURE_LENGTH}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy}
        onChange={(e) => setDraft(e.target.value)}
        onKeyDown={onKeyDown}
        onBlur={commit}
      />
    </div>
  );
}
