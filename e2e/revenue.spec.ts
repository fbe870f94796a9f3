import fs from "node:fs/promises";
import { expect, test, type APIRequestContext, type Browser, type Locator, type Page, type TestInfo } from "@playwright/test";
import { presetRange, rangeQuery, type DateRange } from "../components/revenue/date-range";
import { gotoReady, signIn } from "./support/auth";
import { budget, WAIT } from "./support/budget";
import { BASE_URL } from "./support/env";
import { createAcmeItem, freshAcmeLearner, type AcmeItem } from "./support/fresh";
import { buyOverApi, localStripe, sellOnAcme } from "./support/stripe";

// The owner's Revenue view and the operator's commission, against the API they are drawn from.
// Each test makes its own item and buyer, so a retry starts from nothing sold; the figures are
// compared with what the API answers at that moment (other specs may have sold on acme before).

const REVENUE_TAB = "/account?profileTab=monetization&view=revenue";
const LIFETIME = { name: "Lifetime", amount: "249.00", interval: "one_time" as const };

type Revenue = { currency: string; net: string; gross: string; fees: string; refunds: string; sales_count: number };
type Metrics = { currency: string; mrr: string; active_subscribers: number };

/** The UI's money format (lib/format/format.ts), rebuilt from Intl so the spec checks it independently. */
function money(amount: string, currency: string): string {
  return new Intl.NumberFormat("en-US", { style: "currency", currency: currency.toUpperCase() }).format(Number(amount));
}

const qs = (range: Pick<DateRange, "from" | "to">, extra: Record<string, string> = {}) => new URLSearchParams({ ...rangeQuery(range), ...extra }).toString();

async function readJson<T>(request: APIRequestContext, url: string): Promise<T> {
  const res = await request.get(url);
  expect(res.status(), `${url}: ${await res.text()}`).toBe(200);
  return (await res.json()) as T;
}

const readRevenue = (request: APIRequestContext, range: Pick<DateRange, "from" | "to">) =>
  readJson<Revenue>(request, `/api/billing/platforms/acme/revenue/?${qs(range)}`);

/** A learner of acme in a browser context of its own buys `priceId` of `item` (checkout, pay, webhooks). */
async function sale(browser: Browser, testInfo: TestInfo, item: AcmeItem, priceId: string) {
  const context = await browser.newContext({ baseURL: BASE_URL });
  try {
    const buyer = await context.newPage();
    await freshAcmeLearner(buyer, testInfo, "buyer");
    await buyOverApi(buyer.request, item, priceId);
    return { accessCheck: async () => (await buyer.request.get(`/api/billing/platforms/acme/items/${item.type}/${encodeURIComponent(item.id)}/access-check/`)).status(), context };
  } catch (e) {
    await context.close();
    throw e;
  }
}

/** The five KPI cards show exactly what the revenue and metrics endpoints answer for `range`. */
async function expectKpisMatchApi(page: Page, range: Pick<DateRange, "from" | "to">) {
  const revenue = await readRevenue(page.request, range);
  const metrics = await readJson<Metrics>(page.request, `/api/billing/platforms/acme/metrics/?${qs(range, { currency: revenue.currency })}`);
  const kpi = (id: string) => page.getByTestId(`kpi-${id}`).getByTestId("kpi-value");
  await expect(kpi("revenue")).toHaveText(money(revenue.net, revenue.currency));
  await expect(kpi("sales")).toHaveText(revenue.sales_count.toLocaleString("en-US"));
  await expect(kpi("refunds")).toHaveText(money(revenue.refunds, revenue.currency));
  await expect(kpi("mrr")).toHaveText(money(metrics.mrr, metrics.currency));
  await expect(kpi("active-subscribers")).toHaveText(metrics.active_subscribers.toLocaleString("en-US"));
  return revenue;
}

