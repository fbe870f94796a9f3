"use client";

import { RotateCcw } from "lucide-react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import { formatDate } from "@/lib/format/format";
import { ApiRequestError } from "@/lib/queries/fetch-json";
import { useResumeSubscription, type MyPurchase, type Subscription } from "@/lib/queries/subscriptions";
import { canResume, purchaseName } from "./purchase-format";

type Props = {
  purchase: MyPurchase;
  onResumed?: (updated: Subscription) => void;
  size?: "sm" | "default";
  variant?: "default" | "outline";
};

/** Undoes a scheduled cancellation; shown only while the period has not ended. */
export function ResumeSubscriptionButton({ purchase: p, onResumed, size = "default", variant = "default" }: Props) {
  const resume = useResumeSubscription();
  if (!canResume(p)) return null;
  const name = purchaseName(p);

  function run() {
    resume.mutate(
      { platform_key: p.platform.key, item_type: p.item_type, item_id: p.item_id },
      {
        onSuccess: (updated) => {
          const renews = formatDate(updated.current_period_end);
          toast.success("Subscription resumed", { description: renews ? `It renews on ${renews}.` : "It renews as before." });
          onResumed?.(updated);
        },
        onError: (error) => {
          // 409: it ended meanwhile or was resumed elsewhere; the lists refresh either way
          const detail = error instanceof ApiRequestError ? error.detail : "Check your connection and try again.";
          toast.error("Could not resume the subscription", { description: detail });
        },
      },
    );
  }

  return (
    <Button type="button" size={size} variant={variant} aria-label={`Resume ${name}`} disabled={resume.isPending} onClick={run}>
      {resume.isPending ? <Spinner aria-hidden /> : <RotateCcw aria-hidden />}
      {resume.isPending ? "Resuming…" : "Resume"}
    </Button>
  );
}
