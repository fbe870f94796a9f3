import "server-only";
import { randomUUID } from "node:crypto";
import { db } from "@/lib/db";
import { NotFoundError } from "@/lib/api/errors";

// `{user}` in the wallet API is a Tollgate user id or the platform's own stable pseudonymous id.
// An external id is mapped once to a pseudonymous user; no e-mail is ever used as an id.

export type WalletUser = { userId: string; externalId: string | null };

async function mapped(platformId: string, externalId: string) {
  return db.externalUser.findUnique({ where: { platformId_externalId: { platformId, externalId } } });
}

/** Resolves `ref`; with create=true an unknown external id gets its user. Unknown on read → 404. */
export async function resolveWalletUser(platformId: string, ref: string, opts: { create?: boolean } = {}): Promise<WalletUser> {
  if (!ref || ref.length > 200) throw new NotFoundError("No such user.");
  // the platform's own ids first: they are its namespace, a user id is only tried when none maps
  const ext = await mapped(platformId, ref);
  if (ext) return { userId: ext.userId, externalId: ext.externalId };
  const user = await db.user.findUnique({ where: { id: ref }, select: { id: true } });
  if (user) {
    const own = await db.externalUser.findUnique({ where: { platformId_userId: { platformId, userId: user.id } } });
    return { userId: user.id, externalId: own?.externalId ?? null };
  }
  if (!opts.create) throw new NotFoundError("No such user.");
  try {
    return await db.$transaction(async (tx) => {
      const created = await tx.user.create({ data: { email: `${randomUUID()}@external.invalid` } });
      await tx.externalUser.create({ data: { platformId, externalId: ref, userId: created.id } });
      return { userId: created.id, externalId: ref };
    });
  } catch (error) {
    // a concurrent request mapped the same external id first
    const again = await mapped(platformId, ref);
    if (again) return { userId: again.userId, externalId: again.externalId };
    throw error;
  }
}

/** The external id of a user on a platform, if it has one. */
export async function externalIdOf(platformId: string, userId: string): Promise<string | null> {
  const row = await db.externalUser.findUnique({ where: { platformId_userId: { platformId, userId } } });
  return row?.externalId ?? null;
}
