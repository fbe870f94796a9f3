import { expect, test, type Page } from "@playwright/test";
import { gotoReady, requestMagicLinkWithForm, waitForReady } from "./support/auth";
import { budget, WAIT } from "./support/budget";
import { BASE_URL } from "./support/env";
import { createAcmeItem, freshAcmeLearner, freshEmail } from "./support/fresh";
import { readMagicLink } from "./support/mail";
import { buyOverApi, localStripe, LOCAL_STRIPE, sellOnAcme } from "./support/stripe";

// Every test makes its own buyer (a new e-mail per attempt) and its own item and paywall, so the
// tests do not depend on each other and a retry starts from nothing bought.

const tiers = [
  { name: "Monthly", amount: "19.00", interval: "month" as const, features: ["All lessons"], remark: "Popular" },
  { name: "Yearly", amount: "190.00", interval: "year" as const },
  { name: "Lifetime", amount: "249.00", interval: "one_time" as const },
];

async function payOnStripe(page: Page, card: string, email?: string) {
  await expect(page).toHaveURL(new RegExp(`^${LOCAL_STRIPE}/checkout/`), { timeout: WAIT.stripe });
  if (email) await page.getByLabel("Email").fill(email);
  await page.getByLabel("Card number").fill(card);
  await page.getByRole("button", { name: /^(Pay|Subscribe|Start)/ }).click();
}

test("a guest buys a monthly tier from the share link, sees You're in after the webhook, then finds it unlocked after a magic-link sign-in", async ({ page, request }, testInfo) => {
  // setup, the share page, checkout, the late webhook, the sign-in page and its form (up to
  // 20 s), the mail, the item page
  test.setTimeout(budget(WAIT.setup, WAIT.page, WAIT.stripe, WAIT.webhook, WAIT.page, 20_000 + WAIT.signIn, WAIT.page));
  const item = await createAcmeItem(request, testInfo, { type: "course", name: "Product Management Essentials" });
  const paywall = await sellOnAcme(request, item, tiers);
  const email = freshEmail(testInfo, "guest");

  await gotoReady(page, paywall.share_url.replace(/^https?:\/\/[^/]+/, BASE_URL));
  await expect(page.getByRole("heading", { name: item.name })).toBeVisible();
  await page.getByLabel("E-mail").fill(email);
  // the webhook is late: the thank-you page must wait for it
  await localStripe("faults", { webhooks: { delay_ms: 4_000 } });
  try {
    await page.getByRole("button", { name: "Pay for Monthly" }).click();
    await payOnStripe(page, "4242 4242 4242 4242");
    // no waitForReady here: the page polls the session every second until the webhook is in
    await page.waitForURL(/\/checkout\/complete\?session_id=/);
    await expect(page.getByRole("heading", { name: "Confirming your payment…" })).toBeVisible();
    await expect(page.getByRole("heading", { name: "You're in" })).toBeVisible({ timeout: WAIT.webhook });
  } finally {
    await fetch(`${LOCAL_STRIPE}/_local/faults`, { method: "DELETE" });
  }
  await expect(page.getByText(`Sign in with this e-mail (${email}) to manage your purchase.`)).toBeVisible();

  const since = new Date();
  await page.getByRole("link", { name: /Sign in with this e-mail/ }).click();
  await page.waitForURL(/\/sign-in/);
  await requestMagicLinkWithForm(page, email);
  await expect(page.getByRole("heading", { name: "Check your e-mail" })).toBeVisible();
  await page.goto(await readMagicLink(email, { since }));
  await expect(page.getByTestId("signed-in-email")).toHaveText(email);
  await gotoReady(page, item.path);
  await expect(page.getByText("You have access (active subscription)")).toBeVisible();
});

test("a learner hits the hard paywall, pays a one-time tier and comes back to unlocked content", async ({ page, request }, testInfo) => {
  // setup, sign-in, the item page, checkout, the webhook, the item page again
  test.setTimeout(budget(WAIT.setup, WAIT.signIn, WAIT.page, WAIT.stripe, WAIT.webhook, WAIT.page));
  const item = await createAcmeItem(request, testInfo, { type: "course", name: "Public Speaking" });
  await sellOnAcme(request, item, tiers);
  await freshAcmeLearner(page, testInfo);
  await gotoReady(page, item.path);
  const modal = page.getByRole("dialog", { name: "Choose your plan" });
  await expect(modal).toBeVisible();
  await expect(modal.getByRole("button", { name: "Close" })).toHaveCount(0);
  await page.keyboard.press("Escape");
  await expect(modal).toBeVisible();
  await expect(modal.getByRole("heading", { name: "Lifetime" })).toBeVisible();

  await modal.getByRole("button", { name: "Pay for Lifetime" }).click();
  await payOnStripe(page, "4242424242424242");
  await page.waitForURL(/\/checkout\/complete/);
  await expect(page.getByRole("heading", { name: "You're in" })).toBeVisible({ timeout: WAIT.webhook });
  await page.getByRole("link", { name: `Go to ${item.name}` }).click();
  await page.waitForURL((url) => url.pathname === item.path);
  await waitForReady(page);
  await expect(page.getByText("You have access (lifetime purchase)")).toBeVisible();
  await expect(page.getByRole("dialog", { name: "Choose your plan" })).toHaveCount(0);
});

