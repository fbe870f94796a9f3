"use client";

import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { InfoIcon } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { MonetizationTab } from "@/components/monetization/monetization-tab";
import { ApiTokensPanel } from "./api-tokens-panel";

/** Why the current platform has no Monetization tab; null when it has one. */
export type MonetizationOff =
  /** the operator has not turned monetization on for this platform */
  | { reason: "flag_off"; platformName: string; viewerIsOperator: boolean }
  /** the viewer is a member, not an owner or admin */
  | { reason: "not_admin"; platformName: string }
  | { reason: "no_platform" };

type Props = {
  tab: string | undefined;
  platforms: { key: string; name: string }[];
  currentPlatformKey: string | null;
  /** Set when the current platform sells items and the viewer administers it. */
  monetizationPlatformKey: string | null;
  /** Set when it does not, so the tab can say why instead of silently vanishing. */
  monetizationOff?: MonetizationOff | null;
};

function MonetizationUnavailable({ off }: { off: MonetizationOff }) {
  const { title, text } =
    off.reason === "flag_off"
      ? {
          title: `Monetization is off for ${off.platformName}`,
          text: off.viewerIsOperator
            ? "You run this deployment: turn on “Monetization” for the platform in the operator console, then come back here to connect Stripe and set up paywalls."
            : "Selling is switched on per platform by the operator who runs this Tollgate deployment, in the operator console. Ask them to turn on monetization for this platform; the tab then lets you connect Stripe and set up paywalls.",
        }
      : off.reason === "not_admin"
        ? {
            title: "Monetization is for platform owners and admins",
            text: `You are a member of ${off.platformName}. Its owner or an admin sets up Stripe and paywalls; what you bought is under Profile → Purchases.`,
          }
        : {
            title: "You are not on a platform yet",
            text: "To sell, you need a platform: the operator who runs this Tollgate deployment creates it and adds you as its owner. Then you connect Stripe here.",
          };
  return (
    <div role="status" data-testid="monetization-unavailable" className="flex max-w-2xl gap-3 rounded-xl border bg-card p-5 text-sm shadow-sm">
      <InfoIcon aria-hidden className="mt-0.5 size-5 shrink-0 text-primary" />
      <div className="space-y-2">
        <p className="font-medium">{title}</p>
        <p className="text-muted-foreground">{text}</p>
        {off.reason === "flag_off" && off.viewerIsOperator && (
          <Button asChild size="sm" variant="outline">
            <Link href="/operator">Open the operator console</Link>
          </Button>
        )}
        {off.reason === "not_admin" && (
          <Button asChild size="sm" variant="outline">
            <Link href="/profile?tab=purchases">Open Purchases</Link>
          </Button>
        )}
      </div>
    </div>
  );
}

export function AccountTabs({ tab, platforms, currentPlatformKey, monetizationPlatformKey, monetizationOff }: Props) {
  const router = useRouter();
  const pathname = usePathname();
  // An owner or admin whose platform is not switched on keeps the tab, which says why and who
  // can change that. Anyone else asking for it by URL gets the reason above the tabs instead of
  // landing silently on API tokens.
  const off = monetizationPlatformKey ? null : (monetizationOff ?? null);
  const flagOff = off?.reason === "flag_off";
  const tabs = [
    ...(monetizationPlatformKey || flagOff ? [{ value: "monetization", label: "Monetization" }] : []),
    { value: "api-tokens", label: "API tokens" },
  ];
  const active = tabs.some((t) => t.value === tab) ? tab! : tabs[0].value;

  return (
    <Tabs value={active} onValueChange={(v) => router.replace(`${pathname}?profileTab=${v}`, { scroll: false })}>
      {off && !flagOff && tab === "monetization" && (
        <div className="mb-4">
          <MonetizationUnavailable off={off} />
        </div>
      )}
      <TabsList>
        {tabs.map((t) => (
          <TabsTrigger key={t.value} value={t.value}>{t.label}</TabsTrigger>
        ))}
      </TabsList>
      {monetizationPlatformKey ? (
        <TabsContent value="monetization" className="pt-4">
          <MonetizationTab platformKey={monetizationPlatformKey} />
        </TabsContent>
      ) : off && flagOff ? (
        <TabsContent value="monetization" className="pt-4">
          <MonetizationUnavailable off={off} />
        </TabsContent>
      ) : null}
      <TabsContent value="api-tokens" className="pt-4">
        <ApiTokensPanel platforms={platforms} defaultPlatformKey={currentPlatformKey} />
      </TabsContent>
    </Tabs>
  );
}
