import { db, dbHandle } from "@/lib/db";

export async function healthReport() {
  let database: { ok: boolean; mode: string; error?: string };
  try {
    await db.$queryRaw`SELECT 1`;
    database = { ok: true, mode: dbHandle().mode };
  } catch (e) {
    database = { ok: false, mode: dbHandle().mode, error: e instanceof Error ? e.message : String(e) };
  }
  return { status: "ok", database };
}
