import { expect, test, type Locator, type Page } from "@playwright/test";
import { gotoReady, signIn } from "./support/auth";
import { budget, WAIT } from "./support/budget";
import { BASE_URL } from "./support/env";
import { createAcmeItem, uniqueTag } from "./support/fresh";
import { apiSignIn, ensureAcmeConnected, sellOnAcme } from "./support/stripe";

const TAB = "/account?profileTab=monetization";

async function addTier(page: Page, dialog: Locator, tier: { name: string; amount: string; interval: "Monthly" | "Yearly" | "One-time"; feature?: string }) {
  await dialog.getByRole("button", { name: "Add tier" }).click();
  const form = dialog.getByRole("form", { name: "New tier" }).or(dialog.getByLabel("New tier"));
  await form.getByLabel("Name", { exact: true }).fill(tier.name);
  await form.getByLabel("Amount").fill(tier.amount);
  await form.getByLabel("Interval").click();
  await page.getByRole("option", { name: tier.interval, exact: true }).click();
  if (tier.feature) {
    await form.getByPlaceholder("Add a feature…").fill(tier.feature);
    await form.getByPlaceholder("Add a feature…").press("Enter");
  }
  await form.getByRole("button", { name: "Save tier" }).click();
  await expect(dialog.getByRole("list", { name: "Pricing tiers" }).getByText(tier.name, { exact: true })).toBeVisible();
}

// Each test makes its own item, so the tests do not depend on each other and a retry starts clean.

test("owner configures a catalog course with three tiers; its share link serves the public pricing", async ({ page, request, context }, testInfo) => {
  // setup, sign-in, the tab, paywall step, three tiers (each a Stripe price), share link and finish
  test.setTimeout(budget(WAIT.setup, WAIT.page, WAIT.page, WAIT.step, 3 * WAIT.step, WAIT.step));
  await ensureAcmeConnected(request);
  const item = await createAcmeItem(request, testInfo, { type: "course", name: "Web Foundations" });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: BASE_URL });
  await signIn(page, "owner@acme.test");
  await gotoReady(page, TAB);

  await page.getByLabel("Search items").fill(item.name);
  // the item's option, not "Add “…” as a custom item" below it
  await page.getByRole("option", { name: new RegExp(`^${item.name}`) }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByRole("navigation", { name: "Paywall setup steps" }).getByRole("button")).toHaveCount(2);
  await expect(dialog.getByRole("button", { name: "Paywall", exact: true })).toHaveAttribute("aria-current", "step");
  await dialog.getByLabel("Trial Period (days)").fill("7");
  await dialog.getByLabel("Require Subscription").check();
  await dialog.getByRole("button", { name: "Save and continue" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Turn on and add a tier now" }).click();

  await expect(dialog.getByRole("button", { name: "Finish" })).toBeDisabled();
  await addTier(page, dialog, { name: "Monthly", amount: "19", interval: "Monthly", feature: "All lessons" });
  await addTier(page, dialog, { name: "Yearly", amount: "190", interval: "Yearly" });
  await addTier(page, dialog, { name: "Lifetime", amount: "299.99", interval: "One-time" });

  await dialog.getByRole("button", { name: "Copy share link" }).click();
  const shareUrl = await page.evaluate(() => navigator.clipboard.readText());
  expect(shareUrl).toMatch(new RegExp(`^${BASE_URL}/buy/[0-9a-f-]{36}$`));
  await dialog.getByRole("button", { name: "Finish" }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole("list", { name: "Configured items" }).getByText(item.name)).toBeVisible();

  const uid = shareUrl.split("/").pop();
  const pricing = await (await request.get(`/api/billing/items/${uid}/pricing/`)).json();
  expect(pricing).toMatchObject({ item_type: "course", item_id: item.id, item_name: item.name, is_paywalled: true, trial_period_days: 7 });
  expect(pricing.prices.map((p: { name: string; amount: string; interval: string }) => [p.name, p.amount, p.interval])).toEqual([
    ["Monthly", "19.00", "month"],
    ["Yearly", "190.00", "year"],
    ["Lifetime", "299.99", "one_time"],
  ]);
});

test("owner creates a custom item through the three-step wizard", async ({ page, request }, testInfo) => {
  // Connect check, sign-in, the tab, item details, paywall, one tier, finish
  test.setTimeout(budget(WAIT.setup, WAIT.page, WAIT.page, 4 * WAIT.step));
  await ensureAcmeConnected(request);
  const tag = uniqueTag(testInfo);
  await signIn(page, "owner@acme.test");
  await gotoReady(page, TAB);
  await page.getByRole("button", { name: "Add custom item" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByRole("navigation", { name: "Paywall setup steps" }).getByRole("button")).toHaveCount(3);
  await dialog.getByLabel("Name", { exact: true }).fill(`Live Prompt Workshop ${tag}`);
  await expect(dialog.getByLabel("Item ID")).toHaveValue(`live-prompt-workshop-${tag}`);
  await dialog.getByRole("button", { name: "Save and continue" }).click();
  await expect(dialog.getByRole("button", { name: "Paywall", exact: true })).toHaveAttribute("aria-current", "step");
  await expect(dialog.getByLabel("Paywall Enabled")).toBeChecked();
  await dialog.getByRole("button", { name: "Save and continue" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Turn on and add a tier now" }).click();
  await addTier(page, dialog, { name: "Seat", amount: "49", interval: "One-time" });
  await dialog.getByRole("button", { name: "Finish" }).click();
  await expect(page.getByRole("list", { name: "Configured items" }).getByText(`Live Prompt Workshop ${tag}`)).toBeVisible();
});

test("disabling the paywall lets everyone in with reason paywall_disabled", async ({ page, playwright, request }, testInfo) => {
  // setup, the learner's check, sign-in, the tab, the paywall step saved, the check polled
  test.setTimeout(budget(WAIT.setup, WAIT.page, WAIT.page, WAIT.page, WAIT.step, WAIT.step));
  const item = await createAcmeItem(request, testInfo, { type: "course", name: "Web Foundations" });
  await sellOnAcme(request, item, [{ name: "Monthly", amount: "19.00", interval: "month" }]);
  const learner = await playwright.request.newContext({ baseURL: BASE_URL });
  await apiSignIn(learner, "learner@acme.test");
  const check = () => learner.get(`/api/billing/platforms/acme/items/course/${item.id}/access-check/`);
  expect((await check()).status()).toBe(402);

  await signIn(page, "owner@acme.test");
  await gotoReady(page, TAB);
  await page.getByRole("list", { name: "Configured items" }).getByRole("button", { name: `Configure ${item.name}` }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByRole("button", { name: "Paywall", exact: true }).click();
  await dialog.getByLabel("Paywall Enabled").click();
  await dialog.getByRole("button", { name: "Save and continue" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Turn off and make it free" }).click();
  await expect.poll(async () => (await check()).status()).toBe(200);
  expect((await (await check()).json()).reason).toBe("paywall_disabled");
  await learner.dispose();
});
