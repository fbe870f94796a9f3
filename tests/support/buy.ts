import { PEER_ADDRESS_HEADER } from "@/lib/security/client-ip";
import { db } from "@/lib/db";
import * as paywallRoute from "@/app/api/billing/platforms/[pk]/items/[type]/[id]/paywall/route";
import * as pricesRoute from "@/app/api/billing/platforms/[pk]/items/[type]/[id]/paywall/prices/route";
import * as checkoutRoute from "@/app/api/billing/platforms/[pk]/items/[type]/[id]/checkout/route";
import * as guestRoute from "@/app/api/billing/platforms/[pk]/items/[type]/[id]/checkout-guest/route";
import * as accessRoute from "@/app/api/billing/platforms/[pk]/items/[type]/[id]/access-check/route";
import { call } from "./http";
import { readyPlatform, type LocalStripeHarness } from "./local-stripe";

export type Item = { pk: string; type: string; id: string };

/** A ready platform selling one course with monthly, yearly and one-time tiers. */
export async function sellingPlatform(ls: LocalStripeHarness, opts: { trialDays?: number; allowFreeTier?: boolean; bps?: number } = {}) {
  const ctx = await readyPlatform(ls);
  if (opts.bps !== undefined) await db.platform.update({ where: { id: ctx.platform.id }, data: { commissionBps: { course: opts.bps } } });
  await db.catalogItem.create({ data: { platformId: ctx.platform.id, itemType: "course", itemId: "masterclass", name: "Masterclass", description: "The course." } });
  const item: Item = { pk: ctx.pk, type: "course", id: "masterclass" };
  const paywall = await call(paywallRoute.PUT, {
    method: "PUT",
    sessionUserId: ctx.owner.id,
    params: item,
    body: { is_enabled: true, trial_period_days: opts.trialDays ?? 0, allow_free_tier: opts.allowFreeTier ?? false },
  });
  const add = async (body: Record<string, unknown>) =>
    (await call(pricesRoute.POST, { method: "POST", sessionUserId: ctx.owner.id, params: item, body })).json as { id: string; stripe_price_id: string };
  const monthly = await add({ name: "Monthly", amount: "10.00", interval: "month", sort_order: 0 });
  const yearly = await add({ name: "Yearly", amount: "99.99", interval: "year", sort_order: 1 });
  const once = await add({ name: "Lifetime", amount: "24.99", interval: "one_time", sort_order: 2 });
  return { ...ctx, item, uid: paywall.json.unique_id as string, prices: { monthly, yearly, once } };
}

export function checkout(userId: string, item: Item, body: Record<string, unknown>) {
  return call(checkoutRoute.POST, { method: "POST", sessionUserId: userId, params: item, body });
}

/** A guest checkout from the socket address `ip` (the launcher's server stamps it; see client-ip). */
export function guestCheckout(item: Item, body: Record<string, unknown>, ip = "203.0.113.9", headers: Record<string, string> = {}) {
  return call(guestRoute.POST, { method: "POST", params: item, body, headers: { [PEER_ADDRESS_HEADER]: ip, ...headers } });
}

export function accessCheck(userId: string, item: Item) {
  return call(accessRoute.GET, { sessionUserId: userId, params: item });
}

export async function pay(ls: LocalStripeHarness, sessionId: string, card = "4242424242424242") {
  const result = await ls.control<{ status: string; message?: string }>(`checkout/sessions/${sessionId}/pay`, { card });
  await ls.flush();
  return result;
}
