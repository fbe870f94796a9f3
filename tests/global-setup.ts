import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import type { TestProject } from "vitest/node";

// Builds one migrated database per run; every test file then gets its own copy
// (a PGlite snapshot by default, a PostgreSQL template database when DATABASE_URL is set).

declare module "vitest" {
  export interface ProvidedContext {
    dbTemplate: { kind: "pglite"; snapshot: string } | { kind: "postgres"; adminUrl: string; template: string };
  }
}

/** Checks every answer the tests recorded against the OpenAPI document (see tests/support/contract-recorder.ts). */
function checkRecordedAnswers(dir: string) {
  const result = spawnSync(process.execPath, [path.resolve("node_modules/tsx/dist/cli.mjs"), "--conditions=react-server", "scripts/check-recorded-responses.ts", dir], {
    stdio: "inherit",
  });
  if (result.status !== 0) {
    // a teardown error alone does not fail the run
    process.exitCode = 1;
    throw new Error("Recorded API answers do not match the OpenAPI document (see above).");
  }
}

export default async function setup(project: TestProject) {
  const answersDir = await fs.mkdtemp(path.join(os.tmpdir(), "tollgate-answers-"));
  process.env.API_CONTRACT_RECORD_DIR = answersDir;
  const finishContract = async () => {
    try {
      // a run filtered to a few files checks what it recorded; nothing recorded, nothing to check
      if ((await fs.readdir(answersDir)).length) checkRecordedAnswers(answersDir);
    } finally {
      await fs.rm(answersDir, { recursive: true, force: true });
    }
  };
  const { applyMigrations } = await import("../lib/db/migrations");
  const { migrateJobQueue } = await import("../lib/jobs/job-schema");
  const adminUrl = process.env.DATABASE_URL;
  if (adminUrl) {
    const { default: pg } = await import("pg");
    const { PrismaPg } = await import("@prisma/adapter-pg");
    const template = `tollgate_test_template_${process.pid}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${template}`);
    await admin.query(`CREATE DATABASE ${template}`);
    const url = new URL(adminUrl);
    url.pathname = `/${template}`;
    const factory = new PrismaPg({ connectionString: url.toString() });
    await applyMigrations(factory);
    await migrateJobQueue({ url: url.toString() });
    // the migration engine's pool may keep connections open; a template must have none
    await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", [template]);
    project.provide("dbTemplate", { kind: "postgres", adminUrl, template });
    return async () => {
      // idle connections from the migration engine may linger briefly
      await admin.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`).catch(() => {});
      await admin.end();
      await finishContract();
    };
  }
  const { PGlite } = await import("@electric-sql/pglite");
  const { PrismaPGlite } = await import("pglite-prisma-adapter");
  const pglite = new PGlite();
  await applyMigrations(new PrismaPGlite(pglite));
  await migrateJobQueue({ pglite });
  const dump = await pglite.dumpDataDir("none");
  await pglite.close();
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "tollgate-test-"));
  const snapshot = path.join(dir, "migrated.tar");
  await fs.writeFile(snapshot, Buffer.from(await dump.arrayBuffer()));
  project.provide("dbTemplate", { kind: "pglite", snapshot });
  return async () => {
    await fs.rm(dir, { recursive: true, force: true });
    await finishContract();
  };
}
