// Stripe outage: every action of the app that calls Stripe, under a 500, a timeout and a stopped
// Local Stripe → a 502/503/504 with a JSON `detail` (and `code`), nothing changed (API reads
// before and after, and the database checked for half-written rows at the end), and the same
// action succeeds once Stripe is back. Also how long a timeout takes to surface, and the buy page
// showing the error to a buyer (Chromium, when installed).
import fs from "node:fs";
import type { Row, Section } from "./support/report";
import { magicSignIn } from "./money/auth";
import { withDb } from "./money/db";
import { Api, LocalStripeControl, ok, request, type Json, type Res } from "./money/http";
import { freshStack, type MoneyStack } from "./money/servers";
import { connectPlatform, itemPath, sellItem, signInSellers, type Sellers, type SoldItem } from "./money/world";

const SECTION = "stripe outage";
type Mode = "500" | "timeout" | "stopped";
const MODES: Mode[] = ["500", "timeout", "stopped"];

type Attempt = {
  run: () => Promise<Res>;
  /** what the API says about the state this action would change */
  snapshot: () => Promise<string>;
  success: (r: Res) => boolean;
  /** the answer on an outage when it is not a 502/503/504 by design */
  degraded?: (r: Res, before: string, after: string) => boolean;
};

type Action = {
  name: string;
  /** the Local Stripe path prefix this action's first (or named) Stripe call goes to */
  faultPath: string;
  modes?: Mode[];
  setup: (mode: Mode) => Promise<Attempt>;
};

type Case = { action: string; mode: Mode; status: number; ms: number; detail?: string; code?: string; failures: string[]; note?: string };

const UPSTREAM = [502, 503, 504];

function describeRes(r: Res): string {
  return `HTTP ${r.status} ${r.text.slice(0, 160)}`;
}

async function inject(ls: MoneyStack, control: LocalStripeControl, mode: Mode, path: string) {
  if (mode === "stopped") await ls.ls.stop();
  else await control.fault(path, mode === "500" ? 500 : "timeout", 100);
}

async function heal(ls: MoneyStack, control: LocalStripeControl, mode: Mode, keepChaos?: { delay_ms: number }) {
  if (mode === "stopped") await ls.ls.start();
  else {
    await control.clearFaults();
    if (keepChaos) await control.chaos(keepChaos);
  }
}

async function uiCheck(base: string, control: LocalStripeControl, item: SoldItem): Promise<Case> {
  const c: Case = { action: "buy page shows the outage (Chromium)", mode: "500", status: 0, ms: 0, failures: [] };
  const exe = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].find((p) => fs.existsSync(p));
  if (!exe) {
    c.failures.push("no Chromium at /usr/bin/chromium (apt-get install -y chromium)");
    return c;
  }
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({ executablePath: exe, args: ["--headless", "--no-sandbox", "--disable-gpu"] });
  try {
    const page = await browser.newPage();
    await page.goto(`${base}/buy/${item.uid}`, { waitUntil: "networkidle" });
    await page.getByLabel("E-mail").fill("ui-outage@outage.test");
    await control.fault("/v1/checkout/sessions", 500, 100);
    const started = Date.now();
    const answer = page.waitForResponse((r) => r.url().includes("/checkout-guest"), { timeout: 60_000 });
    await page.getByRole("button", { name: "Pay for Monthly" }).click();
    const res = await answer;
    c.status = res.status();
    const body = (await res.json().catch(() => ({}))) as { detail?: string; code?: string };
    c.detail = body.detail;
    const alert = page.locator("[role=alert]").filter({ hasText: body.detail ? body.detail.slice(0, 40) : "Stripe" });
    await alert.first().waitFor({ timeout: 10_000 }).catch(() => c.failures.push(`no role=alert with the detail "${body.detail}" on the buy page`));
    c.ms = Date.now() - started;
    if (!UPSTREAM.includes(c.status)) c.failures.push(`buy page's checkout call answered ${c.status}`);
    if (!page.url().includes(`/buy/${item.uid}`)) c.failures.push(`the page left the buy page: ${page.url()}`);
    await control.clearFaults();
    await page.getByRole("button", { name: "Pay for Monthly" }).click();
    await page.waitForURL((u) => u.pathname.startsWith("/checkout/cs_"), { timeout: 30_000 }).catch(() => c.failures.push(`after the outage, Pay did not reach Stripe Checkout (at ${page.url()})`));
  } finally {
    await browser.close();
    await control.clearFaults();
  }
  return c;
}

