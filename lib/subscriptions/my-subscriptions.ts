import "server-only";
import { z } from "zod";
import { db } from "@/lib/db";
import type { Prisma, User } from "@/lib/db";
import { pageArgs, pageOf, pageQuery } from "@/lib/api/pagination";
import { NotFoundError } from "@/lib/api/errors";
import { itemTypeSchema, normalizeItemType } from "@/lib/platforms/item-types";
import { isBlockingStatus, subscriptionStatusSchema } from "./statuses";
import type { MyPurchasePage, SubscriptionPage } from "./subscription-schema";
import { subscriptionView, subscriptionViewInclude } from "./subscription-view";

export const mySubscriptionsQuery = pageQuery.extend({
  status: subscriptionStatusSchema.optional(),
  // stored types: `workshop` is filed as `custom:workshop`
  item_type: itemTypeSchema.transform((t) => normalizeItemType(t) ?? t).optional(),
  search: z.string().trim().max(100).optional(),
});

export const myPurchasesQuery = mySubscriptionsQuery.extend({
  platform: z.string().trim().min(1).max(255).optional().meta({ description: "Only purchases on the platform with this key." }),
});

/** Rows of this user; unclaimed guest purchases made with their verified e-mail count too. */
export function ownedBy(user: User): Prisma.SubscriptionWhereInput {
  return { OR: [{ userId: user.id }, ...(user.emailVerified ? [{ userId: null, email: user.email.toLowerCase() }] : [])] };
}

function filtersOf(q: z.infer<typeof mySubscriptionsQuery>): Prisma.SubscriptionWhereInput[] {
  return [
    ...(q.status ? [{ status: q.status }] : []),
    ...(q.item_type ? [{ itemType: q.item_type }] : []),
    ...(q.search
      ? [{ OR: [{ itemId: { contains: q.search, mode: "insensitive" as const } }, { paywall: { itemName: { contains: q.search, mode: "insensitive" as const } } }] }]
      : []),
  ];
}

const ORDER = [{ updatedAt: "desc" as const }, { id: "asc" as const }];

export async function mySubscriptions(user: User, platformId: string, q: z.infer<typeof mySubscriptionsQuery>): Promise<SubscriptionPage> {
  const where: Prisma.SubscriptionWhereInput = { AND: [ownedBy(user), { platformId }, ...filtersOf(q)] };
  const [count, rows] = await Promise.all([
    db.subscription.count({ where }),
    db.subscription.findMany({ where, include: subscriptionViewInclude, orderBy: ORDER, ...pageArgs(q) }),
  ]);
  return pageOf(rows.map(subscriptionView), count, q);
}

/**
 * Everything the caller bought, on every platform, membership or not. A token is bound to one
 * platform and sees only that platform's rows.
 */
export async function myPurchases(user: User, tokenPlatformId: string | null, q: z.infer<typeof myPurchasesQuery>): Promise<MyPurchasePage> {
  const where: Prisma.SubscriptionWhereInput = {
    AND: [
      ownedBy(user),
      ...(tokenPlatformId ? [{ platformId: tokenPlatformId }] : []),
      ...(q.platform ? [{ platform: { key: q.platform } }] : []),
      ...filtersOf(q),
    ],
  };
  const include = { ...subscriptionViewInclude, platform: { select: { key: true, name: true } } } as const;
  const [count, rows] = await Promise.all([
    db.subscription.count({ where }),
    db.subscription.findMany({ where, include, orderBy: ORDER, ...pageArgs(q) }),
  ]);
  return pageOf(
    rows.map((r) => ({ ...subscriptionView(r), platform: r.platform })),
    count,
    q,
  );
}

/** The caller's subscription to one item: the one still holding the item if any, else the newest. */
export async function findMySubscription(user: User, platformId: string, itemType: string, itemId: string) {
  const rows = await db.subscription.findMany({
    where: { AND: [ownedBy(user), { platformId, itemType, itemId }] },
    include: subscriptionViewInclude,
    orderBy: { updatedAt: "desc" },
  });
  const best = rows.find((r) => isBlockingStatus(r.status)) ?? rows[0];
  if (!best) throw new NotFoundError();
  return best;
}
