"use client";

import { useState } from "react";
import { Plus, TicketPercent } from "lucide-react";
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
  AlertDialogTrigger,
} from "@/components/ui/alert-dialog";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardAction, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatAmount, formatDateTime } from "@/lib/format/format";
import { usePromotionCodes, useSetPromotionCodeActive, type PromotionCodeView } from "@/lib/queries/promotions";
import { CreatePromotionCodeDialog } from "./create-promotion-code-dialog";
import { EmptyState } from "@/components/monetization/shared/list-states";

/** "20 % off" or "$5.00 off". */
export function discountLabel(code: Pick<PromotionCodeView, "percent_off" | "amount_off" | "currency">): string {
  if (code.percent_off != null) return `${code.percent_off} % off`;
  return `${formatAmount(code.amount_off ?? "0", code.currency ?? "usd")} off`;
}

/** "Once", "3 months", "Forever": how many payments of a subscription it discounts. */
export function durationLabel(code: Pick<PromotionCodeView, "duration" | "duration_in_months">): string {
  if (code.duration === "repeating") return `${code.duration_in_months} month${code.duration_in_months === 1 ? "" : "s"}`;
  return code.duration === "once" ? "First payment" : "Every payment";
}

type Status = { label: string; variant: "success" | "secondary" | "warning" };

function statusOf(code: PromotionCodeView, now: number): Status {
  if (!code.active) return { label: "Inactive", variant: "secondary" };
  if (code.expires_at && new Date(code.expires_at).getTime() <= now) return { label: "Expired", variant: "warning" };
  if (code.max_redemptions != null && code.times_redeemed >= code.max_redemptions) return { label: "Used up", variant: "warning" };
  return { label: "Active", variant: "success" };
}

/** Monetization → Promotion codes: the platform's codes, their use, and making or stopping one. */
export function PromotionCodesPanel({ platformKey }: { platformKey: string }) {
  const codes = usePromotionCodes(platformKey);
  const [adding, setAdding] = useState(false);
  // the time the statuses are read against (expired or not), fixed while the panel is open
  const [now] = useState(() => Date.now());

  return (
    <Card data-testid="promotion-codes-panel">
      <CardHeader>
        <CardTitle>Promotion codes</CardTitle>
        <CardDescription>
          Discount codes buyers enter on the buy page or in the paywall dialog. Each customer can use a code once; your commission is taken on the discounted amount.
        </CardDescription>
        <CardAction>
          <Button type="button" size="sm" onClick={() => setAdding(true)}>
            <Plus aria-hidden /> New code
          </Button>
        </CardAction>
      </CardHeader>
      <CardContent>
        {codes.isPending && <Skeleton className="h-16 w-full" />}
        {codes.isError && (
          <p role="alert" className="text-sm text-destructive">
            Could not load promotion codes: {codes.error.message}
          </p>
        )}
        {codes.isSuccess && codes.data.results.length === 0 && (
          <EmptyState
            icon={TicketPercent}
            className="rounded-xl border-2 p-6"
            title="No promotion codes yet"
            hint="Create one to offer a percentage or a fixed amount off, for everything or for chosen items and plans."
          />
        )}
        {codes.isSuccess && codes.data.results.length > 0 && (
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>Code</TableHead>
                <TableHead>Discount</TableHead>
                <TableHead>Duration</TableHead>
                <TableHead className="text-right">Redemptions</TableHead>
                <TableHead>Expires</TableHead>
                <TableHead>Status</TableHead>
                <TableHead>
                  <span className="sr-only">Actions</span>
                </TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {codes.data.results.map((code) => (
                <CodeRow key={code.id} platformKey={platformKey} code={code} now={now} />
              ))}
            </TableBody>
          </Table>
        )}
      </CardContent>
      {adding && <CreatePromotionCodeDialog platformKey={platformKey} onClose={() => setAdding(false)} />}
    </Card>
  );
}

function CodeRow({ platformKey, code, now }: { platformKey: string; code: PromotionCodeView; now: number }) {
  const setActive = useSetPromotionCodeActive(platformKey);
  const status = statusOf(code, now);
  // an expired code cannot be reactivated (the API refuses it too)
  const expired = !!code.expires_at && new Date(code.expires_at).getTime() <= now;

  function change(active: boolean) {
    setActive.mutate(
      { id: code.id, active },
      {
        onSuccess: () => toast.success(active ? `${code.code} reactivated` : `${code.code} deactivated`),
        onError: (e) => toast.error(`Could not save: ${e.message}`),
      },
    );
  }

  const restricted = code.applies_to.length > 0;
  return (
    <TableRow data-testid="promotion-code-row">
      <TableCell>
        <span className="font-mono font-medium">{code.code}</span>
        {(restricted || code.first_time_only || code.public) && (
          <span className="block max-w-64 truncate text-xs text-muted-foreground" title={code.applies_to.map((t) => t.name ?? t.item_id).join(", ")}>
            {[restricted ? `Only ${code.applies_to.map((t) => t.name ?? t.item_id).join(", ")}` : null, code.first_time_only ? "first purchase only" : null, code.public ? "shown publicly" : null]
              .filter(Boolean)
              .join(" · ")}
          </span>
        )}
      </TableCell>
      <TableCell>{discountLabel(code)}</TableCell>
      <TableCell>{durationLabel(code)}</TableCell>
      <TableCell className="text-right tabular-nums">
        {code.times_redeemed}
        {code.max_redemptions != null && <span className="text-muted-foreground"> / {code.max_redemptions}</span>}
      </TableCell>
      <TableCell>{code.expires_at ? formatDateTime(code.expires_at) : <span className="text-muted-foreground">Never</span>}</TableCell>
      <TableCell>
        <Badge variant={status.variant}>{status.label}</Badge>
      </TableCell>
      <TableCell className="text-right">
        {code.active ? (
          <AlertDialog>
            <AlertDialogTrigger asChild>
              <Button type="button" size="sm" variant="outline" disabled={setActive.isPending} aria-label={`Deactivate ${code.code}`}>
                Deactivate
              </Button>
            </AlertDialogTrigger>
            <AlertDialogContent>
              <AlertDialogHeader>
                <AlertDialogTitle>Deactivate {code.code}?</AlertDialogTitle>
                <AlertDialogDescription>
                  Buyers can no longer use it, starting now. Purchases already made keep their discount, and subscriptions keep it for the rest of its duration.
                </AlertDialogDescription>
              </AlertDialogHeader>
              <AlertDialogFooter>
                <AlertDialogCancel>Cancel</AlertDialogCancel>
                <AlertDialogAction onClick={() => change(false)}>Deactivate code</AlertDialogAction>
              </AlertDialogFooter>
            </AlertDialogContent>
          </AlertDialog>
        ) : (
          !expired && (
            <Button type="button" size="sm" variant="outline" disabled={setActive.isPending} aria-label={`Reactivate ${code.code}`} onClick={() => change(true)}>
              Reactivate
            </Button>
          )
        )}
      </TableCell>
    </TableRow>
  );
}
