import { ConfigError, env } from "@/lib/config/env";
import { prepareDatabase } from "@/lib/db/bootstrap";
import { seedDemoSales } from "@/lib/demo/demo-sales";
import { magicLinksEnabled } from "@/lib/mail/send-mail";
import { releaseOrphanedClaims } from "@/lib/webhooks/receive-event";

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
  if (!magicLinksEnabled()) {
    console.warn("[tollgate] magic-link sign-in is off: a real Stripe key is set but EMAIL_SERVER is not. Set EMAIL_SERVER (SMTP) to send sign-in links; password sign-in still works.");
  }
  const started = Date.now();
  const result = await prepareDatabase();
  const applied = result.applied.length ? `, applied ${result.applied.join(", ")}` : "";
  if (result.mode === "embedded") {
    const released = await releaseOrphanedClaims();
    if (released) console.log(`[tollgate] released ${released} webhook event claim(s) left by a stopped process`);
  }
  console.log(`[tollgate] database ready (${result.mode}${applied}${result.seeded ? ", demo data seeded" : ""}) in ${Date.now() - started} ms`);
  // e-mails and outbound webhooks run here, never inside a request
  const { startJobWorker } = await import("@/lib/jobs/worker");
  await startJobWorker();
  console.log("[tollgate] job worker started (pg-boss)");
  // access checks are counted in memory and written every few seconds, off the request path
  const { startDecisionCounter } = await import("@/lib/insights/decision-counter");
  startDecisionCounter();
  if (result.seeded && process.env.SEED_DEMO_SALES !== "0") {
    // after start-up, so the webhooks these sales trigger find the server listening
    setTimeout(() => {
      seedDemoSales()
        .then((done) => done && console.log("[tollgate] demo sales recorded on Local Stripe"))
        .catch((e) => console.error("[tollgate] demo sales could not be recorded:", e instanceof Error ? e.message : e));
    }, 500);
  }
}
