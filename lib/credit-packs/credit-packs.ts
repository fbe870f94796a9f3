import "server-only";
import { db } from "@/lib/db";
import type { CreditPack, Platform, User } from "@/lib/db";
import { NotFoundError } from "@/lib/api/errors";
import { audit } from "@/lib/platforms/audit";
import { fromMinorUnits } from "@/lib/prices/money";
import type { CreateCreditPackInput, CreditPackView, UpdateCreditPackInput } from "./credit-pack-schema";

export function creditPackView(p: CreditPack): CreditPackView {
  return {
    id: p.id,
    name: p.name,
    credits: p.credits,
    amount: p.amount,
    amount_decimal: fromMinorUnits(p.amount, p.currency),
    currency: p.currency,
    is_active: p.isActive,
    sort_order: p.sortOrder,
    created_at: p.createdAt.toISOString(),
    updated_at: p.updatedAt.toISOString(),
  };
}

/** Buyers see active packs; admins every pack. */
export async function listCreditPacks(platform: Platform, opts: { includeInactive: boolean }): Promise<CreditPackView[]> {
  const packs = await db.creditPack.findMany({
    where: { platformId: platform.id, ...(opts.includeInactive ? {} : { isActive: true }) },
    orderBy: [{ sortOrder: "asc" }, { amount: "asc" }, { createdAt: "asc" }],
  });
  return packs.map(creditPackView);
}

/** The platform's pack; another platform's (or an inactive one, for buyers) answers 404. */
export async function findCreditPack(platform: Platform, id: string, opts: { includeInactive: boolean }): Promise<CreditPack> {
  const pack = await db.creditPack.findFirst({ where: { id, platformId: platform.id } });
  if (!pack || (!pack.isActive && !opts.includeInactive)) throw new NotFoundError("Credit pack not found.");
  return pack;
}

export async function createCreditPack(platform: Platform, input: CreateCreditPackInput, actor: User): Promise<CreditPackView> {
  const pack = await db.$transaction(async (tx) => {
    const row = await tx.creditPack.create({
      data: {
        platformId: platform.id,
        name: input.name,
        credits: input.credits,
        amount: input.amount,
        currency: input.currency,
        isActive: input.is_active,
        sortOrder: input.sort_order,
      },
    });
    await audit({ actorId: actor.id, platformId: platform.id, action: "credit_pack.created", target: row.id }, tx);
    return row;
  });
  return creditPackView(pack);
}

/** Partial update; a checkout already started keeps the credits and price it was started with. */
export async function updateCreditPack(platform: Platform, pack: CreditPack, input: UpdateCreditPackInput, actor: User): Promise<CreditPackView> {
  const updated = await db.$transaction(async (tx) => {
    const row = await tx.creditPack.update({
      where: { id: pack.id },
      data: {
        name: input.name,
        credits: input.credits,
        amount: input.amount,
        currency: input.currency,
        isActive: input.is_active,
        sortOrder: input.sort_order,
      },
    });
    await audit({ actorId: actor.id, platformId: platform.id, action: "credit_pack.updated", target: pack.id }, tx);
    return row;
  });
  return creditPackView(updated);
}

/** Deactivates (never deletes): past top-ups keep pointing at the pack. */
export async function deactivateCreditPack(platform: Platform, pack: CreditPack, actor: User): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.creditPack.update({ where: { id: pack.id }, data: { isActive: false } });
    await audit({ actorId: actor.id, platformId: platform.id, action: "credit_pack.deactivated", target: pack.id }, tx);
  });
}
