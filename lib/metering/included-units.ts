import "server-only";
import { randomUUID } from "node:crypto";
import { db, Prisma } from "@/lib/db";
import { decide } from "@/lib/access/decide";
import { loadDecisions } from "@/lib/access/decision-query";
import { normalizeItemType } from "@/lib/platforms/item-types";
import { splitUnits, type UnitSplit } from "./unit-split";

// A tier's included units per period, counted per (platform, user, item, period). The tier and
// the period come from the same decision query as the access check, so metering and access agree
// on which subscription grants the item; the counter itself is one atomic upsert.

export type Item = { type: string; id: string };
export type MeteredTier = { includedUnits: number; unitCredits: number | null; periodStart: Date; used: number };

const itemType = (item: Item) => normalizeItemType(item.type) ?? item.type;

/** The caller's metered tier for an item (an active subscription whose price has includedUnits or unitCredits), the period start and units used. */
export async function meteredTier(platformId: string, userId: string, item: Item): Promise<MeteredTier | null> {
  const user = await db.user.findUnique({ where: { id: userId } });
  if (!user) return null;
  const type = itemType(item);
  const [row] = await loadDecisions(platformId, user, [{ itemType: type, itemId: item.id }], { offers: false });
  // admins, free items and rules are not metered; a metered subscriber is, allowed or not
  const m = decide(row, type, user.isOperator).metered;
  return m && { includedUnits: m.includedUnits, unitCredits: m.unitCredits, periodStart: m.periodStart, used: m.used };
}

// timestamp(3) columns hold UTC without a zone
const periodSql = (periodStart: Date) => Prisma.sql`(${periodStart.toISOString()}::timestamptz AT TIME ZONE 'UTC')`;

/** Atomically counts `units` against the period; returns how many were free and how many must be paid. */
export async function takeUnits(platformId: string, userId: string, item: Item, periodStart: Date, units: number, includedUnits: number): Promise<UnitSplit> {
  if (!Number.isSafeInteger(units) || units < 0) throw new RangeError("units must be a whole number >= 0");
  if (units === 0) return { free: 0, billable: 0 };
  // one statement: concurrent callers each get their own total back, so no free unit is given twice
  const [row] = await db.$queryRaw<{ units: number | bigint }[]>`
    INSERT INTO usage_counters (id, platform_id, user_id, item_type, item_id, period_start, units, updated_at)
    VALUES (${randomUUID()}, ${platformId}, ${userId}, ${itemType(item)}, ${item.id}, ${periodSql(periodStart)}, ${units}::int, now())
    ON CONFLICT (platform_id, user_id, item_type, item_id, period_start)
    DO UPDATE SET units = usage_counters.units + EXCLUDED.units, updated_at = now()
    RETURNING units`;
  return splitUnits(Number(row.units), units, includedUnits);
}

/** Gives units back (the charge for the billable part failed). */
export async function returnUnits(platformId: string, userId: string, item: Item, periodStart: Date, units: number): Promise<void> {
  if (!Number.isSafeInteger(units) || units < 0) throw new RangeError("units must be a whole number >= 0");
  if (units === 0) return;
  await db.$executeRaw`
    UPDATE usage_counters SET units = GREATEST(units - ${units}::int, 0), updated_at = now()
     WHERE platform_id = ${platformId} AND user_id = ${userId} AND item_type = ${itemType(item)} AND item_id = ${item.id}
       AND period_start = ${periodSql(periodStart)}`;
}