/** Picks `option` in the labelled radix Select inside `scope`. */
async function choose(page: Page, scope: Locator, label: string, option: string) {
  await scope.getByLabel(label, { exact: true }).click();
  await page.getByRole("option", { name: option, exact: true }).click();
}

test("the owner reads Revenue: KPIs match the API, a range filters them, the ledger downloads as CSV, and a refund lowers revenue after the webhook", async ({ page, request, browser }, testInfo) => {
  // setup, the buyer's sign-in and purchase, the owner's sign-in, the tab, the range, the CSV,
  // the refund dialog, the webhook and the delayed refetch, the access check
  test.setTimeout(budget(WAIT.setup, WAIT.signIn, WAIT.apiPurchase, WAIT.page, WAIT.page, WAIT.step, WAIT.step, WAIT.step, WAIT.webhook, WAIT.step));
  const item = await createAcmeItem(request, testInfo, { type: "course", name: "Revenue Basics" });
  const { prices } = await sellOnAcme(request, item, [LIFETIME]);
  const price = prices.find((p) => p.name === LIFETIME.name) as { id: string; currency?: string };
  // the tier's own currency: the KPIs may be in another one if acme sold more in it
  const currency = price.currency ?? "usd";
  const buyer = await sale(browser, testInfo, item, price.id);
  try {
    await signIn(page, "owner@acme.test");
    await gotoReady(page, REVENUE_TAB);
    await expect(page.getByRole("tab", { name: "Revenue" })).toHaveAttribute("aria-selected", "true");

    // the default range (last 30 days) includes the sale just made
    const last30 = presetRange("30d");
    const before = await expectKpisMatchApi(page, last30);
    expect(before.sales_count).toBeGreaterThanOrEqual(1);

    // a custom range of today only, then the 7-day preset: the cards follow each range
    const today = presetRange("7d").to;
    await page.getByRole("group", { name: "Date range" }).getByRole("button", { name: "Custom" }).click();
    await page.getByLabel("From", { exact: true }).fill(today);
    await page.getByLabel("To", { exact: true }).fill(today);
    await page.getByRole("button", { name: "Apply" }).click();
    const todayOnly = await expectKpisMatchApi(page, { from: today, to: today });
    expect(todayOnly.sales_count).toBeGreaterThanOrEqual(1);
    await page.getByRole("group", { name: "Date range" }).getByRole("button", { name: "Last 7 days" }).click();
    await expectKpisMatchApi(page, presetRange("7d"));
    await page.getByRole("group", { name: "Date range" }).getByRole("button", { name: "Last 30 days" }).click();
    await expectKpisMatchApi(page, last30);

    // the ledger of this item: its charge, and the same rows as a CSV
    const ledger = page.getByRole("region", { name: /^Ledger/ });
    await choose(page, ledger, "Item", item.name);
    const charge = ledger.locator('[data-testid="ledger-row"][data-kind="charge"]');
    await expect(charge).toHaveCount(1);
    await expect(charge).toContainText(money(LIFETIME.amount, currency));
    const [download] = await Promise.all([page.waitForEvent("download"), ledger.getByRole("link", { name: "Download CSV" }).click()]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const csv = (await fs.readFile(await download.path(), "utf8")).trim().split(/\r?\n/);
    expect(csv[0]).toMatch(/^"?id"?,"?occurred_at"?,"?kind"?/);
    const chargeLines = csv.slice(1).filter((line) => line.includes(item.id) && line.includes(",charge,"));
    expect(chargeLines).toHaveLength(1);
    expect(chargeLines[0]).toContain(LIFETIME.amount);

    const inItsCurrency = (range: Pick<DateRange, "from" | "to">) =>
      readJson<Revenue>(page.request, `/api/billing/platforms/acme/revenue/?${qs(range, { currency })}`);
    const paid = await inItsCurrency(last30);

    // refund it: the amount is prefilled with what is left, a reason is required, then confirm
    await charge.getByRole("button", { name: /^Refund charge/ }).click();
    const dialog = page.getByRole("dialog");
    await expect(dialog.getByRole("heading", { name: "Refund a charge" })).toBeVisible();
    await expect(dialog.getByLabel(/^Amount/)).toHaveValue(LIFETIME.amount);
    await dialog.getByRole("button", { name: "Continue" }).click();
    await expect(dialog.getByText("A reason is required.")).toBeVisible();
    await dialog.getByLabel("Reason").fill("requested_by_customer");
    await dialog.getByRole("button", { name: "Continue" }).click();
    await expect(dialog.getByRole("heading", { name: "Confirm the refund" })).toBeVisible();
    await dialog.getByRole("button", { name: `Refund ${money(LIFETIME.amount, currency)}` }).click();
    await expect(page.getByText("Refund requested — the ledger updates when Stripe confirms")).toBeVisible({ timeout: WAIT.step });
    await expect(dialog).toHaveCount(0);

    // charge.refunded writes the negative row; the page reads again a moment later by itself
    await localStripe("webhooks/flush");
    await expect
      .poll(async () => Number((await inItsCurrency(last30)).net), { message: "net revenue after the refund webhook", timeout: WAIT.webhook })
      .toBeLessThan(Number(paid.net));
    expect(Number((await inItsCurrency(last30)).refunds)).toBeLessThan(Number(paid.refunds));
    // the cards, without a reload, now show the lower figures
    const after = await readRevenue(page.request, last30);
    if (after.currency === currency) expect(Number(after.net)).toBeLessThan(Number(before.net));
    const kpi = (id: string) => page.getByTestId(`kpi-${id}`).getByTestId("kpi-value");
    await expect(kpi("revenue")).toHaveText(money(after.net, after.currency), { timeout: WAIT.webhook });
    await expect(kpi("refunds")).toHaveText(money(after.refunds, after.currency));
    await expect(ledger.locator('[data-testid="ledger-row"][data-kind="refund"]')).toContainText(`-${money(LIFETIME.amount, currency)}`);

    // a fully refunded one-time purchase no longer opens the item
    await expect.poll(buyer.accessCheck, { message: "access after the full refund" }).toBe(402);
  } finally {
    await buyer.context.close();
  }
});

test("the operator sees each platform's commission, as the operator revenue API reports it", async ({ page, request, browser }, testInfo) => {
  // setup, the buyer's sign-in and purchase, the operator's sign-in, the console
  test.setTimeout(budget(WAIT.setup, WAIT.signIn, WAIT.apiPurchase, WAIT.page, WAIT.page));
  const item = await createAcmeItem(request, testInfo, { type: "course", name: "Commission Check" });
  const { prices } = await sellOnAcme(request, item, [LIFETIME]);
  const buyer = await sale(browser, testInfo, item, prices.find((p) => p.name === LIFETIME.name)!.id);
  await buyer.context.close();

  await signIn(page, "operator@tollgate.test");
  await gotoReady(page, "/operator");
  const range = presetRange("30d");
  type Row = { platform_key: string; currency: string; commission: string; gross: string };
  const report = await readJson<{ platforms: Row[]; totals: { currency: string; commission: string }[] }>(page.request, `/api/operator/revenue/?${qs(range)}`);
  const acme = report.platforms.filter((p) => p.platform_key === "acme");
  expect(acme.length, "acme has sales in the last 30 days").toBeGreaterThan(0);
  expect(acme.some((p) => Number(p.commission) > 0), "acme earned the operator a commission").toBe(true);

  const panel = page.getByRole("region", { name: "Revenue and commission" });
  for (const row of acme) {
    await expect(panel.getByTestId(`operator-revenue-acme-${row.currency}`).getByTestId("operator-commission")).toHaveText(money(row.commission, row.currency));
  }
  for (const total of report.totals) {
    await expect(panel.getByTestId(`operator-total-${total.currency}`)).toContainText(money(total.commission, total.currency));
  }
});
