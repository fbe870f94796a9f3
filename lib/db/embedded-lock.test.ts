import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawn, type ChildProcess } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { acquireEmbeddedLock, DatabaseLockedError, lockToken } from "./embedded-lock";

// After a kill -9 the lock file stays behind. The next start must open the folder when its owner
// is gone, a zombie nobody reaped, or a different process that got the same pid, and refuse
// while the owner really runs.

const dirs: string[] = [];
const procs: ChildProcess[] = [];
afterEach(() => {
  for (const p of procs.splice(0)) p.kill("SIGKILL");
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function folderLockedBy(text: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tollgate-lock-"));
  dirs.push(dir);
  fs.writeFileSync(path.join(dir, "tollgate.pid"), text);
  return dir;
}

function sleeper(): Promise<ChildProcess> {
  const child = spawn("sleep", ["30"], { stdio: "ignore" });
  procs.push(child);
  return new Promise((r) => child.once("spawn", () => r(child)));
}

/** A process whose parent never reaps it: `sleep 0.1` under a shell that exec'd into `sleep 30`. */
async function zombiePid(): Promise<number> {
  const parent = spawn("sh", ["-c", "sleep 0.1 & echo $!; exec sleep 30"], { stdio: ["ignore", "pipe", "ignore"] });
  procs.push(parent);
  const pid = await new Promise<number>((r) => parent.stdout!.once("data", (d) => r(Number(String(d).trim()))));
  for (let i = 0; i < 100; i++) {
    if (fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].startsWith("Z")) return pid;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error("the child never became a zombie");
}

describe.skipIf(process.platform !== "linux")("embedded database lock", () => {
  it("refuses while the owner runs, with the owner's pid in the message", async () => {
    const owner = await sleeper();
    const dir = folderLockedBy(lockToken(owner.pid!));
    expect(() => acquireEmbeddedLock(dir)).toThrow(DatabaseLockedError);
    expect(() => acquireEmbeddedLock(dir)).toThrow(new RegExp(`in use by process ${owner.pid}`));
    // a lock file written before start times were recorded (a bare pid) of a live process also holds
    expect(() => acquireEmbeddedLock(folderLockedBy(String(owner.pid)))).toThrow(DatabaseLockedError);
  });

  it("takes over from an owner left as an unreaped zombie", async () => {
    const pid = await zombiePid();
    const dir = folderLockedBy(lockToken(pid));
    const release = acquireEmbeddedLock(dir);
    expect(fs.readFileSync(path.join(dir, "tollgate.pid"), "utf8")).toBe(lockToken());
    release();
    expect(fs.existsSync(path.join(dir, "tollgate.pid"))).toBe(false);
  });

  it("takes over when the pid now belongs to a different process, and from a dead pid", async () => {
    const other = await sleeper();
    const [pid, start] = lockToken(other.pid!).split(":");
    acquireEmbeddedLock(folderLockedBy(`${pid}:${Number(start) - 1}`))();
    other.kill("SIGKILL");
    await new Promise((r) => other.once("exit", r));
    acquireEmbeddedLock(folderLockedBy(lockToken(other.pid!)))();
    acquireEmbeddedLock(folderLockedBy("not a pid"))();
  });
});
