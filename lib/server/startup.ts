import { ConfigError, env } from "@/lib/config/env";
import { prepareDatabase } from "@/lib/db/bootstrap";

/** Runs once per server process before the first request. */
export async function startServer() {
  try {
    env();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(1);
    }
    throw e;
  }
  const started = Date.now();
  const result = await prepareDatabase();
  const applied = result.applied.length ? `, applied ${result.applied.join(", ")}` : "";
  console.log(`[tollgate] database ready (${result.mode}${applied}${result.seeded ? ", demo data seeded" : ""}) in ${Date.now() - started} ms`);
}
