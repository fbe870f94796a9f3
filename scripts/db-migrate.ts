// npm run db:migrate: applies pending prisma/migrations/ to DATABASE_URL, or to the embedded database.
import { closeDb, dbHandle } from "@/lib/db/client";
import { applyMigrations } from "@/lib/db/migrations";
import { migrateJobQueue } from "@/lib/jobs/job-schema";

const handle = dbHandle();
const applied = await applyMigrations(handle.adapterFactory);
console.log(applied.length ? `Applied: ${applied.join(", ")}` : "Database is up to date.");
// the job queue's own schema (pgboss) lives in the same database
await migrateJobQueue(handle.pglite ? { pglite: handle.pglite } : { url: handle.url! });
console.log("Job queue schema is up to date.");
await closeDb();
process.exit(0);
