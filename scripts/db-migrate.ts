// npm run db:migrate: applies pending prisma/migrations/ to DATABASE_URL, or to the embedded database.
import { closeDb, dbHandle } from "@/lib/db/client";
import { applyMigrations } from "@/lib/db/migrations";

const handle = dbHandle();
const applied = await applyMigrations(handle.adapterFactory);
console.log(applied.length ? `Applied: ${applied.join(", ")}` : "Database is up to date.");
await closeDb();
process.exit(0);
