import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { PrismaClient } from "./generated/client";
import { env } from "@/lib/config/env";
import { acquireEmbeddedLock } from "./embedded-lock";

// One place decides which database the process talks to:
//   DATABASE_URL set  → PostgreSQL through @prisma/adapter-pg
//   otherwise         → embedded PGlite in DATA_DIR (one process per data folder)

export type Db = PrismaClient;

export type DbHandle = {
  prisma: PrismaClient;
  adapterFactory: SqlMigrationAwareDriverAdapterFactory;
  mode: "embedded" | "postgres";
  /** The embedded database itself, or the PostgreSQL URL: the job queue opens its own access from these. */
  pglite?: PGlite;
  url?: string;
  /** The PostgreSQL pool the ORM runs on; hot-query.ts uses it directly. */
  pool?: pg.Pool;
  close(): Promise<void>;
};

const globalKey = Symbol.for("tollgate.db");
type GlobalWithDb = typeof globalThis & { [globalKey]?: DbHandle };
const g = globalThis as GlobalWithDb;

export { DatabaseLockedError } from "./embedded-lock";

export function openEmbedded(pglite: PGlite): Omit<DbHandle, "close"> & { pglite: PGlite } {
  const adapterFactory = new PrismaPGlite(pglite);
  return { prisma: new PrismaClient({ adapter: adapterFactory }), adapterFactory, mode: "embedded", pglite };
}

function connect(): DbHandle {
  const { DATABASE_URL, DATA_DIR } = env();
  if (DATABASE_URL) {
    const pool = new pg.Pool({ connectionString: DATABASE_URL, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) });
    const adapterFactory = new PrismaPg(pool, { disposeExternalPool: true });
    const prisma = new PrismaClient({ adapter: adapterFactory });
    return { prisma, adapterFactory, mode: "postgres", url: DATABASE_URL, pool, close: () => prisma.$disconnect() };
  }
  const dir = path.resolve(DATA_DIR, "pglite");
  fs.mkdirSync(dir, { recursive: true });
  const release = acquireEmbeddedLock(path.resolve(DATA_DIR));
  // PGlite opens in the background; queries wait until it is ready.
  const pglite = new PGlite(dir);
  const handle = openEmbedded(pglite);
  return {
    ...handle,
    close: async () => {
      await handle.prisma.$disconnect();
      await pglite.close();
      release();
    },
  };
}

export function dbHandle(): DbHandle {
  g[globalKey] ??= connect();
  return g[globalKey];
}

/** Used by tests to point the process at a database they prepared. */
export function setDbHandle(handle: DbHandle | undefined) {
  g[globalKey] = handle;
}

/** The Prisma client of this process, opened on first use. */
export const db: PrismaClient = new Proxy({} as PrismaClient, {
  get(_target, prop) {
    const client = dbHandle().prisma;
    const value = Reflect.get(client, prop, client);
    return typeof value === "function" ? value.bind(client) : value;
  },
});

export async function closeDb() {
  const current = g[globalKey];
  g[globalKey] = undefined;
  if (current) await current.close();
}
