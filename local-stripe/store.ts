import fs from "node:fs";
import path from "node:path";

/** One stored API object, owned by an account (the platform or a connected account). */
export interface Entry {
  id: string;
  type: string;
  account: string;
  seq: number;
  obj: { id: string; object: string } & Record<string, unknown>;
  /** Server-side facts that are not part of the API object (card numbers, link state). */
  meta: Record<string, unknown>;
}

export interface IdempotencyRecord {
  fingerprint: string;
  status: number;
  body: string;
  createdMs: number;
}

export interface Delivery {
  id: string;
  eventId: string;
  endpoint: "platform" | "connect";
  attempts: number;
  nextAtMs: number;
  lastStatus: number | null;
}

export interface State {
  version: 1;
  seq: number;
  clockOffset: number;
  objects: Record<string, Entry>;
  idempotency: Record<string, IdempotencyRecord>;
  deliveries: Delivery[];
  /** Virtual time up to which funds becoming available were announced (balance.available). */
  balanceCheckedAt?: number;
}

function emptyState(): State {
  return { version: 1, seq: 0, clockOffset: 0, objects: {}, idempotency: {}, deliveries: [] };
}

/** Writes via a temp file and rename so a crash never leaves a torn file. */
export function writeAtomic(file: string, data: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, data);
  fs.renameSync(tmp, file);
}

export class Store {
  state: State;
  private timer: NodeJS.Timeout | null = null;
  private readonly file: string;

  constructor(dir: string) {
    this.file = path.join(dir, "state.json");
    this.state = emptyState();
    if (fs.existsSync(this.file)) {
      try {
        const loaded = JSON.parse(fs.readFileSync(this.file, "utf8")) as State;
        if (loaded.version === 1) this.state = { ...emptyState(), ...loaded };
      } catch {
        // a corrupt file is treated as empty rather than refusing to start
      }
    }
  }

  reset(): void {
    this.state = emptyState();
    this.save();
  }

  nextSeq(): number {
    return ++this.state.seq;
  }

  insert<T extends { id: string; object: string }>(obj: T, account: string, meta: Record<string, unknown> = {}): T {
    const entry: Entry = {
      id: obj.id,
      type: obj.object,
      account,
      seq: this.nextSeq(),
      obj: obj as unknown as Entry["obj"],
      meta,
    };
    this.state.objects[obj.id] = entry;
    this.save();
    return obj;
  }

  entry(id: string): Entry | undefined {
    return Object.prototype.hasOwnProperty.call(this.state.objects, id) ? this.state.objects[id] : undefined;
  }

  /** Returns the object if it exists with that type (and account, when given). */
  find<T>(id: string, type: string, account?: string): T | undefined {
    const e = this.entry(id);
    if (!e || e.type !== type) return undefined;
    if (account !== undefined && e.account !== account) return undefined;
    return e.obj as unknown as T;
  }

  put<T extends { id: string }>(obj: T): T {
    const e = this.entry(obj.id);
    if (!e) throw new Error(`put of unknown object ${obj.id}`);
    e.obj = obj as unknown as Entry["obj"];
    this.save();
    return obj;
  }

  meta(id: string): Record<string, unknown> {
    const e = this.entry(id);
    if (!e) throw new Error(`meta of unknown object ${id}`);
    return e.meta;
  }

  remove(id: string): void {
    delete this.state.objects[id];
    this.save();
  }

  /** Newest first, like Stripe lists. */
  list<T>(type: string, account: string | null, filter?: (obj: T, entry: Entry) => boolean): T[] {
    const out: Entry[] = [];
    for (const e of Object.values(this.state.objects)) {
      if (e.type !== type) continue;
      if (account !== null && e.account !== account) continue;
      if (filter && !filter(e.obj as unknown as T, e)) continue;
      out.push(e);
    }
    out.sort((a, b) => b.seq - a.seq);
    return out.map((e) => e.obj as unknown as T);
  }

  private closed = false;

  /** Debounced persistence: many mutations in one request cost one write. */
  save(): void {
    if (this.timer || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flush();
    }, 25);
    this.timer.unref?.();
  }

  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.closed) return;
    writeAtomic(this.file, JSON.stringify(this.state));
  }

  /** Final write; later changes (a webhook attempt still in flight) are not persisted. */
  close(): void {
    this.flush();
    this.closed = true;
  }
}
