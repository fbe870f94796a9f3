import "server-only";
import { db } from "@/lib/db";
import type { Platform } from "@/lib/db";
import { ConflictError } from "@/lib/api/errors";
import { audit } from "./audit";
import { commissionTable } from "./commission";
import type { AddMemberInput, CreatePlatformInput, OperatorPlatform, OperatorPlatformRow, PlatformMember, UpdatePlatformInput } from "./platform-schema";

export function platformView(p: Platform): OperatorPlatform {
  return {
    key: p.key,
    name: p.name,
    enable_monetization: p.enableMonetization,
    show_paywall: p.showPaywall,
    default_commission_bps: p.defaultCommissionBps,
    commission_bps: commissionTable(p),
    allowed_domains: p.allowedDomains,
    stripe_account_id: p.stripeAccountId,
    created_at: p.createdAt.toISOString(),
  };
}

function platformRowView(p: Platform & { _count: { memberships: number } }): OperatorPlatformRow {
  return { ...platformView(p), member_count: p._count.memberships };
}

export async function listPlatforms(): Promise<OperatorPlatformRow[]> {
  const platforms = await db.platform.findMany({ orderBy: { createdAt: "asc" }, include: { _count: { select: { memberships: true } } } });
  return platforms.map(platformRowView);
}

export async function createPlatform(actorId: string, input: CreatePlatformInput): Promise<OperatorPlatform> {
  const existing = await db.platform.findUnique({ where: { key: input.key } });
  if (existing) throw new ConflictError(`A platform with key "${input.key}" already exists.`, { errors: { key: ["Already taken."] } }, "platform_key_taken");
  const platform = await db.$transaction(async (tx) => {
    const p = await tx.platform.create({ data: { key: input.key, name: input.name } });
    await audit({ actorId, platformId: p.id, action: "platform.created", target: p.key }, tx);
    return p;
  });
  return platformView(platform);
}

export async function updatePlatform(actorId: string, platform: Platform, input: UpdatePlatformInput): Promise<OperatorPlatform> {
  const current = (platform.commissionBps ?? {}) as Record<string, number>;
  const updated = await db.$transaction(async (tx) => {
    const p = await tx.platform.update({
      where: { id: platform.id },
      data: {
        name: input.name,
        enableMonetization: input.enable_monetization,
        showPaywall: input.show_paywall,
        defaultCommissionBps: input.default_commission_bps,
        commissionBps: input.commission_bps ? { ...current, ...input.commission_bps } : undefined,
        allowedDomains: input.allowed_domains,
      },
    });
    await audit({ actorId, platformId: p.id, action: "platform.updated", target: p.key, data: input }, tx);
    return p;
  });
  return platformView(updated);
}

export async function listMembers(platform: Platform): Promise<PlatformMember[]> {
  const memberships = await db.membership.findMany({ where: { platformId: platform.id }, include: { user: true }, orderBy: { createdAt: "asc" } });
  return memberships.map((m) => ({ email: m.user.email, name: m.user.name, role: m.role }));
}

/** Adds (or re-roles) a member by e-mail; unknown people get an account they sign in to by magic link. */
export async function addMember(actorId: string, platform: Platform, input: AddMemberInput): Promise<PlatformMember> {
  return db.$transaction(async (tx) => {
    const user = await tx.user.upsert({ where: { email: input.email }, update: {}, create: { email: input.email } });
    const m = await tx.membership.upsert({
      where: { userId_platformId: { userId: user.id, platformId: platform.id } },
      update: { role: input.role },
      create: { userId: user.id, platformId: platform.id, role: input.role },
    });
    await audit({ actorId, platformId: platform.id, action: "membership.set", target: input.email, data: { role: input.role } }, tx);
    return { email: user.email, name: user.name, role: m.role };
  });
}
