"use client";

import { usePathname, useRouter } from "next/navigation";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { ApiTokensPanel } from "./api-tokens-panel";

type Props = {
  tab: string | undefined;
  platforms: { key: string; name: string }[];
  currentPlatformKey: string | null;
};

// Only tabs whose feature exists are listed.
const TABS = [{ value: "api-tokens", label: "API tokens" }] as const;

export function AccountTabs({ tab, platforms, currentPlatformKey }: Props) {
  const router = useRouter();
  const pathname = usePathname();
  const active = TABS.some((t) => t.value === tab) ? tab! : TABS[0].value;

  return (
    <Tabs value={active} onValueChange={(v) => router.replace(`${pathname}?profileTab=${v}`, { scroll: false })}>
      <TabsList>
        {TABS.map((t) => (
          <TabsTrigger key={t.value} value={t.value}>{t.label}</TabsTrigger>
        ))}
      </TabsList>
      <TabsContent value="api-tokens" className="pt-4">
        <ApiTokensPanel platforms={platforms} defaultPlatformKey={currentPlatformKey} />
      </TabsContent>
    </Tabs>
  );
}
