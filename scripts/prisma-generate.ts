// `prisma generate` does not use the schema engine, but the CLI insists on locating one;
// point it at any existing file so it never tries to download it.
import { spawnSync } from "node:child_process";
import path from "node:path";

const env = {
  ...process.env,
  PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath,
  PRISMA_HIDE_UPDATE_MESSAGE: "1",
  CHECKPOINT_DISABLE: "1",
};
const cli = path.join(process.cwd(), "node_modules", "prisma", "build", "index.js");
const result = spawnSync(process.execPath, [cli, "generate"], { env, stdio: "inherit" });
process.exit(result.status ?? 1);
