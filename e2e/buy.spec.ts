import { expect, test, type Page } from "@playwright/test";
import { gotoReady, signIn } from "./support/auth";
import { BASE_URL } from "./support/env";
import { readMagicLink } from "./support/mail";
import { localStripe, LOCAL_STRIPE, sellOnAcme } from "./support/stripe";

const tiers = [
  { name: "Monthly", amount: "19.00", interval: "month" as const, features: ["All lessons"], remark: "Popular" },
  { name: "Yearly", amount: "190.00", interval: "year" as const },
  { name: "Lifetime", amount: "249.00", interval: "one_time" as const },
];

async function payOnStripe(page: Page, card: string, email?: string) {
  await expect(page).toHaveURL(new RegExp(`^${LOCAL_STRIPE}/checkout/`));
  if (email) await page.getByLabel("Email").fill(email);
  await page.getByLabel("Card number").fill(card);
  await page.getByRole("button", { name: /^(Pay|Subscribe|Start)/ }).click();
}

test.describe.configure({ mode: "serial" });

test("a guest buys a monthly tier from the share link, sees You're in after the webhook, then finds it unlocked after a magic-link sign-in", async ({ page, request }) => {
  const paywall = await sellOnAcme(request, { type: "course", id: "product-management" }, tiers);
  const email = `guest-${Date.now()}@example.test`;

  await gotoReady(page, paywall.share_url.replace(/^https?:\/\/[^/]+/, BASE_URL));
  await expect(page.getByRole("heading", { name: "Product Management Essentials" })).toBeVisible();
  await page.getByLabel("E-mail").fill(email);
  // the webhook is late: the thank-you page must wait for it
  await localStripe("faults", { webhooks: { delay_ms: 4_000 } });
  try {
    await page.getByRole("button", { name: "Pay for Monthly" }).click();
    await payOnStripe(page, "4242 4242 4242 4242");
    await page.waitForURL(/\/checkout\/complete\?session_id=/);
    await expect(page.getByRole("heading", { name: "Confirming your payment…" })).toBeVisible();
    await expect(page.getByRole("heading", { name: "You're in" })).toBeVisible({ timeout: 20_000 });
  } finally {
    await fetch(`${LOCAL_STRIPE}/_local/faults`, { method: "DELETE" });
  }
  await expect(page.getByText(`Sign in with this e-mail (${email}) to manage your purchase.`)).toBeVisible();

  const since = new Date();
  await page.getByRole("link", { name: /Sign in with this e-mail/ }).click();
  await expect(async () => {
    await page.getByLabel("E-mail", { exact: true }).fill(email);
    await page.getByRole("button", { name: "E-mail me a sign-in link" }).click();
    await expect(page.getByRole("heading", { name: "Check your e-mail" })).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 15_000 });
  await page.goto(await readMagicLink(email, { since }));
  await expect(page.getByTestId("signed-in-email")).toHaveText(email);
  await gotoReady(page, "/p/acme/items/course/product-management");
  await expect(page.getByText("You have access (active subscription)")).toBeVisible();
});

test("a learner hits the hard paywall, pays a one-time tier and comes back to unlocked content", async ({ page, request }) => {
  await sellOnAcme(request, { type: "course", id: "public-speaking" }, tiers);
  await signIn(page, "learner@acme.test");
  await gotoReady(page, "/p/acme/items/course/public-speaking");
  const modal = page.getByRole("dialog", { name: "Choose your plan" });
  await expect(modal).toBeVisible();
  await expect(modal.getByRole("button", { name: "Close" })).toHaveCount(0);
  await page.keyboard.press("Escape");
  await expect(modal).toBeVisible();
  await expect(modal.getByRole("heading", { name: "Lifetime" })).toBeVisible();

  await modal.getByRole("button", { name: "Pay for Lifetime" }).click();
  await payOnStripe(page, "4242424242424242");
  await page.waitForURL(/\/checkout\/complete/);
  await expect(page.getByRole("heading", { name: "You're in" })).toBeVisible({ timeout: 20_000 });
  await page.getByRole("link", { name: /Go to Public Speaking/ }).click();
  await expect(page.getByText("You have access (lifetime purchase)")).toBeVisible();
  await expect(page.getByRole("dialog", { name: "Choose your plan" })).toHaveCount(0);
});

test("a declined card shows Stripe's message and grants nothing", async ({ page, request }) => {
  await sellOnAcme(request, { type: "course", id: "intro-data-science" }, tiers);
  await signIn(page, "learner@acme.test");
  await gotoReady(page, "/p/acme/items/course/intro-data-science");
  await page.getByRole("dialog", { name: "Choose your plan" }).getByRole("button", { name: "Pay for Lifetime" }).click();
  await payOnStripe(page, "4000 0000 0000 0002");
  await expect(page.getByRole("alert")).toHaveText(/Your card was declined\./);

  const check = await page.request.get("/api/billing/platforms/acme/items/course/intro-data-science/access-check/");
  expect(check.status()).toBe(402);
  expect((await check.json()).reason).toBe("no_subscription");
  const mine = await (await page.request.get("/api/billing/platforms/acme/my-subscriptions/?search=intro-data-science")).json();
  expect(mine.count).toBe(0);
});

test("cancel on the Stripe page returns to the item, still locked", async ({ page, request }) => {
  await sellOnAcme(request, { type: "mentor", id: "career-coach" }, tiers);
  await signIn(page, "learner@acme.test");
  await gotoReady(page, "/p/acme/items/mentor/career-coach");
  await page.getByRole("dialog", { name: "Choose your plan" }).getByRole("button", { name: "Pay for Monthly" }).click();
  await expect(page).toHaveURL(new RegExp(`^${LOCAL_STRIPE}/checkout/`));
  await page.getByRole("link", { name: "Cancel and return" }).click();
  await page.waitForURL(/\/p\/acme\/items\/mentor\/career-coach/);
  await expect(page.getByRole("dialog", { name: "Choose your plan" })).toBeVisible();
  const check = await page.request.get("/api/billing/platforms/acme/items/mentor/career-coach/access-check/");
  expect(check.status()).toBe(402);
});


test("the learner finds the purchase in Purchases and cancels it by typing cancel; the item locks again", async ({ page }) => {
  await signIn(page, "learner@acme.test");
  await gotoReady(page, "/profile?tab=purchases");
  await page.getByLabel("Search purchases").fill("speaking");
  const card = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: "Public Speaking" }) });
  await expect(card).toBeVisible();
  await card.getByRole("button", { name: "Manage Public Speaking" }).click();
  const dialog = page.getByRole("dialog");
  const confirm = dialog.getByRole("button", { name: "Cancel subscription" });
  await expect(confirm).toBeDisabled();
  await dialog.getByLabel("Type cancel to confirm").fill("cancel");
  await confirm.click();
  await expect(dialog.getByText("Subscription canceled — access has been revoked")).toBeVisible();

  await gotoReady(page, "/p/acme/items/course/public-speaking");
  await expect(page.getByRole("dialog", { name: "Choose your plan" })).toBeVisible();
});
