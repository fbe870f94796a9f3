import { z } from "zod";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/db";
import { pageArgs, pageOf, pageQuery } from "@/lib/api/pagination";
import { itemTypeSchema } from "@/lib/platforms/item-types";
import { subscriptionView } from "@/lib/subscriptions/subscription-view";

export const subscribersQuery = pageQuery.extend({
  status: z.enum(["active", "trialing", "free", "grandfathered", "past_due", "canceled", "incomplete"]).optional(),
  item_type: itemTypeSchema.optional(),
  search: z.string().trim().max(100).optional(),
});

const include = { price: true, user: { select: { id: true, email: true, name: true } }, paywall: { select: { itemName: true } } } as const;

/** Subscribers of a platform (or of one item), newest first; search by e-mail, name or item id. */
export async function listSubscribers(
  platformId: string,
  q: z.infer<typeof subscribersQuery>,
  item?: { itemType: string; itemId: string },
) {
  const contains = (v: string) => ({ contains: v, mode: "insensitive" as const });
  const where: Prisma.SubscriptionWhereInput = {
    platformId,
    ...(item ?? {}),
    ...(!item && q.item_type ? { itemType: q.item_type } : {}),
    ...(q.status ? { status: q.status } : {}),
    ...(q.search ? { OR: [{ email: contains(q.search) }, { itemId: contains(q.search) }, { user: { name: contains(q.search) } }] } : {}),
  };
  const [count, rows] = await Promise.all([
    db.subscription.count({ where }),
    db.subscription.findMany({ where, include, orderBy: [{ createdAt: "desc" }, { id: "asc" }], ...pageArgs(q) }),
  ]);
  return pageOf(rows.map(subscriptionView), count, q);
}