export const section: Section = {
  name: SECTION,
  async run(): Promise<Row[]> {
    const started = Date.now();
    let stack: MoneyStack;
    try {
      stack = await freshStack({});
    } catch (e) {
      return [{ section: SECTION, what: "servers", cases: 1, failures: 1, examples: [`could not start Local Stripe and the app: ${(e as Error).message.slice(0, 800)}`] }];
    }
    const control = stack.control;
    const app = stack.apps[0];
    const cases: Case[] = [];
    const extra: Row[] = [];
    try {
      // ---- the selling side and buyers, with Stripe healthy
      const s: Sellers = await signInSellers(app.url, ["acme", "globex"]);
      await connectPlatform(s, control, "acme");
      const item = await sellItem(s, {
        pk: "acme",
        type: "course",
        id: "web-foundations",
        trialDays: 0,
        tiers: [
          { key: "monthly", name: "Monthly", amount: "19.00", currency: "usd", interval: "month" },
          { key: "once", name: "Lifetime", amount: "249.00", currency: "usd", interval: "one_time" },
        ],
      });
      const member = async (email: string) => {
        await ok(s.operator.post(`/api/operator/platforms/acme/members`, { email, role: "member" }), `member ${email}`);
        return new Api(app.url, await magicSignIn(app.url, app.dataDir, email));
      };
      const buy = async (api: Api, tier: string) => {
        const co = await ok(api.post(`/api/billing/items/${item.uid}/checkout/`, { price_id: item.prices[tier].uid }), "checkout");
        const paid = await control.pay(co.session_id);
        if (paid.status !== "succeeded") throw new Error(`payment ${paid.status}`);
        return co.session_id as string;
      };
      const canceller = await member("cancel@outage.test");
      await buy(canceller, "monthly");
      const buyer = await member("buyer@outage.test");
      const cbBuyers: Record<string, Api> = {};
      for (const m of MODES) cbBuyers[m] = await member(`callback-${m}@outage.test`);
      await control.flush();

      // the return callback is tested without the webhook: deliveries of these payments wait 150 s
      const HOLD = { delay_ms: 150_000 };
      const cbSessions: Record<string, string> = {};
      await control.chaos(HOLD);
      for (const m of MODES) cbSessions[m] = await buy(cbBuyers[m], "once");
      await control.chaos({ delay_ms: 0 });

      const status = (pk: string) => s.owners[pk].get(`/api/service/platforms/${pk}/stripe/connect/status/`);
      const statusSnap = async (pk: string) => {
        const r = await status(pk);
        return `${r.status} has_account=${r.json?.has_account} account=${r.json?.account_id} ready=${r.json?.is_ready_for_payments} due=${JSON.stringify(r.json?.requirements_due)}`;
      };
      const back = `${app.url}/account?profileTab=monetization`;
      // onboarding starts from a platform with no Stripe account: disconnect globex first
      const freshGlobexOnboarding = async () => {
        if ((await status("globex")).json?.has_account) await ok(s.owners.globex.req("DELETE", `/api/service/platforms/globex/stripe/connect/`), "disconnect globex");
        return {
          run: () => s.owners.globex.post(`/api/service/platforms/globex/stripe/connect/onboard/`, { return_url: back, refresh_url: back }),
          snapshot: () => statusSnap("globex"),
          success: (r: Res) => r.status === 200 && typeof r.json?.onboarding_url === "string",
        };
      };
      const catalog = ["product-management", "public-speaking", "intro-data-science"];
      const base = itemPath("acme", item.type, item.id);
      const successfulSessions = new Set<string>();
      let priceN = 0;

      const actions: Action[] = [
        {
          name: "checkout callback",
          faultPath: "/v1/checkout/sessions",
          async setup(mode) {
            const api = cbBuyers[mode];
            const session = cbSessions[mode];
            return {
              run: () => request(`${app.url}/api/billing/items/${item.uid}/checkout-callback/${session}`, {}),
              snapshot: async () => {
                const r = await api.get(`/api/billing/items/${item.uid}/access-check/`);
                return `${r.status} ${r.json?.reason}`;
              },
              success: (r) => r.status === 302,
            };
          },
        },
        {
          name: "connect onboarding",
          faultPath: "/v1/accounts",
          setup: freshGlobexOnboarding,
        },
        {
          name: "connect onboarding (account link call fails)",
          faultPath: "/v1/account_links",
          modes: ["500", "timeout"],
          setup: freshGlobexOnboarding,
        },
        {
          // globex now has an account whose onboarding is not finished
          name: "onboarding refresh",
          faultPath: "/v1/accounts",
          async setup() {
            return {
              run: () => s.owners.globex.post(`/api/service/platforms/globex/stripe/connect/onboard/refresh/`, { return_url: back, refresh_url: back }),
              snapshot: () => statusSnap("globex"),
              success: (r) => r.status === 200 && typeof r.json?.onboarding_url === "string",
            };
          },
        },
        {
          name: "dashboard link",
          faultPath: "/v1/accounts",
          async setup() {
            return {
              run: () => s.owners.acme.get(`/api/service/platforms/acme/stripe/connect/dashboard/`),
              snapshot: () => statusSnap("acme"),
              success: (r) => r.status === 200 && typeof r.json?.dashboard_url === "string",
            };
          },
        },
        {
          name: "connect status refresh",
          faultPath: "/v1/accounts",
          async setup() {
            return {
              run: () => s.owners.acme.get(`/api/service/platforms/acme/stripe/connect/status/?refresh=1`),
              snapshot: () => statusSnap("acme"),
              success: (r) => r.status === 200 && r.json?.is_ready_for_payments === true,
              // by design (lib/connect/connect-status.ts) a failed refresh serves the cached status
              degraded: (r, before, after) => r.status === 200 && before === after && r.json?.is_ready_for_payments === true,
            };
          },
        },
        {
          name: "enable paywall (creates the Stripe product)",
          faultPath: "/v1/products",
          async setup(mode) {
            const id = catalog[MODES.indexOf(mode)];
            const path = `${itemPath("acme", "course", id)}/paywall/`;
            return {
              run: () => s.owners.acme.put(path, { is_enabled: true }),
              snapshot: async () => {
                const r = await s.owners.acme.get(path);
                return `${r.status} enabled=${r.json?.is_enabled} product=${r.json?.stripe_product_id ?? null} unique_id=${r.json?.unique_id ?? null}`;
              },
              success: (r) => r.status === 200 && r.json?.is_enabled === true && Boolean(r.json?.stripe_product_id),
            };
          },
        },
        {
          name: "create price",
          faultPath: "/v1/prices",
          async setup() {
            const name = `Outage tier ${++priceN}`;
            return {
              run: () => s.owners.acme.post(`${base}/paywall/prices/`, { name, amount: "5.00", currency: "usd", interval: "month", sort_order: 10 + priceN }),
              snapshot: async () => {
                const r = await s.owners.acme.get(`${base}/paywall/prices/`);
                const list = (Array.isArray(r.json) ? r.json : (r.json?.results ?? [])) as Json[];
                return `${r.status} ${list.map((p) => p.name).sort().join(",")}`;
              },
              success: (r) => (r.status === 201 || r.status === 200) && typeof r.json?.stripe_price_id === "string",
            };
          },
        },
        {
          name: "member checkout",
          faultPath: "/v1/checkout/sessions",
          async setup() {
            return {
              run: async () => {
                const r = await buyer.post(`/api/billing/items/${item.uid}/checkout/`, { price_id: item.prices.monthly.uid });
                if (r.status === 200 && r.json?.session_id) successfulSessions.add(r.json.session_id);
                return r;
              },
              snapshot: async () => {
                const a = await buyer.get(`/api/billing/items/${item.uid}/access-check/`);
                const sub = await buyer.get(`/api/billing/items/${item.uid}/subscription/`);
                return `${a.status} ${a.json?.reason} sub=${sub.status}`;
              },
              success: (r) => r.status === 200 && typeof r.json?.checkout_url === "string",
            };
          },
        },
        {
          name: "guest checkout",
          faultPath: "/v1/checkout/sessions",
          async setup(mode) {
            const email = `guest-${mode}@outage.test`;
            const guest = new Api(app.url, "", { "x-forwarded-for": `203.0.113.${10 + MODES.indexOf(mode)}` });
            return {
              run: async () => {
                const r = await guest.post(`/api/billing/prices/${item.prices.once.uid}/checkout-guest/`, { email });
                if (r.status === 200 && r.json?.session_id) successfulSessions.add(r.json.session_id);
                return r;
              },
              snapshot: async () => {
                const r = await s.owners.acme.get(`/api/billing/platforms/acme/subscribers/?search=${encodeURIComponent(email)}`);
                return `${r.status} ${r.json?.count}`;
              },
              success: (r) => r.status === 200 && typeof r.json?.checkout_url === "string",
            };
          },
        },
        {
          name: "subscription cancel (billing portal)",
          faultPath: "/v1/billing_portal/sessions",
          async setup() {
            return {
              run: () => canceller.post(`/api/billing/items/${item.uid}/subscription/cancel/`, {}),
              snapshot: async () => {
                const r = await canceller.get(`/api/billing/items/${item.uid}/subscription/`);
                return `${r.status} ${r.json?.status} cape=${r.json?.cancel_at_period_end}`;
              },
              success: (r) => r.status === 200 && typeof r.json?.portal_url === "string",
            };
          },
        },
      ];

      for (const action of actions) {
        for (const mode of action.modes ?? MODES) {
          const c: Case = { action: action.name, mode, status: 0, ms: 0, failures: [] };
          cases.push(c);
          try {
            const attempt = await action.setup(mode);
            const before = await attempt.snapshot();
            await inject(stack, control, mode, action.faultPath);
            const t0 = Date.now();
            let r: Res;
            try {
              r = await attempt.run();
            } finally {
              c.ms = Date.now() - t0;
            }
            // read while Stripe is still down: the answer must not depend on Stripe
            const during = await attempt.snapshot();
            await heal(stack, control, mode);
            c.status = r.status;
            c.detail = typeof r.json?.detail === "string" ? r.json.detail : undefined;
            c.code = r.json?.code;
            if (attempt.degraded?.(r, before, during)) {
              c.note = "served the cached status (by design)";
            } else {
              if (!UPSTREAM.includes(r.status)) c.failures.push(`answered ${describeRes(r)} (want 502/503/504)`);
              if (!c.detail) c.failures.push(`no JSON detail: ${r.text.slice(0, 120)}`);
              if (r.json?.code !== undefined && typeof r.json.code !== "string") c.failures.push(`code is not a string: ${JSON.stringify(r.json.code)}`);
            }
            if (during !== before) c.failures.push(`state changed: before "${before}", after "${during}"`);
            const retry = await attempt.run();
            if (!attempt.success(retry)) c.failures.push(`the same action after the outage: ${describeRes(retry)}`);
          } catch (e) {
            c.failures.push(`harness: ${(e as Error).message.slice(0, 300)}`);
            await heal(stack, control, mode).catch(() => {});
          }
        }
      }

      // ---- the buy page during an outage
      try {
        cases.push(await uiCheck(app.url, control, item));
      } catch (e) {
        cases.push({ action: "buy page shows the outage (Chromium)", mode: "500", status: 0, ms: 0, failures: [`harness: ${(e as Error).message.slice(0, 300)}`] });
      }

      // ---- nothing half-written: every checkout row has its Stripe session, every enabled paywall its product
      await control.clearFaults();
      await control.flush();
      await stack.stopApps();
      const orphans = await withDb(stack.dbTarget(), async (q) => {
        const out: string[] = [];
        for (const r of await q(`SELECT stripe_session_id FROM checkout_sessions`)) {
          const id = String(r.stripe_session_id);
          try {
            await control.stripe.checkout.sessions.retrieve(id);
          } catch {
            out.push(`checkout_sessions row ${id} has no Stripe session`);
          }
        }
        for (const r of await q(`SELECT item_id FROM paywalls WHERE is_enabled AND stripe_product_id IS NULL`)) out.push(`paywall ${r.item_id} enabled without a Stripe product`);
        for (const r of await q(`SELECT name FROM prices WHERE stripe_price_id IS NULL AND deleted_at IS NULL`)) out.push(`price ${r.name} without a Stripe price`);
        const tiers = await q(`SELECT count(*)::int AS n FROM prices WHERE name LIKE 'Outage tier%'`);
        if (Number(tiers[0].n) !== priceN) out.push(`${tiers[0].n} "Outage tier" prices stored, ${priceN} created successfully`);
        const sessions = await q(`SELECT count(*)::int AS n FROM checkout_sessions WHERE email = 'buyer@outage.test' OR email LIKE 'guest-%@outage.test'`);
        if (Number(sessions[0].n) !== successfulSessions.size) out.push(`${sessions[0].n} checkout rows for the outage buyers, ${successfulSessions.size} sessions handed out`);
        for (const r of await q(`SELECT id, type FROM stripe_events WHERE processed_at IS NULL`)) out.push(`event ${r.id} ${r.type} never processed`);
        return out;
      });
      extra.push({
        section: SECTION,
        what: "after the outages: orphaned or half-written rows",
        cases: 1,
        failures: orphans.length,
        figures: `${successfulSessions.size} checkout sessions handed out in the outage cases`,
        examples: orphans.slice(0, 8),
      });
    } catch (e) {
      extra.push({ section: SECTION, what: "setup", cases: 1, failures: 1, examples: [`${(e as Error).message.slice(0, 800)}\n${app.output().split("\n").slice(-10).join("\n")}`] });
    } finally {
      await stack.destroy();
    }

    const rows: Row[] = [];
    for (const mode of MODES) {
      const list = cases.filter((c) => c.mode === mode && !c.action.startsWith("buy page"));
      if (!list.length) continue;
      const ms = list.map((c) => c.ms).sort((a, b) => a - b);
      const statuses = [...new Set(list.map((c) => c.status))].join("/");
      rows.push({
        section: SECTION,
        what: mode === "500" ? "Stripe answers 500, each Stripe-calling action" : mode === "timeout" ? "Stripe never answers (timeout)" : "Local Stripe stopped",
        cases: list.length,
        failures: list.filter((c) => c.failures.length).length,
        figures:
          `answered ${statuses} in ${ms[0]}–${ms[ms.length - 1]} ms (median ${ms[Math.floor(ms.length / 2)]} ms)` +
          (mode === "timeout" ? `; per action: ${list.map((c) => `${c.action} ${(c.ms / 1000).toFixed(1)} s`).join(", ")}` : "") +
          (list.some((c) => c.note) ? `; ${list.filter((c) => c.note).map((c) => `${c.action}: ${c.note}`).join("; ")}` : ""),
        examples: list.filter((c) => c.failures.length).map((c) => `${c.action} [${mode}]: ${c.failures.join("; ")}`),
      });
    }
    const ui = cases.find((c) => c.action.startsWith("buy page"));
    if (ui) {
      rows.push({
        section: SECTION,
        what: ui.action,
        cases: 1,
        failures: ui.failures.length ? 1 : 0,
        figures: `checkout call answered ${ui.status}, shown in ${ui.ms} ms: "${ui.detail ?? ""}"`,
        examples: ui.failures,
      });
    }
    rows.push(...extra);
    if (rows[0]) rows[0].figures = `${rows[0].figures} (section ${((Date.now() - started) / 1000).toFixed(0)} s)`;
    return rows;
  },
};
