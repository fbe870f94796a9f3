"use client";

import type { ReactNode } from "react";
import { AlertCircle, Inbox, PlugZap, RotateCw } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { ApiRequestError } from "@/lib/queries/fetch-json";
import { cn } from "@/lib/utils";

type Problem = { title: string; detail: string; retry: boolean; connect?: boolean };

/**
 * What to tell the owner about a failed read: the API's `detail` always, the title and whether
 * a retry can help chosen by its `code` (see lib/api/contract.ts for the codes).
 */
export function problemOf(error: unknown, what: string): Problem {
  if (!(error instanceof ApiRequestError)) {
    return { title: `Could not load ${what}`, detail: "The server could not be reached. Check your connection and try again.", retry: true };
  }
  switch (error.code) {
    case "not_connected":
    case "connect_not_ready":
      return { title: "Stripe is not connected", detail: error.detail, retry: false, connect: true };
    case "permission_denied":
    case "not_authenticated":
      return { title: `You cannot see ${what}`, detail: error.detail, retry: false };
    case "stripe_unavailable":
    case "upstream_error":
      return { title: "Stripe is unavailable right now", detail: error.detail, retry: true };
    case "too_many_points":
    case "range_too_long":
    case "invalid_range":
    case "validation_error":
      return { title: "Pick another date range", detail: fieldDetail(error), retry: false };
    case "rate_limited":
      return { title: "Too many requests", detail: error.detail, retry: true };
    default:
      return { title: `Could not load ${what}`, detail: error.detail, retry: error.status >= 500 || error.status === 0 };
  }
}

/** The detail plus the first message of each invalid field (`from: …`). */
function fieldDetail(error: ApiRequestError): string {
  const fields = Object.entries(error.errors).map(([k, v]) => `${k}: ${v[0]}`);
  return fields.length ? `${error.detail} ${fields.join("; ")}` : error.detail;
}

export function ErrorState({ error, what, onRetry, className }: { error: unknown; what: string; onRetry?: () => void; className?: string }) {
  const p = problemOf(error, what);
  const Icon = p.connect ? PlugZap : AlertCircle;
  return (
    <div role="alert" className={cn("flex flex-col items-start gap-2 rounded-lg border border-destructive/30 bg-destructive/5 p-4 text-sm", className)}>
      <p className="flex items-center gap-1.5 font-medium text-destructive">
        <Icon className="size-4 shrink-0" aria-hidden />
        {p.title}
      </p>
      <p className="text-muted-foreground">{p.detail}</p>
      {p.retry && onRetry && (
        <Button type="button" variant="outline" size="sm" onClick={onRetry}>
          <RotateCw aria-hidden /> Try again
        </Button>
      )}
    </div>
  );
}

export function EmptyState({ title, children, icon, className }: { title: string; children?: ReactNode; icon?: ReactNode; className?: string }) {
  return (
    <div className={cn("flex flex-col items-center gap-1.5 rounded-lg border border-dashed p-6 text-center text-sm text-muted-foreground", className)}>
      {icon ?? <Inbox className="size-5" aria-hidden />}
      <p className="font-medium text-foreground">{title}</p>
      {children}
    </div>
  );
}

/** Placeholder rows while a table loads. */
export function TableSkeleton({ rows = 5, label }: { rows?: number; label: string }) {
  return (
    <div className="space-y-2" aria-label={label} aria-busy="true" role="status">
      {Array.from({ length: rows }, (_, i) => (
        <Skeleton key={i} className="h-9 w-full" />
      ))}
    </div>
  );
}

/** Previous / next for a page answer (`count`, `next_page`, `previous_page`). */
export function Pager({
  page,
  pageSize,
  count,
  onPage,
  label,
}: {
  page: number;
  pageSize: number;
  count: number;
  onPage: (page: number) => void;
  label: string;
}) {
  const pages = Math.max(1, Math.ceil(count / pageSize));
  if (pages <= 1) return null;
  return (
    <nav aria-label={label} className="flex items-center justify-end gap-2 text-sm">
      <Button variant="outline" size="sm" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        Previous
      </Button>
      <span className="text-muted-foreground" aria-live="polite">
        Page {page} of {pages}
      </span>
      <Button variant="outline" size="sm" disabled={page >= pages} onClick={() => onPage(page + 1)}>
        Next
      </Button>
    </nav>
  );
}
