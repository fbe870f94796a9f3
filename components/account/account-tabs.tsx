"use client";

import { usePathname, useRouter } from "next/navigation";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { MonetizationTab } from "@/components/monetization/monetization-tab";
import { ApiTokensPanel } from "./api-tokens-panel";

type Props = {
  tab: string | undefined;
  platforms: { key: string; name: string }[];
  currentPlatformKey: string | null;
  /** Set when the current platform sells items and the viewer administers it. */
  monetizationPlatformKey: string | null;
};

export function AccountTabs({ tab, platforms, currentPlatformKey, monetizationPlatformKey }: Props) {
  const router = useRouter();
  const pathname = usePathname();
  // Only tabs whose feature exists and applies to the viewer are listed.
  const tabs = [
    ...(monetizationPlatformKey ? [{ value: "monetization", label: "Monetization" }] : []),
    { value: "api-tokens", label: "API tokens" },
  ];
  const active = tabs.some((t) => t.value === tab) ? tab! : tabs[0].value;

  return (
    <Tabs value={active} onValueChange={(v) => router.replace(`${pathname}?profileTab=${v}`, { scroll: false })}>
      <TabsList>
        {tabs.map((t) => (
          <TabsTrigger key={t.value} value={t.value}>{t.label}</TabsTrigger>
        ))}
      </TabsList>
      {monetizationPlatformKey && (
        <TabsContent value="monetization" className="pt-4">
          <MonetizationTab platformKey={monetizationPlatformKey} />
        </TabsContent>
      )}
      <TabsContent value="api-tokens" className="pt-4">
        <ApiTokensPanel platforms={platforms} defaultPlatformKey={currentPlatformKey} />
      </TabsContent>
    </Tabs>
  );
}
