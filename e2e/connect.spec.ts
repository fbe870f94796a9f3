import { expect, test, type Page } from "@playwright/test";
import { gotoReady, signIn } from "./support/auth";
import { budget, WAIT } from "./support/budget";

const TAB = "/account?profileTab=monetization";

async function connectThroughStripe(page: Page) {
  await page.getByLabel("Company").check();
  await page.getByRole("button", { name: "Connect Stripe" }).click();
  await expect(page.getByRole("heading", { name: "Set up your Express account" })).toBeVisible();
  await page.getByRole("button", { name: "Agree and submit" }).click();
  // back on the Monetization tab, with the new status and no manual refresh
  await page.waitForURL(/\/account\?.*profileTab=monetization/);
  await expect(page.getByTestId("stripe-connect-card").getByText("Connected", { exact: true })).toBeVisible();
}

test.describe.configure({ mode: "serial" });

test("owner connects Stripe through hosted onboarding, opens the dashboard, disconnects and reconnects", async ({ page, context }) => {
  // sign-in, the tab, a disconnect, two hosted onboardings (each back to the tab, status from the
  // account.updated webhook), the dashboard pop-up, one more disconnect
  test.setTimeout(budget(WAIT.page, WAIT.page, WAIT.step, 2 * (WAIT.stripe + WAIT.page), WAIT.page, WAIT.step));
  await signIn(page, "owner@acme.test");
  await gotoReady(page, TAB);
  const card = page.getByTestId("stripe-connect-card");
  await expect(card).toBeVisible();
  if (await card.getByText("Connected", { exact: true }).isVisible()) {
    await card.getByRole("button", { name: "Disconnect" }).click();
    await page.getByRole("button", { name: "Disconnect Stripe" }).click();
  }
  await expect(card.getByText("Not connected")).toBeVisible();
  await expect(page.getByText("Connect Stripe first to configure paywalls")).toBeVisible();

  await connectThroughStripe(page);
  await expect(page.getByText("Connect Stripe first to configure paywalls")).toHaveCount(0);
  await expect(card.getByText("Charges")).toBeVisible();

  const [dashboard] = await Promise.all([context.waitForEvent("page"), card.getByRole("button", { name: "Stripe Dashboard" }).click()]);
  await expect(dashboard.getByRole("heading", { name: /Express dashboard/ })).toBeVisible();
  await expect(dashboard.getByRole("heading", { name: "Balance" })).toBeVisible();
  await dashboard.close();

  await card.getByRole("button", { name: "Disconnect" }).click();
  await page.getByRole("button", { name: "Disconnect Stripe" }).click();
  await expect(card.getByText("Not connected")).toBeVisible();
  await expect(page.getByText("Connect Stripe first to configure paywalls")).toBeVisible();

  await connectThroughStripe(page);
});

test("an admin sees the Stripe card read-only", async ({ page }) => {
  await signIn(page, "admin@acme.test");
  await gotoReady(page, TAB);
  const card = page.getByTestId("stripe-connect-card");
  await expect(card).toBeVisible();
  await expect(card.getByText("Only the platform owner can connect or manage the Stripe account.")).toBeVisible();
  await expect(card.getByRole("button")).toHaveCount(0);
});

test("a learner has no Monetization tab", async ({ page }) => {
  await signIn(page, "learner@acme.test");
  await gotoReady(page, TAB);
  await expect(page.getByRole("tab", { name: "Monetization" })).toHaveCount(0);
  await expect(page.getByRole("tab", { name: "API tokens" })).toBeVisible();
});
