import type { Ctx } from "./context.js";
import { Store } from "./store.js";
import { Webhooks } from "./webhooks.js";
import { Faults } from "./faults.js";

export interface AppConfig {
  /** Directory holding state.json and secrets.json. */
  dir: string;
  publicUrl: string;
  webhookUrl: string;
  connectWebhookUrl: string;
  secrets: { platform: string; connect: string };
  platformAccount: string;
}

/** The server's state and services, shared by API handlers, pages and controls. */
export class App {
  store: Store;
  webhooks: Webhooks;
  faults = new Faults();

  constructor(public config: AppConfig) {
    this.store = new Store(config.dir);
    this.webhooks = new Webhooks(this);
  }

  /** Virtual clock: real time plus the offset added by /_local/clock/advance. */
  now(): number {
    if (this.pinned !== null) return this.pinned;
    return Math.floor(Date.now() / 1000) + this.store.state.clockOffset;
  }

  private pinned: number | null = null;

  /** Runs `fn` with the clock pinned to `at`, so objects made by a renewal carry its time. */
  at<T>(at: number, fn: () => T): T {
    const prev = this.pinned;
    this.pinned = at;
    try {
      return fn();
    } finally {
      this.pinned = prev;
    }
  }

  /**
   * Asks the scheduler to run what is due soon (after the current request), e.g. a bank debit
   * that settles right away. A no-op until the scheduler starts.
   */
  kick: () => void = () => undefined;

  /** A context acting as the platform or a connected account outside of any API request. */
  ctx(account?: string): Ctx {
    const acct = account ?? this.config.platformAccount;
    return { app: this, account: acct, platform: acct === this.config.platformAccount, request: null };
  }
}
