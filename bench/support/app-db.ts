// Direct SQL on a started stack's database: PostgreSQL while the app runs; the embedded PGlite
// only while its app is stopped (one process per data folder), so the app is stopped around it.
import { withDb, type Query } from "../../reliability/money/db";
import type { Stack } from "../../reliability/support/harness";

export async function withAppDb<T>(stack: Stack, fn: (q: Query) => Promise<T>): Promise<T> {
  const url = stack.secrets.databaseUrl;
  if (url) return withDb({ url }, fn);
  await stack.app.stop();
  try {
    return await withDb({ pgliteDataDir: stack.app.dataDir }, fn);
  } finally {
    await stack.app.start();
  }
}

/** Statements and row writes the database has counted so far (PostgreSQL's pg_stat_database; its stats lag up to a second). */
export async function dbActivity(url: string): Promise<{ statements: number; writes: number }> {
  return withDb({ url }, async (q) => {
    const [r] = (await q(
      `SELECT xact_commit + xact_rollback AS statements, tup_inserted + tup_updated + tup_deleted AS writes
         FROM pg_stat_database WHERE datname = current_database()`,
    )) as { statements: string; writes: string }[];
    return { statements: Number(r.statements), writes: Number(r.writes) };
  });
}
