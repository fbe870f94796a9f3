import "server-only";
import crypto from "node:crypto";
import type Stripe from "stripe";
import { db, Prisma } from "@/lib/db";
import type { Platform, PromotionCode, User } from "@/lib/db";
import { BadRequestError, ConflictError, NotFoundError } from "@/lib/api/errors";
import { pageArgs, pageOf, type PageQuery } from "@/lib/api/pagination";
import { audit } from "@/lib/platforms/audit";
import { normalizeItemType } from "@/lib/platforms/item-types";
import { fromMinorUnits, toMinorUnits, AmountError } from "@/lib/prices/money";
import { stripe } from "@/lib/stripe/client";
import { callStripe } from "@/lib/stripe/errors";
import { bpsToPercent, percentToBps } from "./discount-math";
import {
  PLAN_ITEM_TYPE,
  PROMOTION_ERROR_CODES,
  codeKeyOf,
  type CreatePromotionCodeData,
  type PromotionCodePage,
  type PromotionCodeView,
  type PromotionTarget,
  type PromotionTargetInput,
  type UpdatePromotionCodeInput,
} from "./promotion-schema";

// A platform's promotion codes: a Stripe coupon and promotion code on the operator's account
// (checkouts are destination charges made there), mirrored by our row, which checkouts and
// quotes read without calling Stripe.

/** What `applies_to` stores: items as they are, plans as `{item_type: "plan", item_id: uid}`. */
export type StoredTarget = { item_type: string; item_id: string };

export function storedTargets(row: Pick<PromotionCode, "appliesTo">): StoredTarget[] {
  const raw = Array.isArray(row.appliesTo) ? row.appliesTo : [];
  return raw.flatMap((t) => {
    const o = t as Record<string, unknown> | null;
    return o && typeof o.item_type === "string" && typeof o.item_id === "string" ? [{ item_type: o.item_type, item_id: o.item_id }] : [];
  });
}

const keyOf = (t: StoredTarget) => `${t.item_type}\u0000${t.item_id}`;

type RowWithCount = PromotionCode & { _count: { redemptions: number } };
const withCount = { _count: { select: { redemptions: true } } } satisfies Prisma.PromotionCodeInclude;

/** Names of the paywalls (items and plans) the rows target, in one query. */
async function targetNames(platformId: string, rows: PromotionCode[]): Promise<Map<string, string>> {
  const pairs = new Map<string, { itemType: string; itemId: string }>();
  for (const r of rows) for (const t of storedTargets(r)) pairs.set(keyOf(t), { itemType: t.item_type, itemId: t.item_id });
  if (pairs.size === 0) return new Map();
  const paywalls = await db.paywall.findMany({ where: { platformId, OR: [...pairs.values()] }, select: { itemType: true, itemId: true, itemName: true } });
  return new Map(paywalls.map((p) => [keyOf({ item_type: p.itemType, item_id: p.itemId }), p.itemName || p.itemId]));
}

function view(row: RowWithCount, names: Map<string, string>): PromotionCodeView {
  return {
    id: row.id,
    code: row.code,
    percent_off: row.percentOffBps != null ? bpsToPercent(row.percentOffBps) : null,
    amount_off: row.amountOff != null && row.currency ? fromMinorUnits(row.amountOff, row.currency) : null,
    currency: row.currency,
    duration: row.duration,
    duration_in_months: row.durationInMonths,
    max_redemptions: row.maxRedemptions,
    times_redeemed: row._count.redemptions,
    expires_at: row.expiresAt?.toISOString() ?? null,
    applies_to: storedTargets(row).map((t): PromotionTarget => ({ ...t, name: names.get(keyOf(t)) ?? null })),
    first_time_only: row.firstTimeOnly,
    public: row.isPublic,
    active: row.active,
    created_at: row.createdAt.toISOString(),
  };
}

async function viewOf(row: RowWithCount): Promise<PromotionCodeView> {
  return view(row, await targetNames(row.platformId, [row]));
}

export async function listPromotionCodes(platform: Platform, q: PageQuery): Promise<PromotionCodePage> {
  const where = { platformId: platform.id };
  const [rows, count] = await Promise.all([
    db.promotionCode.findMany({ where, include: withCount, orderBy: [{ createdAt: "desc" }, { id: "desc" }], ...pageArgs(q) }),
    db.promotionCode.count({ where }),
  ]);
  const names = await targetNames(platform.id, rows);
  return pageOf(rows.map((r) => view(r, names)), count, q);
}

/** The platform's code by id, or 404 (also for another platform's id). */
export async function findPromotionCode(platform: Platform, id: string): Promise<RowWithCount> {
  const row = await db.promotionCode.findFirst({ where: { id, platformId: platform.id }, include: withCount });
  if (!row) throw new NotFoundError("Promotion code not found.");
  return row;
}

