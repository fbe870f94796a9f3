import "server-only";
import type { Prisma } from "@/lib/db";
import { db } from "@/lib/db";

type Tx = Prisma.TransactionClient;

export function audit(
  entry: { actorId?: string | null; platformId?: string | null; action: string; target?: string; data?: Prisma.InputJsonValue },
  tx: Tx = db,
) {
  return tx.auditLog.create({ data: entry });
}
