import "server-only";
import { z } from "zod";
import { db } from "@/lib/db";
import type { Prisma, User } from "@/lib/db";
import { pageArgs, pageOf, pageQuery } from "@/lib/api/pagination";
import { NotFoundError } from "@/lib/api/errors";
import { itemTypeSchema, normalizeItemType } from "@/lib/platforms/item-types";
import { isBlockingStatus, subscriptionStatusSchema } from "./statuses";
import type { SubscriptionPage } from "./subscription-schema";
import { subscriptionView, subscriptionViewInclude } from "./subscription-view";

export const mySubscriptionsQuery = pageQuery.extend({
  status: subscriptionStatusSchema.optional(),
  // stored types: `workshop` is filed as `custom:workshop`
  item_type: itemTypeSchema.transform((t) => normalizeItemType(t) ?? t).optional(),
  search: z.string().trim().max(100).optional(),
});

/** Rows of this user; unclaimed guest purchases made with their verified e-mail count too. */
function ownedBy(user: User): Prisma.SubscriptionWhereInput {
  return { OR: [{ userId: user.id }, ...(user.emailVerified ? [{ userId: null, email: user.email.toLowerCase() }] : [])] };
}

export async function mySubscriptions(user: User, platformId: string, q: z.infer<typeof mySubscriptionsQuery>): Promise<SubscriptionPage> {
  const where: Prisma.SubscriptionWhereInput = {
    AND: [
      ownedBy(user),
      { platformId },
      ...(q.status ? [{ status: q.status }] : []),
      ...(q.item_type ? [{ itemType: q.item_type }] : []),
      ...(q.search
        ? [{ OR: [{ itemId: { contains: q.search, mode: "insensitive" as const } }, { paywall: { itemName: { contains: q.search, mode: "insensitive" as const } } }] }]
        : []),
    ],
  };
  const [count, rows] = await Promise.all([
    db.subscription.count({ where }),
    db.subscription.findMany({ where, include: subscriptionViewInclude, orderBy: [{ updatedAt: "desc" }, { id: "asc" }], ...pageArgs(q) }),
  ]);
  return pageOf(rows.map(subscriptionView), count, q);
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
