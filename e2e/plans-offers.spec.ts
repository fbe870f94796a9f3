import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { gotoReady, signIn, signInWithMagicLink } from "./support/auth";
import { budget, WAIT } from "./support/budget";
import { BASE_URL } from "./support/env";
import { createAcmeItem, freshEmail, uniqueTag, type AcmeItem } from "./support/fresh";
import { ensureAcmeConnected, LOCAL_STRIPE, sellOnAcme } from "./support/stripe";

// Plans and offers from the buyer's side: a plan of two items bought by a guest on its share
// page with a 20 % promotion code, then both items open once the guest signs in. Every test
// makes its own items, plan and code, so a retry starts from nothing bought.

const origin = { Origin: BASE_URL };
const PLANS_TAB = "/account?profileTab=monetization&view=plans";

// each item sells on its own too: the plan, not a missing paywall, is what opens it
const ITEM_TIERS = [{ name: "Monthly", amount: "19.00", interval: "month" as const }];

type Plan = { id: string; name: string; share_url: string };

/** A plan of `items` with one monthly tier at 30.00 usd; `request` is signed in as acme's owner. */
async function createPlan(request: APIRequestContext, name: string, items: AcmeItem[]): Promise<Plan> {
  const res = await request.post("/api/billing/platforms/acme/plans/", {
    headers: origin,
    data: { name, description: "Both math courses, one subscription.", items: items.map((i) => ({ item_type: i.type, item_id: i.id })) },
  });
  expect(res.status(), await res.text()).toBe(201);
  const plan = (await res.json()) as Plan;
  const tier = await request.post(`/api/billing/platforms/acme/plans/${plan.id}/prices/`, {
    headers: origin,
    data: { name: "Monthly", amount: "30.00", currency: "usd", interval: "month", features: ["Both courses"] },
  });
  expect(tier.status(), await tier.text()).toBe(201);
  return plan;
}

async function payOnStripe(page: Page, card: string) {
  await expect(page).toHaveURL(new RegExp(`^${LOCAL_STRIPE}/checkout/`), { timeout: WAIT.stripe });
  await page.getByLabel("Card number").fill(card);
  await page.getByRole("button", { name: /^(Pay|Subscribe|Start)/ }).click();
}

test("a guest buys a plan with a 20 % code on its share page, then, signed in, finds both items unlocked", async ({ page, request }, testInfo) => {
  // set-up (two items with paywalls, the plan and its tier, the code), the item's buy page, the
  // plan's buy page and the quote, checkout, the webhook, the magic-link sign-in, two item pages
  test.setTimeout(budget(3 * WAIT.setup, WAIT.page, WAIT.page, WAIT.step, WAIT.stripe, WAIT.webhook, WAIT.signIn, 2 * WAIT.page));
  const tag = uniqueTag(testInfo);
  const algebra = await createAcmeItem(request, testInfo, { type: "course", name: "Algebra Basics" });
  const geometry = await createAcmeItem(request, testInfo, { type: "course", name: "Geometry Basics" });
  await ensureAcmeConnected(request);
  const algebraPaywall = await sellOnAcme(request, algebra, ITEM_TIERS);
  await sellOnAcme(request, geometry, ITEM_TIERS);
  const plan = await createPlan(request, `Math bundle ${tag}`, [algebra, geometry]);

  const code = `MATH20-${tag}`.toUpperCase();
  const promo = await request.post("/api/billing/platforms/acme/promotion-codes/", {
    headers: origin,
    data: { code, percent_off: 20, duration: "repeating", duration_in_months: 3, applies_to: [{ plan_id: plan.id }] },
  });
  expect(promo.status(), await promo.text()).toBe(201);
  const email = freshEmail(testInfo, "plan-guest");

  // an item of the plan offers it under its own tiers
  await gotoReady(page, algebraPaywall.share_url.replace(/^https?:\/\/[^/]+/, BASE_URL));
  const offers = page.getByTestId("plan-offers");
  await expect(offers).toContainText("Also included in:");
  await expect(offers.getByRole("link", { name: new RegExp(plan.name) })).toHaveAttribute("href", `/buy/${plan.id}`);

  // the plan's own page says what it includes
  await gotoReady(page, `/buy/${plan.id}`);
  await expect(page.getByRole("heading", { name: plan.name, level: 1 })).toBeVisible();
  const includes = page.getByTestId("plan-includes");
  await expect(includes).toContainText(algebra.name);
  await expect(includes).toContainText(geometry.name);

  await page.getByLabel("E-mail", { exact: true }).fill(email);
  await page.getByRole("button", { name: "Have a code?" }).click();
  await page.getByLabel("Promotion code").fill(code.toLowerCase());
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByTestId("promotion-code-status")).toHaveText(/applied: 20% off\./, { timeout: WAIT.step });
  const quoted = page.getByTestId("quoted-price");
  await expect(quoted).toContainText("$30.00");
  await expect(quoted).toContainText("$24.00");
  await expect(quoted).toContainText("20% off for 3 months (−$6.00)");

  await page.getByRole("button", { name: "Pay for Monthly" }).click();
  await payOnStripe(page, "4242 4242 4242 4242");
  await page.waitForURL(/\/checkout\/complete\?session_id=/);
  await expect(page.getByRole("heading", { name: "You're in" })).toBeVisible({ timeout: WAIT.webhook });

  await signInWithMagicLink(page, email);
  for (const item of [algebra, geometry]) {
    await gotoReady(page, item.path);
    await expect(page.getByText(`You have access (included in your ${plan.name} plan)`)).toBeVisible();
    await expect(page.getByRole("dialog", { name: "Choose your plan" })).toHaveCount(0);
    const check = await page.request.get(`/api/billing/platforms/acme/items/${item.type}/${encodeURIComponent(item.id)}/access-check/`);
    expect(check.status()).toBe(200);
    expect(await check.json()).toMatchObject({ has_access: true, reason: "plan", plan: { id: plan.id, name: plan.name } });
  }
});

