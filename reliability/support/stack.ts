// Starts what a user runs — Local Stripe and the app's production server (`npm start`'s launcher,
// `scripts/run.ts start`) — on ports and a DATA_DIR of their own, each in its own process group
// so a test can stop it cleanly or kill -9 it mid-request.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const TSX = path.join(ROOT_DIR, "node_modules", "tsx", "dist", "cli.mjs");

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export function tempDir(prefix = "tollgate-rel-"): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export async function waitForOk(url: string, timeoutMs: number, proc?: ChildProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc && proc.exitCode !== null) throw new Error(`${url}: process exited with ${proc.exitCode} before answering`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs} ms`);
}

export type Proc = {
  child: ChildProcess;
  /** the last lines it printed, for failure reports */
  output: () => string;
  /** SIGTERM to the whole process group, then SIGKILL if it lingers */
  stop: () => Promise<void>;
  /** SIGKILL to the whole process group, no clean-up */
  kill9: () => Promise<void>;
};

const running = new Set<ChildProcess>();
let lastLaunched: { label: string; output: () => string } | null = null;

/** What the most recently launched server printed (e.g. to explain why it never answered). */
export function lastLaunchOutput(): string {
  return lastLaunched ? lastLaunched.output() : "";
}

/** SIGKILLs the process group of every server this process started that is still running (for a runner's exit path). */
export function killAllStarted(): void {
  for (const child of running) {
    try {
      process.kill(-child.pid!, "SIGKILL");
    } catch {}
  }
  running.clear();
}

function launch(args: string[], env: NodeJS.ProcessEnv, label: string): Proc {
  const child = spawn(process.execPath, args, { cwd: ROOT_DIR, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    for (const line of chunk.toString().split("\n")) if (line.trim()) lines.push(`[${label}] ${line}`);
    if (lines.length > 400) lines.splice(0, lines.length - 400);
    if (process.env.RELIABILITY_VERBOSE) process.stderr.write(chunk);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  running.add(child);
  lastLaunched = { label, output: () => lines.join("\n") };
  child.once("exit", () => running.delete(child));
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, sig);
    } catch {}
  };
  return {
    child,
    output: () => lines.join("\n"),
    async stop() {
      if (child.exitCode !== null || child.signalCode) return;
      signal("SIGTERM");
      const timer = setTimeout(() => signal("SIGKILL"), 8000);
      await exited;
      clearTimeout(timer);
      // next-server may outlive its parent for a moment; make sure the group is gone
      signal("SIGKILL");
    },
    async kill9() {
      signal("SIGKILL");
      if (child.exitCode === null && !child.signalCode) await exited;
      // the group's other members (next-server) die on their own schedule; a restart on the same
      // data must not race them. Bounded: an unreaped zombie keeps the group "alive" forever.
      for (let i = 0; i < 50; i++) {
        try {
          process.kill(-child.pid!, 0);
        } catch {
          break;
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    },
  };
}

/** A process that can be started again (same port, same data) after a stop or a kill. */
type Restartable = Proc & { start: () => Promise<void> };

async function restartable(make: () => Proc, healthUrl: string, timeoutMs: number): Promise<Restartable> {
  let proc: Proc;
  const start = async () => {
    proc = make();
    await waitForOk(healthUrl, timeoutMs, proc.child);
  };
  await start();
  return {
    get child() {
      return proc.child;
    },
    output: () => proc.output(),
    stop: () => proc.stop(),
    kill9: () => proc.kill9(),
    start,
  };
}

export type LocalStripeProc = Proc & { url: string; port: number; dataDir: string; start: () => Promise<void> };

/**
 * Local Stripe as its own process. Webhooks go to `webhookBase` (an app, or a proxy in front of
 * several). `start()` restarts it on the same port and state after a stop.
 */
export async function startLocalStripe(opts: { webhookBase: string; dataDir?: string; port?: number }): Promise<LocalStripeProc> {
  const port = opts.port ?? (await freePort());
  const dataDir = opts.dataDir ?? tempDir("tollgate-rel-stripe-");
  const env = {
    ...process.env,
    LOCAL_STRIPE_PORT: String(port),
    DATA_DIR: dataDir,
    APP_URL: opts.webhookBase,
    STRIPE_WEBHOOK_URL: `${opts.webhookBase}/api/webhooks/stripe`,
    STRIPE_CONNECT_WEBHOOK_URL: `${opts.webhookBase}/api/webhooks/stripe/connect`,
  };
  const url = `http://127.0.0.1:${port}`;
  const proc = await restartable(() => launch([TSX, "local-stripe/main.ts"], env, "local-stripe"), `${url}/_local/health`, 30_000);
  return Object.assign(proc, { url, port, dataDir });
}

export type AppProc = Proc & { url: string; port: number; dataDir: string; start: () => Promise<void> };

/**
 * The app as `npm start` runs it (needs `npm run build` first), pointed at a running Local Stripe.
 * Embedded PGlite in `dataDir` unless `databaseUrl` is given (then migrate + seed it first with
 * `prepareDatabase`). `start()` restarts it on the same port and data after a stop or kill.
 */
export async function startApp(opts: {
  localStripeUrl: string;
  dataDir?: string;
  port?: number;
  databaseUrl?: string;
  env?: Record<string, string>;
}): Promise<AppProc> {
  if (!fs.existsSync(path.join(ROOT_DIR, ".next", "BUILD_ID"))) throw new Error("no production build: run `npm run build` first");
  const port = opts.port ?? (await freePort());
  const dataDir = opts.dataDir ?? tempDir("tollgate-rel-app-");
  const url = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    PORT: String(port),
    APP_URL: url,
    NEXTAUTH_URL: url,
    DATA_DIR: dataDir,
    LOCAL_STRIPE_URL: opts.localStripeUrl,
    SEED_DEMO_SALES: "0",
    EMAIL_SERVER: "",
    NEXTAUTH_SECRET: "reliability-run-secret-0123456789abcdef",
    ...(opts.databaseUrl ? { DATABASE_URL: opts.databaseUrl } : { DATABASE_URL: "" }),
    ...opts.env,
  };
  delete env.STRIPE_SECRET_KEY;
  const proc = await restartable(() => launch([TSX, "scripts/run.ts", "start"], env, `app:${port}`), `${url}/api/health`, 120_000);
  return Object.assign(proc, { url, port, dataDir });
}

/** Migrates and seeds a PostgreSQL database the way an operator does (`db:migrate`, `db:seed`). */
export async function prepareDatabase(databaseUrl: string): Promise<void> {
  for (const script of ["scripts/db-migrate.ts", "scripts/db-seed.ts"]) {
    const proc = launch([TSX, script], { ...process.env, DATABASE_URL: databaseUrl }, script);
    const code = await new Promise<number | null>((r) => proc.child.once("exit", (c) => r(c)));
    if (code !== 0) throw new Error(`${script} failed:\n${proc.output()}`);
  }
}

/** Signs in with the demo password; returns a Cookie header value. */
export async function signIn(base: string, email: string, password = "tollgate-demo"): Promise<string> {
  const csrfRes = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const jar = csrfRes.headers.getSetCookie().map((c) => c.split(";")[0]);
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar.join("; ") },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }),
  });
  const session = res.headers.getSetCookie().map((c) => c.split(";")[0]).find((c) => c.includes("session-token"));
  if (!session) throw new Error(`could not sign in as ${email} (${res.status})`);
  return [...jar, session].join("; ");
}
