import { z } from "zod";
import { db } from "@/lib/db";
import type { MembershipRole, Platform } from "@/lib/db";
import { ConflictError, NotFoundError } from "@/lib/api/errors";
import { audit } from "./audit";
import { bpsSchema, commissionTable } from "./commission";
import { itemTypeSchema } from "./item-types";

export const platformKeySchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(2, "Key must be at least 2 characters.")
  .max(40)
  .regex(/^[a-z0-9][a-z0-9-]*$/, "Key may hold lower-case letters, digits and dashes.");

export const createPlatformInput = z.object({
  key: platformKeySchema,
  name: z.string().trim().min(1, "Name is required.").max(120),
});

export const updatePlatformInput = z
  .object({
    name: z.string().trim().min(1).max(120),
    enable_monetization: z.boolean(),
    show_paywall: z.boolean(),
    default_commission_bps: bpsSchema,
    commission_bps: z.record(itemTypeSchema, bpsSchema),
    allowed_domains: z.array(z.url({ protocol: /^https?$/ }).transform((u) => new URL(u).origin)).max(20),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, "Nothing to update.");

export const addMemberInput = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email("Enter a valid e-mail address.")),
  role: z.enum(["owner", "admin", "member"]).default("member"),
});

export type PlatformView = ReturnType<typeof platformView>;

export function platformView(p: Platform & { _count?: { memberships: number } }) {
  return {
    key: p.key,
    name: p.name,
    enable_monetization: p.enableMonetization,
    show_paywall: p.showPaywall,
    default_commission_bps: p.defaultCommissionBps,
    commission_bps: commissionTable(p),
    allowed_domains: p.allowedDomains,
    stripe_account_id: p.stripeAccountId,
    member_count: p._count?.memberships,
    created_at: p.createdAt.toISOString(),
  };
}

export async function listPlatforms() {
  const platforms = await db.platform.findMany({ orderBy: { createdAt: "asc" }, include: { _count: { select: { memberships: true } } } });
  return platforms.map(platformView);
}

export async function createPlatform(actorId: string, input: z.infer<typeof createPlatformInput>) {
  const existing = await db.platform.findUnique({ where: { key: input.key } });
  if (existing) throw new ConflictError(`A platform with key "${input.key}" already exists.`, { errors: { key: ["Already taken."] } });
  const platform = await db.$transaction(async (tx) => {
    const p = await tx.platform.create({ data: { key: input.key, name: input.name } });
    await audit({ actorId, platformId: p.id, action: "platform.created", target: p.key }, tx);
    return p;
  });
  return platformView(platform);
}

export async function updatePlatform(actorId: string, key: string, input: z.infer<typeof updatePlatformInput>) {
  const platform = await db.platform.findUnique({ where: { key } });
  if (!platform) throw new NotFoundError();
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

export async function listMembers(key: string) {
  const platform = await db.platform.findUnique({
    where: { key },
    include: { memberships: { include: { user: true }, orderBy: { createdAt: "asc" } } },
  });
  if (!platform) throw new NotFoundError();
  return platform.memberships.map((m) => ({ email: m.user.email, name: m.user.name, role: m.role }));
}

/** Adds (or re-roles) a member by e-mail; unknown people get an account they sign in to by magic link. */
export async function addMember(actorId: string, key: string, input: { email: string; role: MembershipRole }) {
  const platform = await db.platform.findUnique({ where: { key } });
  if (!platform) throw new NotFoundError();
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
