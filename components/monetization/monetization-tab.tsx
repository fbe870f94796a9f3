"use client";

import { Lock } from "lucide-react";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { NotificationSettingsCard } from "@/components/notifications/notification-settings-card";
import { RevenueSection } from "@/components/revenue/revenue-section";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { WebhooksSection } from "@/components/webhooks/webhooks-section";
import { useConnectStatus } from "@/lib/queries/connect";
import { PaywallsSection } from "./paywalls/paywalls-section";
import { StripeConnectCard } from "./stripe-connect-card";

const VIEWS = ["paywalls", "revenue", "webhooks"] as const;
type View = (typeof VIEWS)[number];

export function MonetizationTab({ platformKey }: { platformKey: string }) {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const returning = params.get("connect") === "return";
  const status = useConnectStatus(platformKey, { refreshFromStripe: returning });
  const ready = status.data?.is_ready_for_payments ?? false;
  const asked = params.get("view");
  const view: View = VIEWS.includes(asked as View) ? (asked as View) : "paywalls";

  function show(v: string) {
    // keep the account tab (and anything else in the URL); only the sub-view changes
    const next = new URLSearchParams(params.toString());
    next.set("profileTab", "monetization");
    if (v === "paywalls") next.delete("view");
    else next.set("view", v);
    router.replace(`${pathname}?${next}`, { scroll: false });
  }

  return (
    <Tabs value={view} onValueChange={show} className="gap-4">
      <TabsList aria-label="Monetization">
        <TabsTrigger value="paywalls">Paywalls</TabsTrigger>
        <TabsTrigger value="revenue">Revenue</TabsTrigger>
        <TabsTrigger value="webhooks">Webhooks &amp; e-mails</TabsTrigger>
      </TabsList>
      <TabsContent value="paywalls" className="space-y-6">
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
      </TabsContent>
      <TabsContent value="webhooks" className="space-y-6">
        <WebhooksSection platformKey={platformKey} />
        <NotificationSettingsCard platformKey={platformKey} />
      </TabsContent>
      <TabsContent value="revenue">
        <RevenueSection platformKey={platformKey} />
      </TabsContent>
    </Tabs>
  );
}