test("a declined card shows Stripe's message and grants nothing", async ({ page, request }, testInfo) => {
  // setup, sign-in, the item page, checkout (declined: no webhook to wait for)
  test.setTimeout(budget(WAIT.setup, WAIT.signIn, WAIT.page, WAIT.stripe));
  const item = await createAcmeItem(request, testInfo, { type: "course", name: "Intro to Data Science" });
  await sellOnAcme(request, item, tiers);
  await freshAcmeLearner(page, testInfo);
  await gotoReady(page, item.path);
  await page.getByRole("dialog", { name: "Choose your plan" }).getByRole("button", { name: "Pay for Lifetime" }).click();
  await payOnStripe(page, "4000 0000 0000 0002");
  await expect(page.getByRole("alert")).toHaveText(/Your card was declined\./);

  const check = await page.request.get(`/api/billing/platforms/acme/items/course/${item.id}/access-check/`);
  expect(check.status()).toBe(402);
  expect((await check.json()).reason).toBe("no_subscription");
  const mine = await (await page.request.get(`/api/billing/platforms/acme/my-subscriptions/?search=${item.id}`)).json();
  expect(mine.count).toBe(0);
});

test("cancel on the Stripe page returns to the item, still locked", async ({ page, request }, testInfo) => {
  // setup, sign-in, the item page, to Stripe and back to the item page
  test.setTimeout(budget(WAIT.setup, WAIT.signIn, WAIT.page, WAIT.stripe, WAIT.page));
  const item = await createAcmeItem(request, testInfo, { type: "mentor", name: "Career Coach" });
  await sellOnAcme(request, item, tiers);
  await freshAcmeLearner(page, testInfo);
  await gotoReady(page, item.path);
  await page.getByRole("dialog", { name: "Choose your plan" }).getByRole("button", { name: "Pay for Monthly" }).click();
  await expect(page).toHaveURL(new RegExp(`^${LOCAL_STRIPE}/checkout/`), { timeout: WAIT.stripe });
  await page.getByRole("link", { name: "Cancel and return" }).click();
  await page.waitForURL((url) => url.pathname === item.path);
  await waitForReady(page);
  await expect(page.getByRole("dialog", { name: "Choose your plan" })).toBeVisible();
  const check = await page.request.get(`/api/billing/platforms/acme/items/mentor/${item.id}/access-check/`);
  expect(check.status()).toBe(402);
});

test("the learner finds the purchase in Purchases and cancels it by typing cancel; the item locks again", async ({ page, request }, testInfo) => {
  // setup, sign-in, a purchase over the API, the purchases page, the item page
  test.setTimeout(budget(WAIT.setup, WAIT.signIn, WAIT.apiPurchase, WAIT.page, WAIT.page));
  const item = await createAcmeItem(request, testInfo, { type: "course", name: "Public Speaking" });
  const { prices } = await sellOnAcme(request, item, tiers);
  await freshAcmeLearner(page, testInfo);
  await buyOverApi(page.request, item, prices.find((p) => p.name === "Lifetime")!.id);

  await gotoReady(page, "/profile?tab=purchases");
  await page.getByLabel("Search purchases").fill(item.id);
  const card = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: item.name }) });
  await expect(card).toBeVisible();
  await card.getByRole("button", { name: `Manage ${item.name}` }).click();
  const dialog = page.getByRole("dialog");
  const confirm = dialog.getByRole("button", { name: "Cancel purchase" });
  await expect(confirm).toBeDisabled();
  await dialog.getByLabel("Type cancel to confirm").fill("cancel");
  await confirm.click();
  await expect(dialog.getByText("Purchase canceled — access has ended")).toBeVisible();

  await gotoReady(page, item.path);
  await expect(page.getByRole("dialog", { name: "Choose your plan" })).toBeVisible();
});
