"use client";

import type { ReactNode } from "react";
import { usePathname, useRouter } from "next/navigation";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { PurchasesTab } from "@/components/purchases/purchases-tab";

type Props = {
  tab: string | undefined;
  overview: ReactNode;
  /** Set when the current platform sells items: its Purchases tab is shown. */
  purchasesPlatformKey: string | null;
};

export function ProfileTabs({ tab, overview, purchasesPlatformKey }: Props) {
  const router = useRouter();
  const pathname = usePathname();
  const tabs = [{ value: "overview", label: "Overview" }, ...(purchasesPlatformKey ? [{ value: "purchases", label: "Purchases" }] : [])];
  const active = tabs.some((t) => t.value === tab) ? tab! : "overview";
  return (
    <Tabs value={active} onValueChange={(v) => router.replace(`${pathname}?tab=${v}`, { scroll: false })}>
      <TabsList>
        {tabs.map((t) => (
          <TabsTrigger key={t.value} value={t.value}>{t.label}</TabsTrigger>
        ))}
      </TabsList>
      <TabsContent value="overview" className="pt-4">{overview}</TabsContent>
      {purchasesPlatformKey && (
        <TabsContent value="purchases" className="pt-4">
          <PurchasesTab platformKey={purchasesPlatformKey} />
        </TabsContent>
      )}
    </Tabs>
  );
}
