// npm run db:migration -- <name>: writes prisma/migrations/<stamp>_<name>/ from the schema diff.
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { createMigration } from "@/lib/db/migrations";

const name = process.argv[2];
if (!name) {
  console.error("usage: npm run db:migration -- <name>");
  process.exit(2);
}
// The diff is computed between schema files; a scratch in-memory database satisfies the engine.
const pglite = new PGlite();
const result = await createMigration(new PrismaPGlite(pglite), name);
await pglite.close();
process.exitCode = 0;
if (!result) console.log("The schema has not changed since the last migration; nothing written.");
else console.log(`Wrote ${result.dir}/migration.sql`);
