"use client";

import { Check } from "lucide-react";
import { cn } from "@/lib/utils";
import { STEP_LABELS, type WizardStep } from "./paywall-utils";

type Props = {
  steps: WizardStep[];
  current: WizardStep;
  /** Whether a step may be opened from the indicator right now. */
  canOpen: (step: WizardStep) => boolean;
  isDone: (step: WizardStep) => boolean;
  onOpen: (step: WizardStep) => void;
};

export function StepIndicator({ steps, current, canOpen, isDone, onOpen }: Props) {
  return (
    <nav aria-label="Paywall setup steps">
      <ol className="flex items-center gap-2">
        {steps.map((step, i) => {
          const active = step === current;
          const done = !active && isDone(step);
          return (
            <li key={step} className="flex flex-1 items-center gap-2 last:flex-none">
              <button
                type="button"
                aria-current={active ? "step" : undefined}
                disabled={!active && !canOpen(step)}
                onClick={() => onOpen(step)}
                className={cn(
                  "flex items-center gap-2 rounded-md px-2 py-1 text-sm font-medium transition-colors focus-visible:ring-[3px] focus-visible:ring-ring/50 focus-visible:outline-none disabled:cursor-not-allowed disabled:opacity-50",
                  active ? "text-primary" : "text-muted-foreground enabled:hover:text-foreground",
                )}
              >
                <span
                  aria-hidden
                  className={cn(
                    "flex size-6 items-center justify-center rounded-full border text-xs",
                    active && "border-transparent bg-brand-gradient text-white",
                    done && "border-transparent bg-primary/10 text-primary",
                  )}
                >
                  {done ? <Check className="size-3.5" /> : i + 1}
                </span>
                {STEP_LABELS[step]}
              </button>
              {i < steps.length - 1 && <span aria-hidden className="h-px flex-1 bg-border" />}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
