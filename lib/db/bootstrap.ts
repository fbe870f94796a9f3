import "server-only";
import { dbHandle } from "./client";
import { applyMigrations } from "./migrations";
import { migrateJobQueue } from "@/lib/jobs/job-schema";
import { seedDemoData } from "./seed";

/**
 * Embedded mode is zero-config: bring the schema up to date and seed the demo on first start.
 * With DATABASE_URL the operator runs `npm run db:migrate` (and optionally `db:seed`) instead.
 */
export async function prepareDatabase(): Promise<{ mode: string; applied: string[]; seeded: boolean }> {
  const handle = dbHandle();
  if (handle.mode !== "embedded") return { mode: handle.mode, applied: [], seeded: false };
  const applied = await applyMigrations(handle.adapterFactory);
  await migrateJobQueue({ pglite: handle.pglite! });
  const seeded = (await handle.prisma.platform.count()) === 0;
  if (seeded) await seedDemoData(handle.prisma);
  return { mode: handle.mode, applied, seeded };
}