test("an admin makes a plan of two items in Monetization → Plans, gives it a tier and copies its share link", async ({ page, request, context }, testInfo) => {
  // set-up (two items), sign-in, the tab, the plan dialog, the tier (a Stripe price), the list
  test.setTimeout(budget(WAIT.setup, WAIT.page, WAIT.page, 2 * WAIT.step, WAIT.step, WAIT.step));
  const tag = uniqueTag(testInfo);
  const first = await createAcmeItem(request, testInfo, { type: "course", name: "Chemistry Lab" });
  const second = await createAcmeItem(request, testInfo, { type: "course", name: "Physics Lab" });
  await ensureAcmeConnected(request);
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: BASE_URL });
  await signIn(page, "admin@acme.test");
  await gotoReady(page, PLANS_TAB);
  await expect(page.getByRole("tab", { name: "Plans" })).toHaveAttribute("aria-selected", "true");

  const name = `Science bundle ${tag}`;
  await page.getByRole("button", { name: "New plan" }).click();
  const dialog = page.getByRole("dialog", { name: "New plan" });
  await dialog.getByLabel("Name", { exact: true }).fill(name);
  for (const item of [first, second]) {
    await dialog.getByLabel("Search items to include").fill(item.name);
    await page.getByRole("option", { name: new RegExp(`^${item.name}`) }).click();
    await expect(dialog.getByRole("list", { name: "Included items" }).getByText(item.name, { exact: true })).toBeVisible();
  }
  await dialog.getByRole("button", { name: "Create plan" }).click();
  await expect(dialog).toHaveCount(0, { timeout: WAIT.step });

  const row = page.getByTestId("plan-row").filter({ has: page.getByRole("heading", { name }) });
  await expect(row).toContainText("2 items");
  await expect(row.getByText("No tiers", { exact: true })).toBeVisible();
  // a new plan opens its tier editor: it cannot be bought without a tier
  const tiers = row.getByRole("region", { name: `Tiers of ${name}` });
  await tiers.getByRole("button", { name: "Add tier" }).click();
  const form = tiers.getByRole("form", { name: "New tier" });
  await form.getByLabel("Name", { exact: true }).fill("Monthly");
  await form.getByLabel("Amount", { exact: true }).fill("25.00");
  await form.getByRole("button", { name: "Save tier" }).click();
  await expect(tiers.getByRole("list", { name: `Tiers of ${name}` }).getByText("Monthly", { exact: true })).toBeVisible({ timeout: WAIT.step });
  await expect(row.getByText("On sale", { exact: true })).toBeVisible();
  await expect(row).toContainText("$25.00/month");

  await row.getByRole("button", { name: "Copy share link" }).click();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(link).toMatch(/\/buy\/[0-9a-f-]{36}$/);
  await gotoReady(page, link.replace(/^https?:\/\/[^/]+/, BASE_URL));
  await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
  await expect(page.getByRole("button", { name: "Pay for Monthly" })).toBeVisible();
});
