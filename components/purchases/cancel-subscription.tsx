"use client";

import { useState } from "react";
import { AlertCircle, ExternalLink, RotateCw } from "lucide-react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Field, FieldDescription, FieldLabel } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Spinner } from "@/components/ui/spinner";
import { cn } from "@/lib/utils";
import { ApiRequestError } from "@/lib/queries/fetch-json";
import { isPortalResult, useCancelSubscription, type Subscription } from "@/lib/queries/subscriptions";
import { formatDate } from "@/lib/format/format";
import { cancelNoun, isRecurring, purchaseName } from "./purchase-format";

const CONFIRM_WORD = "cancel";

type Props = {
  platformKey: string;
  /** The platform that sold it: who to ask for a refund. */
  sellerName: string;
  subscription: Subscription;
  /** Immediate cancel finished; the updated record. */
  onCanceled: (updated: Subscription) => void;
  /** The server no longer knows this purchase: the list was stale. */
  onStale: () => void;
};

type Problem = { kind: "support" | "retry"; title: string; detail: string };

function problemFor(error: unknown): Problem {
  if (!(error instanceof ApiRequestError)) {
    return { kind: "retry", title: "Could not reach the server", detail: "Check your connection and try again." };
  }
  if (error.status === 400) return { kind: "support", title: "Contact support", detail: error.detail };
  if (error.status === 502 || error.status === 503) return { kind: "retry", title: "Stripe is unavailable right now", detail: error.detail };
  return { kind: "retry", title: "Could not cancel", detail: error.detail };
}

export function CancelSubscription({ platformKey, sellerName, subscription: s, onCanceled, onStale }: Props) {
  const cancel = useCancelSubscription(platformKey);
  const [confirm, setConfirm] = useState("");
  const [problem, setProblem] = useState<Problem | null>(null);
  // Stays true after the portal answers: the page is navigating away.
  const [redirecting, setRedirecting] = useState(false);
  const recurring = isRecurring(s);
  const noun = cancelNoun(s);
  const busy = cancel.isPending || redirecting;

  function run() {
    setProblem(null);
    cancel.mutate(
      { item_type: s.item_type, item_id: s.item_id, ...(recurring && { return_url: window.location.href }) },
      {
        onSuccess: (result) => {
          // Branch on the answer, not on what we expected: the server decides.
          if (isPortalResult(result)) {
            setRedirecting(true);
            window.location.assign(result.portal_url);
            return;
          }
          toast.success(noun === "access" ? "Access ended" : `${noun === "purchase" ? "Purchase" : "Subscription"} canceled`, {
            description: "Your access has ended.",
          });
          onCanceled(result);
        },
        onError: (error) => {
          if (error instanceof ApiRequestError && error.status === 404) {
            toast.error("This purchase has changed", { description: "Your purchases list has been refreshed." });
            onStale();
            return;
          }
          const p = problemFor(error);
          setProblem(p);
          toast.error(p.title, { description: p.detail });
        },
      },
    );
  }

  const periodEnd = formatDate(s.current_period_end);

  return (
    <section
      aria-labelledby="cancel-subscription-heading"
      className={cn("space-y-3 rounded-lg border p-4", !recurring && "border-destructive/30")}
    >
      <h3 id="cancel-subscription-heading" className="text-sm font-medium">
        {recurring ? "Manage or cancel" : noun === "purchase" ? "Cancel purchase" : "End access"}
      </h3>

      {recurring ? (
        <>
          <p className="text-sm text-muted-foreground">
            {s.cancel_at_period_end
              ? `This subscription is set to end${periodEnd ? ` on ${periodEnd}` : ""}; access continues until then. Resume it above, or review it in Stripe's billing portal.`
              : `Subscriptions are canceled in Stripe's billing portal. If you cancel, it ends at the end of the current period: access continues until ${periodEnd ?? "then"} and you can resume it until that date. Nothing is refunded for the period already paid.`}
          </p>
          <Button type="button" className="bg-brand-gradient text-white hover:opacity-90" disabled={busy} onClick={run}>
            {busy ? <Spinner aria-hidden /> : <ExternalLink aria-hidden />}
            {busy ? "Opening Stripe…" : "Manage in Stripe"}
          </Button>
        </>
      ) : (
        <form
          className="space-y-3"
          onSubmit={(e) => {
            e.preventDefault();
            if (confirm.trim() === CONFIRM_WORD && !busy) run();
          }}
        >
          {noun === "purchase" ? (
            <p className="text-sm text-muted-foreground">
              Canceling ends your access to {purchaseName(s)} right away, and it can&apos;t be undone: you would need to buy it again.{" "}
              <strong className="font-medium text-foreground">No money is refunded automatically</strong> — to ask for a refund, contact {sellerName}.
            </p>
          ) : (
            <p className="text-sm text-muted-foreground">
              Ending this access takes effect right away and can&apos;t be undone: you would need to buy the item to get it back.
            </p>
          )}
          <Field>
            <FieldLabel htmlFor={`confirm-cancel-${s.unique_id}`}>
              Type <code className="rounded bg-muted px-1 font-mono text-xs">cancel</code> to confirm
            </FieldLabel>
            <Input
              id={`confirm-cancel-${s.unique_id}`}
              value={confirm}
              onChange={(e) => setConfirm(e.target.value)}
              autoComplete="off"
              autoCapitalize="off"
              spellCheck={false}
              disabled={busy}
              placeholder={CONFIRM_WORD}
            />
            <FieldDescription>This is an irreversible action.</FieldDescription>
          </Field>
          <Button type="submit" variant="destructive" disabled={confirm.trim() !== CONFIRM_WORD || busy}>
            {busy && <Spinner aria-hidden />}
            {noun === "purchase" ? "Cancel purchase" : "End access"}
          </Button>
        </form>
      )}

      {problem && (
        <div role="alert" className="flex flex-col items-start gap-2 rounded-md bg-destructive/10 p-3 text-sm">
          <p className="flex items-center gap-1.5 font-medium text-destructive">
            <AlertCircle className="size-4 shrink-0" aria-hidden />
            {problem.title}
          </p>
          <p className="text-muted-foreground">
            {problem.detail}
            {problem.kind === "support" && " Please contact support and mention this item."}
          </p>
          {problem.kind === "retry" && (
            <Button type="button" variant="outline" size="sm" onClick={run} disabled={busy}>
              <RotateCw aria-hidden /> Retry
            </Button>
          )}
        </div>
      )}
    </section>
  );
}
