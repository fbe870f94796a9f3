"use client";

import { Lock } from "lucide-react";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { CreditsPanel } from "@/components/credits/credits-panel";
import { AccessRulesPanel } from "@/components/access-rules/access-rules-panel";
import { InsightsPanel } from "@/components/insights/insights-panel";
import { NotificationSettingsCard } from "@/components/notifications/notification-settings-card";
import { PlansPanel } from "@/components/plans/plans-panel";
import { PromotionCodesPanel } from "@/components/promotions/promotion-codes-panel";
import { TipSettingsCard } from "@/components/tips/tip-settings-card";
import { RevenueSection } from "@/components/revenue/revenue-section";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { WebhooksSection } from "@/components/webhooks/webhooks-section";
import { useConnectStatus } from "@/lib/queries/connect";
import { PaywallsSection } from "./paywalls/paywalls-section";
import { StripeConnectCard } from "./stripe-connect-card";

const VIEWS = ["paywalls", "plans", "promotions", "rules", "insights", "credits", "revenue", "webhooks"] as const;
type View = (typeof VIEWS)[number];

/** Selling needs a Stripe account that can take payments; until then these views say so. */
function ConnectFirst({ what }: { what: string }) {
  return (
    <div
      data-testid={`${what}-locked`}
      className="flex flex-col items-center gap-2 rounded-xl border-2 border-dashed p-8 text-center text-sm text-muted-foreground"
    >
      <Lock className="size-5" aria-hidden />
      <p className="font-medium text-foreground">Connect Stripe first to configure {what}</p>
      <p>Paywalls, plans and pricing tiers unlock once the Stripe account can accept payments.</p>
    </div>
  );
}

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
      {/* the views do not fit a phone's width: the row scrolls sideways instead of wrapping */}
      <div className="-mx-1 max-w-full overflow-x-auto px-1 pb-1">
        <TabsList aria-label="Monetization">
          <TabsTrigger value="paywalls">Paywalls</TabsTrigger>
          <TabsTrigger value="plans">Plans</TabsTrigger>
          <TabsTrigger value="promotions">Promotion codes</TabsTrigger>
          <TabsTrigger value="rules">Access rules</TabsTrigger>
          <TabsTrigger value="insights">Insights</TabsTrigger>
          <TabsTrigger value="credits">Credits</TabsTrigger>
          <TabsTrigger value="revenue">Revenue</TabsTrigger>
          <TabsTrigger value="webhooks">Webhooks &amp; e-mails</TabsTrigger>
        </TabsList>
      </div>
      <TabsContent value="paywalls" className="space-y-6">
        <StripeConnectCard platformKey={platformKey} />
        {status.isSuccess && !ready && <ConnectFirst what="paywalls" />}
        {status.isSuccess && ready && <PaywallsSection platformKey={platformKey} />}
      </TabsContent>
      <TabsContent value="plans" className="space-y-6">
        {status.isSuccess && !ready && <ConnectFirst what="plans" />}
        {status.isSuccess && ready && <PlansPanel platformKey={platformKey} />}
      </TabsContent>
      <TabsContent value="promotions" className="space-y-6">
        <PromotionCodesPanel platformKey={platformKey} />
        <TipSettingsCard platformKey={platformKey} />
      </TabsContent>
      <TabsContent value="rules">
        <AccessRulesPanel platformKey={platformKey} />
      </TabsContent>
      <TabsContent value="insights">
        <InsightsPanel platformKey={platformKey} />
      </TabsContent>
      <TabsContent value="credits">
        <CreditsPanel platformKey={platformKey} />
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