export async function readPromotionCode(platform: Platform, id: string): Promise<PromotionCodeView> {
  return viewOf(await findPromotionCode(platform, id));
}

function unknownTarget(problems: string[]): never {
  throw new BadRequestError(
    problems.length === 1 ? problems[0] : "Some items or plans of applies_to cannot be discounted.",
    { errors: { applies_to: problems.slice(0, 20) } },
    PROMOTION_ERROR_CODES.unknownTarget,
  );
}

/**
 * The targets as stored, each a paywall (item) or plan of this platform that is on Stripe, with
 * their Stripe products for the coupon's `applies_to`.
 */
async function resolveTargets(platformId: string, input: PromotionTargetInput[]): Promise<{ targets: StoredTarget[]; products: string[] }> {
  const wanted = new Map<string, StoredTarget>();
  const problems: string[] = [];
  for (const t of input) {
    if ("plan_id" in t) {
      wanted.set(keyOf({ item_type: PLAN_ITEM_TYPE, item_id: t.plan_id }), { item_type: PLAN_ITEM_TYPE, item_id: t.plan_id });
      continue;
    }
    const itemType = t.item_type === PLAN_ITEM_TYPE ? PLAN_ITEM_TYPE : normalizeItemType(t.item_type);
    if (!itemType) {
      problems.push(`Unknown item ${t.item_type}:${t.item_id}.`);
      continue;
    }
    wanted.set(keyOf({ item_type: itemType, item_id: t.item_id }), { item_type: itemType, item_id: t.item_id });
  }
  if (problems.length) unknownTarget(problems);
  const targets = [...wanted.values()];
  if (targets.length === 0) return { targets, products: [] };
  const paywalls = await db.paywall.findMany({
    where: { platformId, OR: targets.map((t) => ({ itemType: t.item_type, itemId: t.item_id })) },
    select: { itemType: true, itemId: true, stripeProductId: true },
  });
  const found = new Map(paywalls.map((p) => [keyOf({ item_type: p.itemType, item_id: p.itemId }), p]));
  const products: string[] = [];
  for (const t of targets) {
    const label = t.item_type === PLAN_ITEM_TYPE ? `plan ${t.item_id}` : `item ${t.item_type}:${t.item_id}`;
    const p = found.get(keyOf(t));
    if (!p) problems.push(`Unknown ${label}: it has no paywall on this platform.`);
    // a restricted coupon names Stripe products; a paywall gets its product when first enabled
    else if (!p.stripeProductId) problems.push(`The ${label} has never been on sale, so it cannot be discounted yet.`);
    else products.push(p.stripeProductId);
  }
  if (problems.length) unknownTarget(problems);
  return { targets, products: [...new Set(products)] };
}

const codeTaken = (code: string) =>
  new ConflictError(`The code ${code} already exists on this platform (codes are matched regardless of case).`, { errors: { code: ["Already used on this platform."] } }, PROMOTION_ERROR_CODES.taken);

/**
 * The code Stripe holds. Stripe's codes are unique across the operator's account and allow only
 * letters, digits and dashes, so each platform's codes carry a suffix of their own; buyers never
 * type it (our checkout passes the promotion code's id).
 */
export function stripeCodeFor(platformId: string, codeKey: string): string {
  const suffix = crypto.createHash("sha256").update(`${platformId}:${codeKey}`).digest("hex").slice(0, 8).toUpperCase();
  return `${codeKey.replace(/_/g, "-")}-${suffix}`;
}

function amountOffMinor(input: CreatePromotionCodeData): number | null {
  if (input.amount_off === undefined) return null;
  try {
    return toMinorUnits(input.amount_off, input.currency!);
  } catch (e) {
    if (e instanceof AmountError) throw new BadRequestError(e.message, { errors: { amount_off: [e.message] } }, "validation_error");
    throw e;
  }
}

