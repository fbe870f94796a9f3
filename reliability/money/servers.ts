// Fresh servers for one money run: a webhook proxy, Local Stripe sending its webhooks to the
// proxy, one or more app instances behind it (embedded PGlite, or a PostgreSQL database of the
// run's own), and a clean-up that removes everything again.
import fs from "node:fs";
import path from "node:path";
import { freePort, prepareDatabase, startApp, startLocalStripe, tempDir, type AppProc, type LocalStripeProc } from "../support/stack";
import { createDatabase, type DbTarget } from "./db";
import { LocalStripeControl } from "./http";
import { startWebhookProxy, type WebhookProxy } from "./proxy";

// the harness stands for many buyers on one machine: each sends its own X-Forwarded-For, as if
// behind one proxy, so per-client limits (sign-in links, guest checkouts) count per person
const APP_ENV = { TRUSTED_PROXY_HOPS: "1" };

let template: Promise<string> | undefined;

/**
 * A DATA_DIR whose embedded database the app itself migrated and seeded on its first start (the
 * zero-config path), made once per process. Each run starts from a copy of it: a fresh database
 * without paying for the migrations every time.
 */
export function embeddedTemplate(): Promise<string> {
  template ??= (async () => {
    const dir = tempDir("tollgate-rel-template-");
    process.once("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
    const ls = await startLocalStripe({ webhookBase: "http://127.0.0.1:9" });
    try {
      const app = await startApp({ localStripeUrl: ls.url, dataDir: dir, env: APP_ENV });
      await app.stop();
    } finally {
      await ls.stop();
      fs.rmSync(ls.dataDir, { recursive: true, force: true });
    }
    for (const f of fs.readdirSync(dir)) if (f !== "pglite") fs.rmSync(path.join(dir, f), { recursive: true, force: true });
    return dir;
  })();
  // a failed attempt is not kept: the next run tries again
  template.catch(() => (template = undefined));
  return template;
}

/** A new DATA_DIR holding a copy of the template's embedded database. */
export async function freshEmbeddedDir(): Promise<string> {
  const from = await embeddedTemplate();
  const dir = tempDir("tollgate-rel-app-");
  fs.cpSync(path.join(from, "pglite"), path.join(dir, "pglite"), { recursive: true });
  return dir;
}

export type MoneyStack = {
  ls: LocalStripeProc;
  control: LocalStripeControl;
  apps: AppProc[];
  proxy: WebhookProxy;
  databaseUrl?: string;
  dbTarget: () => DbTarget;
  /** stops the apps (so an embedded database can be opened), keeps data */
  stopApps: () => Promise<void>;
  /** stops everything and removes data directories and the database */
  destroy: () => Promise<void>;
};

export async function freshStack(opts: {
  instances?: number;
  /** admin URL: the run gets a database of its own on that server */
  postgresAdminUrl?: string;
  copies?: number;
  alternate?: boolean;
  appEnv?: Record<string, string>;
}): Promise<MoneyStack> {
  const n = opts.instances ?? 1;
  const ports = await Promise.all(Array.from({ length: n }, () => freePort()));
  const proxy = await startWebhookProxy({ targets: ports.map((p) => `http://127.0.0.1:${p}`), copies: opts.copies, alternate: opts.alternate });
  const cleanups: Array<() => Promise<void>> = [() => proxy.close()];
  const run = async () => {
    for (const c of cleanups.reverse()) await c().catch(() => {});
  };
  try {
    const ls = await startLocalStripe({ webhookBase: proxy.url });
    cleanups.push(async () => {
      await ls.stop();
      fs.rmSync(ls.dataDir, { recursive: true, force: true });
    });
    let databaseUrl: string | undefined;
    if (opts.postgresAdminUrl) {
      const db = await createDatabase(opts.postgresAdminUrl);
      cleanups.push(() => db.drop());
      await prepareDatabase(db.url);
      databaseUrl = db.url;
    }
    const dirs = databaseUrl ? ports.map(() => undefined) : await Promise.all(ports.map(() => freshEmbeddedDir()));
    const apps = await Promise.all(ports.map((port, i) => startApp({ localStripeUrl: ls.url, port, databaseUrl, dataDir: dirs[i], env: { ...APP_ENV, ...opts.appEnv } })));
    for (const app of apps) {
      cleanups.push(async () => {
        await app.stop();
        fs.rmSync(app.dataDir, { recursive: true, force: true });
      });
    }
    return {
      ls,
      control: new LocalStripeControl(ls.url),
      apps,
      proxy,
      databaseUrl,
      dbTarget: () => (databaseUrl ? { url: databaseUrl } : { pgliteDataDir: apps[0].dataDir }),
      stopApps: async () => {
        for (const app of apps) await app.stop();
      },
      destroy: run,
    };
  } catch (e) {
    await run();
    throw e;
  }
}
