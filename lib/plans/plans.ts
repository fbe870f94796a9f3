import "server-only";
import crypto from "node:crypto";
import { db } from "@/lib/db";
import type { Paywall, Platform, Prisma, User } from "@/lib/db";
import { BadRequestError, NotFoundError } from "@/lib/api/errors";
import { pageArgs, pageOf, type Page, type PageQuery } from "@/lib/api/pagination";
import type { ItemScope } from "@/lib/api/route-scope";
import { hasPaymentsAccount } from "@/lib/checkout/can-sell";
import { itemKey, itemNames } from "@/lib/catalog/item-names";
import { env } from "@/lib/config/env";
import { audit } from "@/lib/platforms/audit";
import { normalizeItemType } from "@/lib/platforms/item-types";
import { activePriceArgs } from "@/lib/prices/active-prices";
import { priceView } from "@/lib/prices/price-view";
import { stripe } from "@/lib/stripe/client";
import { callStripe } from "@/lib/stripe/errors";
import { ACCESS_STATUSES } from "@/lib/subscriptions/statuses";
import { PLAN_ITEM_TYPE, type CreatePlanInput, type PlanView, type UpdatePlanInput } from "./plan-schema";

// Plans are paywalls of item type `plan` whose item id is their unique id: tiers, checkout (member,
// guest, by price), webhooks, subscriptions and the ledger treat them like any item. What a plan
// grants is listed in plan_items (or `planCoversAll`).

type ItemRef = { item_type: string; item_id: string };

export const planShareUrl = (uniqueId: string) => `${env().APP_URL}/buy/${uniqueId}`;
export const isPlan = (paywall: Pick<Paywall, "itemType"> | null | undefined) => paywall?.itemType === PLAN_ITEM_TYPE;

/** The plan the path names, on the platform the path names (404 otherwise). */
export function planOf(item: ItemScope, pk: string): Paywall {
  if (!item.paywall || !isPlan(item.paywall) || item.platform.key !== pk) throw new NotFoundError("Plan not found.");
  return item.paywall;
}

/** Normalized, de-duplicated refs that all exist on the platform (catalog or paywall), with names. */
async function resolveItems(platformId: string, refs: ItemRef[]): Promise<{ itemType: string; itemId: string; name: string }[]> {
  const seen = new Map<string, { itemType: string; itemId: string }>();
  const bad: string[] = [];
  for (const ref of refs) {
    const itemType = normalizeItemType(ref.item_type);
    if (!itemType || itemType === PLAN_ITEM_TYPE) {
      bad.push(`${ref.item_type}:${ref.item_id}`);
      continue;
    }
    seen.set(itemKey({ itemType, itemId: ref.item_id }), { itemType, itemId: ref.item_id });
  }
  const wanted = [...seen.values()];
  if (wanted.length === 0) return [];
  const names = await itemNames(platformId, wanted);
  for (const w of wanted) if (!names.has(itemKey(w))) bad.push(`${w.itemType}:${w.itemId}`);
  if (bad.length) {
    throw new BadRequestError("Some items are not on this platform.", { errors: { items: bad.slice(0, 20).map((b) => `Unknown item ${b}.`) } }, "unknown_item");
  }
  return wanted.map((w) => ({ ...w, name: names.get(itemKey(w))! }));
}

const planInclude = {
  prices: { where: { deletedAt: null }, orderBy: activePriceArgs.orderBy },
  planItems: { orderBy: { createdAt: "asc" } },
} satisfies Prisma.PaywallInclude;
type PlanRow = Prisma.PaywallGetPayload<{ include: typeof planInclude }>;

async function planViews(rows: PlanRow[]): Promise<PlanView[]> {
  if (rows.length === 0) return [];
  const platformId = rows[0].platformId;
  const refs = rows.flatMap((r) => r.planItems.map((i) => ({ itemType: i.itemType, itemId: i.itemId })));
  const [names, counts] = await Promise.all([
    itemNames(platformId, refs),
    db.subscription.groupBy({
      by: ["itemId"],
      where: { platformId, itemType: PLAN_ITEM_TYPE, itemId: { in: rows.map((r) => r.itemId) }, status: { in: [...ACCESS_STATUSES] } },
      _count: { _all: true },
    }),
  ]);
  const subscribers = new Map(counts.map((c) => [c.itemId, c._count._all]));
  return rows.map((r) => ({
    id: r.uniqueId,
    name: r.itemName,
    description: r.description,
    covers_all_items: r.planCoversAll,
    is_enabled: r.isEnabled,
    items: r.planItems.map((i) => ({ item_type: i.itemType, item_id: i.itemId, name: names.get(itemKey(i)) ?? `${i.itemType}:${i.itemId}` })),
    prices: r.prices.map(priceView),
    share_url: planShareUrl(r.uniqueId),
    subscriber_count: subscribers.get(r.itemId) ?? 0,
    created_at: r.createdAt.toISOString(),
    updated_at: r.updatedAt.toISOString(),
  }));
}

export async function listPlans(platform: Platform, q: PageQuery): Promise<Page<PlanView>> {
  const where = { platformId: platform.id, itemType: PLAN_ITEM_TYPE };
  const [rows, count] = await Promise.all([
    db.paywall.findMany({ where, include: planInclude, orderBy: [{ createdAt: "desc" }, { id: "desc" }], ...pageArgs(q) }),
    db.paywall.count({ where }),
  ]);
  return pageOf(await planViews(rows), count, q);
}

