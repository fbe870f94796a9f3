import crypto from "node:crypto";
import type Stripe from "stripe";
import type { App } from "./app.js";
import type { Delivery } from "./store.js";
import { newId } from "./ids.js";

/** Stripe's scheme: v1 = HMAC-SHA256(secret, `${t}.${body}`). */
export function signPayload(payload: string, secret: string, t: number): string {
  const v1 = crypto.createHmac("sha256", secret).update(`${t}.${payload}`, "utf8").digest("hex");
  return `t=${t},v1=${v1}`;
}

/**
 * Delay before attempt n+1 (ms): short because this server is for dev and tests, with a tail
 * long enough for an app that was killed mid-event to restart and take the event over.
 */
const BACKOFF_MS = [250, 500, 1000, 2000, 3000, 3000, 3000, 5000, 10000];
export const MAX_ATTEMPTS = BACKOFF_MS.length + 1;
const ATTEMPT_TIMEOUT_MS = 5000;

export interface WebhookChaos {
  duplicate: boolean;
  shuffle: boolean;
  delay_ms: number;
}

/** Delivers stored events to the platform and Connect endpoints, one attempt at a time. */
export class Webhooks {
  chaos: WebhookChaos = { duplicate: false, shuffle: false, delay_ms: 0 };
  private timer: NodeJS.Timeout | null = null;
  private busy = false;
  private closed = false;
  private waiters: Array<() => void> = [];

  constructor(private app: App) {}

  private get deliveries(): Delivery[] {
    return this.app.store.state.deliveries;
  }

  url(endpoint: Delivery["endpoint"]): string {
    return endpoint === "connect" ? this.app.config.connectWebhookUrl : this.app.config.webhookUrl;
  }

  secret(endpoint: Delivery["endpoint"]): string {
    return endpoint === "connect" ? this.app.config.secrets.connect : this.app.config.secrets.platform;
  }

  enqueue(event: Stripe.EventBase): void {
    const endpoint: Delivery["endpoint"] = event.account ? "connect" : "platform";
    const copies = this.chaos.duplicate ? 2 : 1;
    for (let i = 0; i < copies; i++) {
      this.deliveries.push({
        id: newId("whdel"),
        eventId: event.id,
        endpoint,
        attempts: 0,
        nextAtMs: Date.now() + this.chaos.delay_ms,
        lastStatus: null,
      });
    }
    this.app.store.save();
    this.schedule(0);
  }

  /** Resolves once no delivery is pending (each got a 2xx or gave up). */
  flush(): Promise<void> {
    if (this.deliveries.length === 0 && !this.busy) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  start(): void {
    this.schedule(0);
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.wake();
  }

  clear(): void {
    this.deliveries.length = 0;
    this.wake();
  }

  private wake(): void {
    if (this.deliveries.length > 0 && !this.closed) return;
    const waiters = this.waiters;
    this.waiters = [];
    waiters.forEach((w) => w());
  }

  private schedule(delayMs: number): void {
    if (this.closed || this.busy) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.pump(), Math.max(0, delayMs));
  }

  private pickDue(): Delivery | undefined {
    const now = Date.now();
    const due = this.deliveries.filter((d) => d.nextAtMs <= now);
    if (due.length === 0) return undefined;
    if (this.chaos.shuffle) return due[Math.floor(Math.random() * due.length)];
    return due.reduce((a, b) => (b.nextAtMs < a.nextAtMs ? b : a));
  }

  private async pump(): Promise<void> {
    this.timer = null;
    if (this.closed || this.busy) return;
    this.busy = true;
    try {
      let d: Delivery | undefined;
      while (!this.closed && (d = this.pickDue())) await this.attempt(d);
    } finally {
      this.busy = false;
    }
    this.wake();
    if (this.deliveries.length > 0 && !this.closed) {
      const next = Math.min(...this.deliveries.map((x) => x.nextAtMs));
      this.schedule(next - Date.now());
    }
  }

  private async attempt(d: Delivery): Promise<void> {
    const entry = this.app.store.entry(d.eventId);
    const remove = () => {
      const i = this.deliveries.indexOf(d);
      if (i >= 0) this.deliveries.splice(i, 1);
      this.app.store.save();
    };
    if (!entry) return remove();
    const event = entry.obj as unknown as Stripe.EventBase;
    const payload = JSON.stringify(event, null, 2);
    const t = Math.floor(Date.now() / 1000);
    d.attempts++;
    let ok = false;
    try {
      const res = await fetch(this.url(d.endpoint), {
        method: "POST",
        headers: {
          "content-type": "application/json; charset=utf-8",
          "user-agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
          "stripe-signature": signPayload(payload, this.secret(d.endpoint), t),
        },
        body: payload,
        signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS),
      });
      d.lastStatus = res.status;
      await res.arrayBuffer().catch(() => undefined);
      ok = res.status >= 200 && res.status < 300;
    } catch {
      d.lastStatus = null;
    }
    if (ok || d.attempts >= MAX_ATTEMPTS) {
      if (ok && event.pending_webhooks > 0) {
        event.pending_webhooks--;
      }
      remove();
      return;
    }
    d.nextAtMs = Date.now() + BACKOFF_MS[d.attempts - 1];
    this.app.store.save();
  }
}
