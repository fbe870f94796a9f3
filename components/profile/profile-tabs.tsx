"use client";

import type { ReactNode } from "react";
import { usePathname, useRouter } from "next/navigation";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { PurchasesTab } from "@/components/purchases/purchases-tab";

type Props = {
  tab: string | undefined;
  overview: ReactNode;
};

// Purchases is there for everyone signed in: a buyer needs no platform membership to manage what they bought.
const TABS = [
  { value: "overview", label: "Overview" },
  { value: "purchases", label: "Purchases" },
] as const;

export function ProfileTabs({ tab, overview }: Props) {
  const router = useRouter();
  const pathname = usePathname();
  const active = TABS.some((t) => t.value === tab) ? tab! : "overview";
  return (
    <Tabs value={active} onValueChange={(v) => router.replace(`${pathname}?tab=${v}`, { scroll: false })}>
      <TabsList>
        {TABS.map((t) => (
          <TabsTrigger key={t.value} value={t.value}>{t.label}</TabsTrigger>
        ))}
      </TabsList>
      <TabsContent value="overview" className="pt-4">{overview}</TabsContent>
      <TabsContent value="purchases" className="pt-4">
        <PurchasesTab />
      </TabsContent>
    </Tabs>
  );
}
