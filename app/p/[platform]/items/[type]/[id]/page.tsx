import type { Metadata } from "next";
import { cache } from "react";
import { notFound, redirect } from "next/navigation";
import { db } from "@/lib/db";
import { currentUser } from "@/lib/auth/session";
import { canSell } from "@/lib/checkout/can-sell";
import { PLAN_ITEM_TYPE } from "@/lib/plans/plan-schema";
import { activePriceArgs } from "@/lib/prices/active-prices";
import { ItemAccessGate, type GatedItem } from "@/components/checkout/item-access-gate";
import { AgentChat } from "@/components/agent-chat/agent-chat";

export const dynamic = "force-dynamic";

type Params = { platform: string; type: string; id: string };

// segments can arrive still percent-encoded (e.g. "custom%3Afoo")
function segment(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** The item as the catalog knows it, or as its paywall names it (custom items have no catalog row). */
const loadItem = cache(async (platformKey: string, itemType: string, itemId: string): Promise<GatedItem | null> => {
  const platform = await db.platform.findUnique({ where: { key: platformKey } });
  if (!platform) return null;
  const key = { platformId_itemType_itemId: { platformId: platform.id, itemType, itemId } };
  const [catalog, paywall] = await Promise.all([
    db.catalogItem.findUnique({ where: key, select: { name: true, description: true, url: true } }),
    db.paywall.findUnique({
      where: key,
      // the first tier's currency is the tip's currency
      select: { itemName: true, description: true, trialPeriodDays: true, prices: { ...activePriceArgs, select: { currency: true }, take: 1 } },
    }),
  ]);
  if (!catalog && !paywall) return null;
  return {
    platformKey: platform.key,
    platformName: platform.name,
    itemType,
    itemId,
    name: catalog?.name || paywall?.itemName || `${itemType}:${itemId}`,
    description: catalog?.description || paywall?.description || "",
    url: catalog?.url ?? null,
    trialPeriodDays: paywall?.trialPeriodDays ?? 0,
    tipsEnabled: platform.tipsEnabled && canSell(platform),
    tipCurrency: paywall?.prices[0]?.currency ?? "usd",
  };
});

async function resolve(params: Promise<Params>) {
  const p = await params;
  return { platformKey: segment(p.platform), itemType: segment(p.type), itemId: segment(p.id) };
}

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  const { platformKey, itemType, itemId } = await resolve(params);
  const item = await loadItem(platformKey, itemType, itemId);
  return { title: item?.name ?? "Item not found" };
}

export default async function ItemPage({ params }: { params: Promise<Params> }) {
  const { platformKey, itemType, itemId } = await resolve(params);
  // a plan is not one item: the catalog shows what it opens (its buy page sells it)
  if (itemType === PLAN_ITEM_TYPE) redirect(`/p/${encodeURIComponent(platformKey)}`);
  const user = await currentUser();
  if (!user) {
    const here = `/p/${encodeURIComponent(platformKey)}/items/${encodeURIComponent(itemType)}/${encodeURIComponent(itemId)}`;
    redirect(`/sign-in?callbackUrl=${encodeURIComponent(here)}`);
  }
  const item = await loadItem(platformKey, itemType, itemId);
  if (!item) notFound();
  // usage credits: an item with an active model price bound to it is an agent one can chat with
  const chat = await db.modelPrice.findFirst({
    where: { platform: { key: platformKey }, itemType, itemId, isActive: true },
    select: { id: true },
  });
  if (!chat) return <ItemAccessGate item={item} />;
  return (
    <div className="space-y-8">
      <ItemAccessGate item={item} payPerUse />
      <AgentChat platformKey={item.platformKey} itemType={itemType} itemId={itemId} agentName={item.name} />
    </div>
  );
}