export async function createPromotionCode(platform: Platform, input: CreatePromotionCodeData, actor: User): Promise<PromotionCodeView> {
  const codeKey = codeKeyOf(input.code);
  const amountOff = amountOffMinor(input);
  const percentOffBps = input.percent_off !== undefined ? percentToBps(input.percent_off) : null;
  const { targets, products } = await resolveTargets(platform.id, input.applies_to ?? []);
  if (await db.promotionCode.findFirst({ where: { platformId: platform.id, codeKey }, select: { id: true } })) throw codeTaken(input.code);
  const expiresAt = input.expires_at ? new Date(input.expires_at) : null;
  const metadata = { platform_key: platform.key, code: input.code, tollgate: "1" };

  const couponParams: Stripe.CouponCreateParams = {
    name: input.code.slice(0, 40),
    duration: input.duration,
    ...(input.duration === "repeating" && { duration_in_months: input.duration_in_months }),
    ...(percentOffBps != null ? { percent_off: bpsToPercent(percentOffBps) } : { amount_off: amountOff!, currency: input.currency! }),
    ...(input.max_redemptions !== undefined && { max_redemptions: input.max_redemptions }),
    ...(products.length && { applies_to: { products } }),
    metadata,
  };
  const coupon = await callStripe("create the coupon", () => stripe().coupons.create(couponParams));
  let promo: Stripe.PromotionCode;
  try {
    promo = await callStripe("create the promotion code", () =>
      stripe().promotionCodes.create({
        promotion: { type: "coupon", coupon: coupon.id },
        code: stripeCodeFor(platform.id, codeKey),
        ...(expiresAt && { expires_at: Math.floor(expiresAt.getTime() / 1000) }),
        ...(input.max_redemptions !== undefined && { max_redemptions: input.max_redemptions }),
        ...(input.first_time_only && { restrictions: { first_time_transaction: true } }),
        metadata,
      }),
    );
  } catch (e) {
    await removeCoupon(coupon.id);
    throw e;
  }

  let row: PromotionCode;
  try {
    row = await db.$transaction(async (tx) => {
      const created = await tx.promotionCode.create({
        data: {
          platformId: platform.id,
          code: input.code,
          codeKey,
          percentOffBps,
          amountOff,
          currency: amountOff != null ? input.currency! : null,
          duration: input.duration,
          durationInMonths: input.duration === "repeating" ? input.duration_in_months! : null,
          maxRedemptions: input.max_redemptions ?? null,
          expiresAt,
          appliesTo: targets,
          firstTimeOnly: input.first_time_only ?? false,
          isPublic: input.public ?? false,
          stripeCouponId: coupon.id,
          stripePromotionCodeId: promo.id,
          createdById: actor.id,
        },
      });
      await audit(
        {
          actorId: actor.id,
          platformId: platform.id,
          action: "promotion_code.created",
          target: created.id,
          data: {
            code: input.code,
            percent_off: input.percent_off ?? null,
            amount_off: input.amount_off ?? null,
            currency: created.currency,
            duration: input.duration,
            duration_in_months: created.durationInMonths,
            max_redemptions: created.maxRedemptions,
            expires_at: input.expires_at ?? null,
            applies_to: targets,
            first_time_only: created.firstTimeOnly,
          },
        },
        tx,
      );
      return created;
    });
  } catch (e) {
    // the same code created at the same moment: leave nothing live on Stripe for the loser
    await callStripe("deactivate the promotion code", () => stripe().promotionCodes.update(promo.id, { active: false })).catch(() => undefined);
    await removeCoupon(coupon.id);
    if ((e as { code?: unknown } | null)?.code === "P2002") throw codeTaken(input.code);
    throw e;
  }
  return viewOf({ ...row, _count: { redemptions: 0 } });
}

async function removeCoupon(id: string) {
  await callStripe("delete the coupon", () => stripe().coupons.del(id)).catch((e) =>
    console.warn("[promotions] could not delete an unused coupon", id, e instanceof Error ? e.message : e),
  );
}

/** Turns a code off (or on again, unless it expired): on Stripe first, then our row. */
export async function setPromotionCodeActive(platform: Platform, id: string, input: UpdatePromotionCodeInput, actor: User, now = new Date()): Promise<PromotionCodeView> {
  const current = await findPromotionCode(platform, id);
  if (current.active === input.active) return viewOf(current);
  if (input.active && current.expiresAt && current.expiresAt <= now) {
    throw new BadRequestError(
      "This code has expired and cannot be reactivated; create a new one.",
      { errors: { active: ["The code has expired."] } },
      PROMOTION_ERROR_CODES.expired,
    );
  }
  if (current.stripePromotionCodeId) {
    await callStripe(input.active ? "reactivate the promotion code" : "deactivate the promotion code", () =>
      stripe().promotionCodes.update(current.stripePromotionCodeId!, { active: input.active }),
    );
  }
  const row = await db.$transaction(async (tx) => {
    const updated = await tx.promotionCode.update({ where: { id: current.id }, data: { active: input.active }, include: withCount });
    await audit(
      { actorId: actor.id, platformId: platform.id, action: input.active ? "promotion_code.reactivated" : "promotion_code.deactivated", target: current.id, data: { code: current.code } },
      tx,
    );
    return updated;
  });
  return viewOf(row);
}
