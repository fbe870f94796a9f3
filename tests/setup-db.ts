import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import crypto from "node:crypto";
import { afterAll, inject } from "vitest";

// Per test file: a private copy of the migrated database, a private DATA_DIR, fixed secrets.
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "tollgate-data-"));
process.env.DATA_DIR = dataDir;
process.env.NEXTAUTH_SECRET = "test-secret-for-vitest-only-0123456789";
process.env.APP_URL = "http://localhost:3000";
process.env.STRIPE_WEBHOOK_SECRET = "whsec_test_platform_secret";
process.env.STRIPE_CONNECT_WEBHOOK_SECRET = "whsec_test_connect_secret";
delete process.env.EMAIL_SERVER;
delete process.env.STRIPE_SECRET_KEY;

const template = inject("dbTemplate");
const { setDbHandle, closeDb } = await import("@/lib/db/client");
const { PrismaClient } = await import("@/lib/db/generated/client");

if (template.kind === "pglite") {
  const { PGlite } = await import("@electric-sql/pglite");
  const { PrismaPGlite } = await import("pglite-prisma-adapter");
  const blob = new Blob([fs.readFileSync(template.snapshot)]);
  const pglite = new PGlite({ loadDataDir: blob });
  const adapterFactory = new PrismaPGlite(pglite);
  const prisma = new PrismaClient({ adapter: adapterFactory });
  setDbHandle({ prisma, adapterFactory, mode: "embedded", pglite, close: async () => { await prisma.$disconnect(); await pglite.close(); } });
} else {
  const { default: pg } = await import("pg");
  const { PrismaPg } = await import("@prisma/adapter-pg");
  const name = `tollgate_test_${crypto.randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: template.adminUrl });
  await admin.connect();
  // workers copy the template at the same time; PostgreSQL refuses a copy while another is running
  for (let attempt = 0; ; attempt++) {
    try {
      await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template.template}`);
      break;
    } catch (e) {
      if (attempt > 50 || !/being accessed by other users/.test(String(e))) throw e;
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
    }
  }
  const url = new URL(template.adminUrl);
  url.pathname = `/${name}`;
  process.env.DATABASE_URL = url.toString();
  const adapterFactory = new PrismaPg({ connectionString: url.toString(), max: 5 });
  const prisma = new PrismaClient({ adapter: adapterFactory });
  setDbHandle({
    prisma,
    adapterFactory,
    mode: "postgres",
    url: url.toString(),
    close: async () => {
      await prisma.$disconnect();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  });
}

afterAll(async () => {
  await closeDb();
  fs.rmSync(dataDir, { recursive: true, force: true });
});
