import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/db";

// Work about one Stripe object runs one writer at a time, under a transaction-scoped advisory lock
// on its id. Stripe is read before the lock is taken and never while it is held: the transaction
// pins a database connection (on the embedded database the only one), so a network call inside
// it would stall every other query for as long as Stripe takes to answer.

type Tx = Prisma.TransactionClient;

const held = new AsyncLocalStorage<string>();

/** The key of the Stripe lock held by the current async context, if any; lets tests prove no Stripe call runs under it. */
export function heldStripeLock(): string | undefined {
  return held.getStore();
}

/** Runs `work` in a transaction holding the advisory lock on `key`. `work` touches only the database. */
export function underStripeLock<T>(key: string, work: (tx: Tx) => Promise<T>): Promise<T> {
  return db.$transaction(
    async (tx) => {
      await tx.$queryRaw`SELECT 1 AS locked FROM (SELECT pg_advisory_xact_lock(hashtext(${key}))) AS l`;
      return held.run(key, () => work(tx));
    },
    // waiting for the lock counts against `timeout`; holders only run a few queries
    { maxWait: 15_000, timeout: 20_000 },
  );
}
