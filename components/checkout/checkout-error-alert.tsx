"use client";

import type { ReactNode } from "react";
import { CircleAlertIcon } from "lucide-react";
import { cn } from "@/lib/utils";

/** Inline error next to the Pay buttons; the same message also goes out as a toast. */
export function CheckoutErrorAlert({ message, action, className }: { message: string; action?: ReactNode; className?: string }) {
  return (
    <div
      role="alert"
      className={cn("flex items-start gap-2 rounded-lg border border-destructive/30 bg-destructive/5 px-3 py-2.5 text-sm text-destructive", className)}
    >
      <CircleAlertIcon aria-hidden className="mt-0.5 size-4 shrink-0" />
      <div className="space-y-1">
        <p>{message}</p>
        {action}
      </div>
    </div>
  );
}
