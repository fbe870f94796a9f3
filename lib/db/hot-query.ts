import "server-only";
import pg from "pg";
import { dbHandle, type DbHandle } from "./client";

// The few statements on every request's path (the caller with the route's scope, the access
// decision) go straight to the driver: the ORM's work per query cost more than the statements
// themselves. On PostgreSQL each is a named statement, parsed once per connection. Timestamps
// come back as the database's text, read as UTC by the callers (as jsonb renders them). Not for
// use inside a transaction: it runs on a connection of its own (on PGlite, it would wait for the
// transaction to end).

const TIMESTAMP_OIDS = new Set([1114, 1184]);
const pgTypes = { getTypeParser: (oid: number, format?: "text" | "binary") => (TIMESTAMP_OIDS.has(oid) ? (v: string) => v : pg.types.getTypeParser(oid, format)) };
const pgliteParsers = { 1114: (v: string) => v, 1184: (v: string) => v };

/** A pool of its own beside the ORM's, opened on first use for handles made without one (tests). */
function poolOf(handle: DbHandle): pg.Pool | null {
  if (handle.pool) return handle.pool;
  if (!handle.url) return null;
  const pool = new pg.Pool({ connectionString: handle.url, max: 4 });
  pool.on("error", () => {});
  const close = handle.close.bind(handle);
  handle.pool = pool;
  handle.close = async () => {
    await pool.end().catch(() => {});
    await close();
  };
  return pool;
}

export async function hotQuery<T>(name: string, text: string, values: unknown[]): Promise<T[]> {
  const handle = dbHandle();
  if (handle.mode === "embedded" && handle.pglite) {
    return (await handle.pglite.query<T>(text, values, { parsers: pgliteParsers })).rows;
  }
  const pool = poolOf(handle);
  if (!pool) throw new Error("hotQuery: no database connection");
  const res = await pool.query({ name: `tollgate_${name}`, text, values, types: pgTypes } as pg.QueryConfig);
  return res.rows as T[];
}
