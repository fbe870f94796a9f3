import crypto from "node:crypto";
import type { Store, IdempotencyRecord } from "./store.js";

const TTL_MS = 24 * 60 * 60 * 1000;

/** Stores responses per (account, key) for 24 h so retried POSTs replay the same answer. */
export class Idempotency {
  private inFlight = new Set<string>();

  constructor(private store: Store) {}

  static fingerprint(method: string, path: string, body: string): string {
    return crypto.createHash("sha256").update(`${method} ${path}\n${body}`).digest("hex");
  }

  private prune(): void {
    const cutoff = Date.now() - TTL_MS;
    const all = this.store.state.idempotency;
    for (const [k, v] of Object.entries(all)) if (v.createdMs < cutoff) delete all[k];
  }

  lookup(scope: string): IdempotencyRecord | undefined {
    this.prune();
    return this.store.state.idempotency[scope];
  }

  begin(scope: string): boolean {
    if (this.inFlight.has(scope)) return false;
    this.inFlight.add(scope);
    return true;
  }

  end(scope: string): void {
    this.inFlight.delete(scope);
  }

  save(scope: string, record: IdempotencyRecord): void {
    this.store.state.idempotency[scope] = record;
    this.store.save();
  }
}
