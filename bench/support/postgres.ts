// A throwaway PostgreSQL server for a benchmark run when BENCH_DATABASE_URL names none: the
// newest local binaries, a temporary data directory, a free port on 127.0.0.1. PostgreSQL refuses
// to run as root, so as root it runs as the `postgres` user.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort } from "../../reliability/support/stack";

function binDir(): string {
  const root = "/usr/lib/postgresql";
  const versions = fs.existsSync(root) ? fs.readdirSync(root).filter((v) => fs.existsSync(path.join(root, v, "bin", "initdb"))) : [];
  const newest = versions.sort((a, b) => Number(a) - Number(b)).pop();
  if (!newest) throw new Error("No PostgreSQL binaries under /usr/lib/postgresql: install postgresql or set BENCH_DATABASE_URL.");
  return path.join(root, newest, "bin");
}

export async function startPostgres(): Promise<{ url: string; version: string; stop: () => Promise<void> }> {
  const bin = binDir();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tollgate-bench-pg-"));
  const port = await freePort();
  const asRoot = process.getuid?.() === 0;
  const run = (cmd: string, args: string[]) => {
    if (asRoot) execFileSync("su", ["postgres", "-c", [cmd, ...args].map((a) => `'${a}'`).join(" ")], { stdio: "pipe" });
    else execFileSync(cmd, args, { stdio: "pipe" });
  };
  if (asRoot) execFileSync("chown", ["postgres", dir]);
  run(path.join(bin, "initdb"), ["-D", dir, "-U", "postgres", "--auth=trust", "-E", "UTF8"]);
  // sized like a small production server; fsync stays on so write figures are honest
  run(path.join(bin, "pg_ctl"), ["-D", dir, "-o", `-h 127.0.0.1 -p ${port} -k /tmp -c max_connections=200 -c shared_buffers=256MB`, "-l", path.join(dir, "server.log"), "-w", "start"]);
  const version = path.basename(path.dirname(bin));
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    version,
    stop: async () => {
      try {
        run(path.join(bin, "pg_ctl"), ["-D", dir, "-m", "fast", "-w", "stop"]);
      } catch {}
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
