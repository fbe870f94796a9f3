// npm run db:seed: inserts the demo data (idempotent).
import { closeDb, dbHandle } from "@/lib/db/client";
import { seedDemoData, DEMO_PASSWORD } from "@/lib/db/seed";

await seedDemoData(dbHandle().prisma);
console.log(`Demo data ready (password for every demo user: ${DEMO_PASSWORD}).`);
await closeDb();
process.exit(0);
