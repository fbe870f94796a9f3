// npm run dev / npm start: validates the configuration, starts Local Stripe when no Stripe key is
// configured (unless LOCAL_STRIPE_URL points at a running one), then runs Next.js.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import nextEnv from "@next/env";
import { ConfigError, parseEnv } from "@/lib/config/env";

const mode = process.argv[2] === "start" ? "start" : "dev";
nextEnv.loadEnvConfig(process.cwd(), mode === "dev");

let config;
try {
  config = parseEnv({ ...process.env, NODE_ENV: mode === "dev" ? "development" : "production" });
} catch (e) {
  console.error(e instanceof ConfigError ? e.message : e);
  process.exit(1);
}

const children: ChildProcess[] = [];
const childEnv: NodeJS.ProcessEnv = {
  ...process.env,
  PORT: String(config.PORT),
  APP_URL: config.APP_URL,
  NEXTAUTH_URL: process.env.NEXTAUTH_URL || config.APP_URL,
};

let stopping = false;
function stopAll(code: number) {
  if (stopping) return;
  stopping = true;
  const alive = children.filter((c) => c.exitCode === null && !c.signalCode);
  if (alive.length === 0) process.exit(code);
  // wait for each child's own shutdown (the app writes what it still holds in memory), not longer than 10 s
  let left = alive.length;
  for (const child of alive) {
    child.once("exit", () => {
      if (--left === 0) process.exit(code);
    });
    child.kill("SIGTERM");
  }
  setTimeout(() => process.exit(code), 10_000).unref();
}
process.on("SIGINT", () => stopAll(0));
process.on("SIGTERM", () => stopAll(0));

async function waitFor(url: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return true;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

if (!config.STRIPE_SECRET_KEY && !config.LOCAL_STRIPE_URL) {
  const url = `http://127.0.0.1:${config.LOCAL_STRIPE_PORT}`;
  const stripe = spawn(process.execPath, [path.join("node_modules", "tsx", "dist", "cli.mjs"), "local-stripe/main.ts"], {
    env: childEnv,
    stdio: "inherit",
  });
  children.push(stripe);
  if (!(await waitFor(`${url}/_local/health`, 30_000))) {
    console.error(`Local Stripe did not answer on ${url} (is LOCAL_STRIPE_PORT taken by something else?).`);
    stopAll(1);
  }
  childEnv.LOCAL_STRIPE_URL = url;
}

// production: our own HTTP server around Next.js (it stamps the socket's peer address);
// development: Next's dev server, with hot reload
const tsx = path.join("node_modules", "tsx", "dist", "cli.mjs");
const nextBin = path.join("node_modules", "next", "dist", "bin", "next");
const args = mode === "start" ? [tsx, "scripts/next-server.ts"] : [nextBin, "dev", "-p", String(config.PORT)];
const next = spawn(process.execPath, args, { env: { ...childEnv, NODE_ENV: mode === "start" ? "production" : "development" }, stdio: "inherit" });
children.push(next);
next.on("exit", (code) => stopAll(code ?? 0));
