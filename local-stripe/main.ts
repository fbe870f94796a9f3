import http from "node:http";
import { startLocalStripe } from "./server.js";

const port = Number(process.env.LOCAL_STRIPE_PORT || 12111);
const dataDir = process.env.DATA_DIR || ".data";
const appUrl = (process.env.APP_URL || `http://localhost:${process.env.PORT || 3000}`).replace(/\/+$/, "");

/** True when another Local Stripe already answers on this port (several app instances share one). */
function isLocalStripe(p: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get({ host: "127.0.0.1", port: p, path: "/_local/health", timeout: 2000 }, (res) => {
      let body = "";
      res.on("data", (c: Buffer) => (body += c.toString()));
      res.on("end", () => {
        try {
          resolve((JSON.parse(body) as { status?: string }).status === "ok");
        } catch {
          resolve(false);
        }
      });
    });
    req.on("error", () => resolve(false));
    req.on("timeout", () => {
      req.destroy();
      resolve(false);
    });
  });
}

async function main(): Promise<void> {
  let server;
  try {
    server = await startLocalStripe({
      port,
      dataDir,
      webhookUrl: process.env.STRIPE_WEBHOOK_URL || `${appUrl}/api/webhooks/stripe`,
      connectWebhookUrl: process.env.STRIPE_CONNECT_WEBHOOK_URL || `${appUrl}/api/webhooks/stripe/connect`,
      webhookSecret: process.env.STRIPE_WEBHOOK_SECRET || undefined,
      connectWebhookSecret: process.env.STRIPE_CONNECT_WEBHOOK_SECRET || undefined,
      publicUrl: process.env.LOCAL_STRIPE_PUBLIC_URL || undefined,
    });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EADDRINUSE") {
      if (await isLocalStripe(port)) {
        console.log(`Local Stripe already running on http://127.0.0.1:${port}`);
        process.exit(0);
      }
      console.error(`Port ${port} is in use by another program; set LOCAL_STRIPE_PORT.`);
      process.exit(1);
    }
    throw err;
  }
  console.log(`Local Stripe listening on ${server.url}`);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    server
      .close()
      .then(() => process.exit(0))
      .catch(() => process.exit(1));
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

void main();
