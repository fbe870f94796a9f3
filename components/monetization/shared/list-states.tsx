"use client";

import type { LucideIcon } from "lucide-react";
import { Button } from "@/components/ui/button";
import { cn } from "@/lib/utils";

// The failed and the empty state of the admin lists (paywalls, tiers, plans, codes, endpoints).

/** A list that could not be loaded, with a retry. `className` sets the corner radius (rounded-lg by default). */
export function LoadError({ message, onRetry, className }: { message: string; onRetry: () => unknown; className?: string }) {
  return (
    <div role="alert" className={cn("flex flex-col items-start gap-2 rounded-lg border p-4 text-sm", className)}>
      <p className="text-destructive">{message}</p>
      <Button variant="outline" size="sm" onClick={() => onRetry()}>
        Try again
      </Button>
    </div>
  );
}

/** A list with nothing in it yet: an icon, what is missing and how to add it. `className` sets border, radius and padding. */
export function EmptyState({ icon: Icon, title, hint, className }: { icon: LucideIcon; title: string; hint: string; className: string }) {
  return (
    <div className={cn("flex flex-col items-center gap-2 border-dashed text-center text-sm text-muted-foreground", className)}>
      <Icon className="size-5" aria-hidden />
      <p className="font-medium text-foreground">{title}</p>
      <p>{hint}</p>
    </div>
  );
}
