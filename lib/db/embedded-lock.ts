import fs from "node:fs";
import path from "node:path";

// One process per embedded data folder. The lock file names the owner by pid and, on Linux, by
// the process's start time, so that a pid reused by another process after a kill -9, or a killed
// owner left as an unreaped zombie (containers whose init does not reap), does not lock the
// folder forever.

export class DatabaseLockedError extends Error {}

type Owner = { pid: number; start?: string };

/** The start time (clock ticks since boot) and state letter from /proc, or null where there is no /proc entry. */
function procStat(pid: number): { state: string; start: string } | null | undefined {
  let stat: string;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    // no /proc at all (not Linux): the caller falls back to a signal probe
    if (code === "ENOENT" && !fs.existsSync("/proc/self/stat")) return undefined;
    return null;
  }
  // the command name may hold spaces and parentheses: fields are counted after the last ")"
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return { state: fields[0], start: fields[19] };
}

function parseOwner(text: string): Owner | null {
  const [pid, start] = text.trim().split(":");
  const n = Number(pid);
  return Number.isInteger(n) && n > 0 ? { pid: n, start: start || undefined } : null;
}

/** Whether the process the lock names still runs (a zombie or a reused pid does not). */
export function ownerAlive(owner: Owner): boolean {
  const stat = procStat(owner.pid);
  if (stat === null) return false;
  if (stat) {
    if (stat.state === "Z" || stat.state === "X") return false;
    if (owner.start && owner.start !== stat.start) return false;
    return true;
  }
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

export function lockToken(pid = process.pid): string {
  const stat = procStat(pid);
  return stat ? `${pid}:${stat.start}` : String(pid);
}

/** Takes the folder's lock for this process or throws DatabaseLockedError; returns the release. */
export function acquireEmbeddedLock(dir: string): () => void {
  const lockFile = path.join(dir, "tollgate.pid");
  let text: string | null = null;
  try {
    text = fs.readFileSync(lockFile, "utf8");
  } catch {}
  const owner = text === null ? null : parseOwner(text);
  if (owner && owner.pid !== process.pid && ownerAlive(owner)) {
    throw new DatabaseLockedError(
      `The embedded database in ${dir} is in use by process ${owner.pid}. Stop it first, or set DATABASE_URL to use PostgreSQL.`,
    );
  }
  const token = lockToken();
  fs.writeFileSync(lockFile, token);
  const release = () => {
    try {
      if (fs.readFileSync(lockFile, "utf8") === token) fs.unlinkSync(lockFile);
    } catch {}
  };
  process.once("exit", release);
  return release;
}
