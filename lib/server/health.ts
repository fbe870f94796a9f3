import "server-only";
import { z } from "zod";
import { db, dbHandle } from "@/lib/db";
import { localStripeUrl, stripe, stripeMode } from "@/lib/stripe/client";

const healthCheckSchema = z
  .object({
    ok: z.boolean(),
    mode: z.string().meta({ description: "Which database or Stripe the server uses (e.g. `pglite`, `postgres`, `local`, `test`)." }),
    error: z.string().optional().meta({ description: "Why the check failed." }),
  })
  .meta({ id: "HealthCheck" });
type Check = z.infer<typeof healthCheckSchema>;

/** The same body answers 200 (`ok`) and 503 (`degraded`). */
export const healthReportSchema = z
  .object({ status: z.enum(["ok", "degraded"]), database: healthCheckSchema, stripe: healthCheckSchema })
  .meta({ id: "HealthReport" });
export type HealthReport = z.infer<typeof healthReportSchema>;

function failure(mode: string, e: unknown): Check {
  return { ok: false, mode, error: e instanceof Error ? e.message : String(e) };
}

async function databaseCheck(): Promise<Check> {
  const mode = dbHandle().mode;
  try {
    await db.$queryRaw`SELECT 1`;
    return { ok: true, mode };
  } catch (e) {
    return failure(mode, e);
  }
}

// Reachability of Stripe is cached briefly so health probes do not hit its rate limits.
let stripeCache: { at: number; check: Check } | undefined;

async function stripeCheck(): Promise<Check> {
  if (stripeCache && Date.now() - stripeCache.at < 30_000) return stripeCache.check;
  const mode = stripeMode();
  let check: Check;
  try {
    if (mode === "local") {
      const res = await fetch(`${localStripeUrl()}/_local/health`, { signal: AbortSignal.timeout(3000) });
      check = res.ok ? { ok: true, mode } : failure(mode, `Local Stripe answered ${res.status}`);
    } else {
      await stripe().balance.retrieve({}, { timeout: 5000 });
      check = { ok: true, mode };
    }
  } catch (e) {
    check = failure(mode, e);
  }
  stripeCache = { at: Date.now(), check };
  return check;
}

export async function healthReport(): Promise<HealthReport> {
  const [database, stripeStatus] = await Promise.all([databaseCheck(), stripeCheck()]);
  return { status: database.ok && stripeStatus.ok ? "ok" : "degraded", database, stripe: stripeStatus };
}
