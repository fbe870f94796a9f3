import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { gotoReady, signIn } from "./support/auth";
import { budget, WAIT } from "./support/budget";
import { BASE_URL } from "./support/env";
import { freshAcmeLearner } from "./support/fresh";
import { sellOnAcme } from "./support/stripe";

// WCAG 2.1 A/AA with axe-core: no serious or critical violation on the main pages. The acme
// Writing Partner is put on sale here (idempotent) because the suite runs without demo sales;
// Calculus Tutor, the pay-per-use agent, has its own check with its chat and the wallet page.

const SOLD_ITEM = { type: "mentor", id: "writing-partner" };
const ITEM_PATH = "/p/acme/items/mentor/writing-partner";
const TIERS = [
  { name: "Monthly", amount: "24.00", interval: "month" as const, features: ["Unlimited sessions"], remark: "Popular" },
  { name: "Yearly", amount: "240.00", interval: "year" as const },
  { name: "Lifetime", amount: "399.00", interval: "one_time" as const },
];

async function expectNoSeriousViolations(page: Page, what: string) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  // the message names each rule and the elements that break it, so a failure says what to fix
  const report = serious.map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(" ")).join("\n  ")}`).join("\n");
  expect(serious.map((v) => v.id), `${what}:\n${report}`).toEqual([]);
}

async function soldItemShareLink(page: Page): Promise<string> {
  const paywall = await sellOnAcme(page.request, SOLD_ITEM, TIERS, { grandfathering_strategy: "require_subscription" });
  // the share URL is built from APP_URL; the suite's server may answer on another host name
  return paywall.share_url.replace(/^https?:\/\/[^/]+/, BASE_URL);
}

test("the landing page", async ({ page }) => {
  await gotoReady(page, "/");
  await expect(page.getByRole("heading", { name: "Start selling" })).toBeVisible();
  await expectNoSeriousViolations(page, "/");
});

test("the share-link buy page", async ({ page, browser }) => {
  test.setTimeout(budget(WAIT.setup, WAIT.page, WAIT.page));
  const link = await soldItemShareLink(page);
  // a guest: a context without the owner's cookies from the set-up
  const guestContext = await browser.newContext();
  const guest = await guestContext.newPage();
  try {
    await gotoReady(guest, link);
    await expect(guest.getByRole("button", { name: "Pay for Monthly" })).toBeVisible();
    await expectNoSeriousViolations(guest, link);
  } finally {
    await guestContext.close();
  }
});

test("the item page behind its paywall, as a learner", async ({ page, browser }, testInfo) => {
  test.setTimeout(budget(WAIT.setup, WAIT.signIn, WAIT.page));
  await soldItemShareLink(page);
  const learnerContext = await browser.newContext();
  const learner = await learnerContext.newPage();
  try {
    await freshAcmeLearner(learner, testInfo);
    await gotoReady(learner, ITEM_PATH);
    await expect(learner.getByRole("dialog", { name: "Choose your plan" })).toBeVisible();
    await expectNoSeriousViolations(learner, ITEM_PATH);
  } finally {
    await learnerContext.close();
  }
});

test("on a 375 px screen the hard paywall leaves the top bar visible and offers a way back", async ({ page, browser }, testInfo) => {
  test.setTimeout(budget(WAIT.setup, WAIT.signIn, WAIT.page, WAIT.page));
  await soldItemShareLink(page);
  const phoneContext = await browser.newContext({ viewport: { width: 375, height: 667 } });
  const phone = await phoneContext.newPage();
  try {
    await freshAcmeLearner(phone, testInfo);
    await gotoReady(phone, ITEM_PATH);
    const dialog = phone.getByRole("dialog", { name: "Choose your plan" });
    await expect(dialog).toBeVisible();
    const box = await dialog.boundingBox();
    const bar = await phone.locator("header").first().boundingBox();
    expect(box && bar && box.y >= bar.y + bar.height, "the dialog starts below the top bar").toBe(true);
    const back = dialog.getByRole("link", { name: "Back to Acme Academy" });
    await expect(back).toBeInViewport();
    await back.click();
    await phone.waitForURL(/\/p\/acme$/);
    await expect(phone.getByRole("heading", { name: "Acme Academy", level: 1 })).toBeVisible();
  } finally {
    await phoneContext.close();
  }
});

test("the pay-per-use agent's chat and the wallet page, as a learner", async ({ page }, testInfo) => {
  test.setTimeout(budget(WAIT.signIn, WAIT.page, WAIT.page));
  await freshAcmeLearner(page, testInfo, "a11y-wallet");
  const agent = "/p/acme/items/mentor/calculus-tutor";
  await gotoReady(page, agent);
  await expect(page.getByRole("heading", { name: "Chat with Calculus Tutor" })).toBeVisible();
  await expectNoSeriousViolations(page, agent);
  await gotoReady(page, "/p/acme/wallet");
  await expect(page.getByTestId("wallet-balance-credits")).toBeVisible();
  await expectNoSeriousViolations(page, "/p/acme/wallet");
});

test("the platform catalog lists items with their lowest price and lock state", async ({ page }) => {
  test.setTimeout(budget(WAIT.setup, WAIT.page));
  await soldItemShareLink(page);
  await gotoReady(page, "/p/acme");
  const sold = page.getByTestId("catalog-entry").filter({ hasText: "Writing Partner" });
  // the owner administers acme: every item opens for them
  await expect(sold).toHaveAttribute("data-lock", "unlocked");
  await expect(sold.getByText("$24.00/month")).toBeVisible();
  await expectNoSeriousViolations(page, "/p/acme");
  expect((await page.goto("/p/no-such-platform"))?.status()).toBe(404);
});

test("Account → Monetization, as the owner", async ({ page }) => {
  test.setTimeout(budget(WAIT.page, WAIT.page));
  await signIn(page, "owner@acme.test");
  await gotoReady(page, "/account?profileTab=monetization");
  await expect(page.getByTestId("stripe-connect-card")).toBeVisible();
  await expect(page.getByTestId("paywalls-section")).toBeVisible();
  await expectNoSeriousViolations(page, "Account → Monetization");
  await gotoReady(page, "/account?profileTab=monetization&view=webhooks");
  await expect(page.getByTestId("webhooks-section")).toBeVisible();
  await expectNoSeriousViolations(page, "Account → Monetization → Webhooks & e-mails");
});

test("Profile → Purchases, as a learner", async ({ page }) => {
  test.setTimeout(budget(WAIT.page, WAIT.page));
  await signIn(page, "learner@acme.test");
  await gotoReady(page, "/profile?tab=purchases");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expectNoSeriousViolations(page, "Profile → Purchases");
});

test("Account → Monetization says why it is off and who turns it on", async ({ page }) => {
  test.setTimeout(budget(WAIT.page, WAIT.page));
  // globex is seeded with monetization off
  await signIn(page, "owner@globex.test");
  await gotoReady(page, "/account?profileTab=monetization");
  await expect(page.getByRole("tab", { name: "Monetization" })).toHaveAttribute("aria-selected", "true");
  const notice = page.getByTestId("monetization-unavailable");
  await expect(notice).toContainText("Monetization is off for Globex Learning");
  await expect(notice).toContainText("operator");
  await expectNoSeriousViolations(page, "Account → Monetization (off)");
});