export async function readPlan(plan: Paywall): Promise<PlanView> {
  const row = await db.paywall.findUniqueOrThrow({ where: { id: plan.id }, include: planInclude });
  return (await planViews([row]))[0];
}

function createStripeProduct(platform: Platform, uniqueId: string, name: string, description: string) {
  return callStripe("create the Stripe product", () =>
    stripe().products.create(
      {
        name,
        ...(description ? { description: description.slice(0, 5000) } : {}),
        metadata: { platform_key: platform.key, item_type: PLAN_ITEM_TYPE, item_id: uniqueId, paywall_unique_id: uniqueId },
      },
      { idempotencyKey: `product:${uniqueId}` },
    ),
  );
}

/**
 * A new plan. With a Connect account that can take payments it is on sale at once (its Stripe
 * product is created first, so a Stripe failure leaves nothing behind); otherwise it is saved
 * off sale and goes on sale once enabled.
 */
export async function createPlan(platform: Platform, input: CreatePlanInput, actor: User): Promise<PlanView> {
  const items = input.covers_all_items ? [] : await resolveItems(platform.id, input.items);
  const uniqueId = crypto.randomUUID();
  const sellable = hasPaymentsAccount(platform);
  const product = sellable ? await createStripeProduct(platform, uniqueId, input.name, input.description) : null;
  const row = await db.$transaction(async (tx) => {
    const plan = await tx.paywall.create({
      data: {
        uniqueId,
        platformId: platform.id,
        itemType: PLAN_ITEM_TYPE,
        itemId: uniqueId,
        itemName: input.name,
        description: input.description,
        planCoversAll: input.covers_all_items,
        isEnabled: sellable,
        paywallEnabledAt: sellable ? new Date() : null,
        stripeProductId: product?.id ?? null,
      },
    });
    if (items.length) {
      await tx.planItem.createMany({ data: items.map((i) => ({ paywallId: plan.id, platformId: platform.id, itemType: i.itemType, itemId: i.itemId })) });
    }
    await audit({ actorId: actor.id, platformId: platform.id, action: "plan.created", target: uniqueId, data: { name: input.name, items: items.length, covers_all_items: input.covers_all_items } }, tx);
    return plan;
  });
  return readPlan(row);
}

export async function updatePlan(platform: Platform, plan: Paywall, input: UpdatePlanInput, actor: User): Promise<PlanView> {
  const items = input.items !== undefined ? await resolveItems(platform.id, input.items) : undefined;
  const coversAll = input.covers_all_items ?? plan.planCoversAll;
  const name = input.name ?? plan.itemName;
  const description = input.description ?? plan.description;
  if (!coversAll && items !== undefined && items.length === 0) {
    throw new BadRequestError("List at least one item, or cover every item.", { errors: { items: ["List at least one item, or cover every item."] } }, "validation_error");
  }
  const enabling = input.is_enabled === true && !plan.isEnabled;
  if (enabling && !hasPaymentsAccount(platform)) {
    throw new BadRequestError("Stripe Connect is not ready: connect Stripe and finish onboarding before selling a plan.", {}, "connect_not_ready");
  }
  let stripeProductId = plan.stripeProductId;
  if (enabling && !stripeProductId) stripeProductId = (await createStripeProduct(platform, plan.uniqueId, name, description)).id;
  await db.$transaction(async (tx) => {
    await tx.paywall.update({
      where: { id: plan.id },
      data: {
        itemName: name,
        description,
        planCoversAll: coversAll,
        stripeProductId,
        ...(input.is_enabled !== undefined && { isEnabled: input.is_enabled }),
        ...(enabling && !plan.paywallEnabledAt && { paywallEnabledAt: new Date() }),
      },
    });
    if (items !== undefined) {
      await tx.planItem.deleteMany({ where: { paywallId: plan.id } });
      if (items.length) {
        await tx.planItem.createMany({ data: items.map((i) => ({ paywallId: plan.id, platformId: platform.id, itemType: i.itemType, itemId: i.itemId })) });
      }
    }
    await audit({ actorId: actor.id, platformId: platform.id, action: "plan.updated", target: plan.uniqueId, data: { ...input, items: items?.length } as Prisma.InputJsonValue }, tx);
  });
  if (stripeProductId && (name !== plan.itemName || description !== plan.description)) {
    // best effort: the plan is saved; the product's name follows
    stripe()
      .products.update(stripeProductId, { name, ...(description ? { description: description.slice(0, 5000) } : {}) })
      .catch((e) => console.warn("[plans] product sync failed", e instanceof Error ? e.message : e));
  }
  return readPlan(plan);
}

/** Takes the plan off sale. Its buyers keep their items until their subscription ends. Idempotent. */
export async function stopSellingPlan(platform: Platform, plan: Paywall, actor: User): Promise<void> {
  if (!plan.isEnabled) return;
  await db.$transaction(async (tx) => {
    await tx.paywall.update({ where: { id: plan.id }, data: { isEnabled: false } });
    await audit({ actorId: actor.id, platformId: platform.id, action: "plan.disabled", target: plan.uniqueId }, tx);
  });
}
