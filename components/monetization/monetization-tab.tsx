"use client";

import { Lock } from "lucide-react";
import { useSearchParams } from "next/navigation";
import { useConnectStatus } from "@/lib/queries/connect";
import { PaywallsSection } from "./paywalls/paywalls-section";
import { StripeConnectCard } from "./stripe-connect-card";

export function MonetizationTab({ platformKey }: { platformKey: string }) {
  const returning = useSearchParams().get("connect") === "return";
  const status = useConnectStatus(platformKey, { refreshFromStripe: returning });
  const ready = status.data?.is_ready_for_payments ?? false;
  return (
    <div className="space-y-6">
      <StripeConnectCard platformKey={platformKey} />
      {status.isSuccess && !ready && (
        <div
          data-testid="paywalls-locked"
          className="flex flex-col items-center gap-2 rounded-xl border-2 border-dashed p-8 text-center text-sm text-muted-foreground"
        >
          <Lock className="size-5" aria-hidden />
          <p className="font-medium text-foreground">Connect Stripe first to configure paywalls</p>
          <p>Paywalls and pricing tiers unlock once the Stripe account can accept payments.</p>
        </div>
      )}
      {status.isSuccess && ready && <PaywallsSection platformKey={platformKey} />}
    </div>
  );
}
