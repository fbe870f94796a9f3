import { db } from "@/lib/db";
import * as plansRoute from "@/app/api/billing/platforms/[pk]/plans/route";
import * as planPricesRoute from "@/app/api/billing/platforms/[pk]/plans/[uid]/prices/route";
import { call } from "./http";

/** Creates a plan as `userId` (an admin) and gives it a tier; returns the plan and the tier. */
export async function createPlanWithTier(
  pk: string,
  userId: string,
  plan: { name: string; items?: { item_type: string; item_id: string }[]; covers_all_items?: boolean },
  tier: Record<string, unknown> = { name: "Monthly", amount: "30.00", interval: "month" },
) {
  const created = await call(plansRoute.POST, { method: "POST", sessionUserId: userId, params: { pk }, body: plan });
  if (created.status !== 201) throw new Error(`plan not created: ${created.status} ${JSON.stringify(created.json)}`);
  const price = await call(planPricesRoute.POST, { method: "POST", sessionUserId: userId, params: { pk, uid: created.json.id }, body: tier });
  if (price.status !== 201) throw new Error(`plan tier not created: ${price.status} ${JSON.stringify(price.json)}`);
  return { plan: created.json as { id: string; share_url: string }, price: price.json as { id: string; stripe_price_id: string } };
}

/** A second sellable item on the platform (catalog row + enabled paywall + one tier) made directly. */
export async function catalogItems(platformId: string, items: { type: string; id: string; name: string }[]) {
  await db.catalogItem.createMany({ data: items.map((i) => ({ platformId, itemType: i.type, itemId: i.id, name: i.name })) });
}
