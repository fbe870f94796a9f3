import { expect, test } from "@playwright/test";
import { gotoReady, requestMagicLinkWithForm, waitForReady } from "./support/auth";
import { budget, WAIT } from "./support/budget";
import { BASE_URL } from "./support/env";
import { createAcmeItem, freshEmail } from "./support/fresh";
import { readMagicLink, readMailSink } from "./support/mail";
import { LOCAL_STRIPE, sellOnAcme } from "./support/stripe";

// After the sale, as a guest who bought through a share link: the thank-you page says what was
// paid, the e-mail link signs them in, Profile → Purchases lists the purchase without any
// platform membership, and a cancel at period end can be undone. The receipt arrives by e-mail.

const tiers = [{ name: "Monthly", amount: "24.00", interval: "month" as const, features: ["All lessons"] }];

test("a guest buys through a share link, signs in by e-mail link, cancels at period end, resumes, and gets the receipt", async ({ page, request }, testInfo) => {
  // setup, share page + checkout, the webhook, sign-in page + mail, purchases page, the portal
  // and back (webhook), resume, the receipt mail (polled up to 20 s)
  test.setTimeout(budget(WAIT.setup, WAIT.page, WAIT.stripe, WAIT.webhook, WAIT.page, WAIT.signIn, WAIT.page, WAIT.stripe, WAIT.webhook, WAIT.step, 20_000));
  const item = await createAcmeItem(request, testInfo, { type: "course", name: "Negotiation Basics" });
  const paywall = await sellOnAcme(request, item, tiers);
  const email = freshEmail(testInfo, "after-sale");
  const boughtAt = new Date(Date.now() - 1_000);

  // buy as a guest
  await gotoReady(page, paywall.share_url.replace(/^https?:\/\/[^/]+/, BASE_URL));
  await expect(page.getByRole("heading", { name: item.name })).toBeVisible();
  await page.getByLabel("E-mail").fill(email);
  await page.getByRole("button", { name: "Pay for Monthly" }).click();
  await expect(page).toHaveURL(new RegExp(`^${LOCAL_STRIPE}/checkout/`), { timeout: WAIT.stripe });
  await page.getByLabel("Card number").fill("4242 4242 4242 4242");
  await page.getByRole("button", { name: /^(Pay|Subscribe|Start)/ }).click();

  // the thank-you page: amount, date, receipt number, next renewal, the receipt e-mail
  await page.waitForURL(/\/checkout\/complete\?session_id=/, { timeout: WAIT.stripe });
  await expect(page.getByRole("heading", { name: "You're in" })).toBeVisible({ timeout: WAIT.webhook });
  const details = page.getByLabel("Purchase details");
  await expect(details.getByText("Amount paid")).toBeVisible();
  await expect(details.getByText(/24\.00/)).toBeVisible();
  await expect(details.getByText("Date", { exact: true })).toBeVisible();
  await expect(details.getByText("Receipt number")).toBeVisible();
  await expect(details.getByText("Next renewal")).toBeVisible();
  await expect(page.getByText(new RegExp(`A receipt (is on its way to|was sent to) ${email.replace(/[.+]/g, "\\$&")}`))).toBeVisible();

  // "Go to …" asks a guest to sign in, with the e-mail link first and the address filled in
  await page.getByRole("link", { name: `Go to ${item.name}` }).click();
  await page.waitForURL(/\/sign-in\?/);
  await waitForReady(page);
  expect(new URL(page.url()).searchParams.get("method")).toBe("email");
  await expect(page.getByLabel("E-mail", { exact: true })).toHaveValue(email);
  await expect(page.getByRole("button", { name: "E-mail me a sign-in link" })).toBeVisible();
  const since = new Date();
  await requestMagicLinkWithForm(page, email);
  await page.goto(await readMagicLink(email, { since }));
  await expect(page.getByTestId("signed-in-email")).toHaveText(email);
  // the link came back to the item, which is unlocked
  await waitForReady(page);
  expect(new URL(page.url()).pathname).toBe(item.path);
  await expect(page.getByText("You have access (active subscription)")).toBeVisible();

  // Profile → Purchases, though the guest is a member of no platform
  await gotoReady(page, "/profile?tab=purchases");
  await page.getByLabel("Search purchases").fill(item.id);
  const card = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: item.name }) });
  await expect(card).toBeVisible();
  await expect(card.getByText(/Sold by/)).toBeVisible();
  await expect(card.getByText(/Renews/)).toBeVisible();

  // cancel at period end in Stripe's billing portal, then come back
  await card.getByRole("button", { name: `Manage ${item.name}` }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByText(/access continues until/)).toBeVisible();
  await dialog.getByRole("button", { name: "Manage in Stripe" }).click();
  await expect(page).toHaveURL(new RegExp(`^${LOCAL_STRIPE}/billing/portal/`), { timeout: WAIT.stripe });
  await page.getByRole("button", { name: /^Cancel / }).click();
  await expect(page.getByText(/Cancels on/)).toBeVisible();
  await page.getByRole("link", { name: "Return to the site" }).click();
  await page.waitForURL((url) => url.origin === BASE_URL && url.pathname === "/profile");

  // the change comes back by webhook: the card says when it ends and offers to resume
  const resume = page.getByRole("button", { name: `Resume ${item.name}` });
  await expect(async () => {
    await gotoReady(page, "/profile?tab=purchases");
    await page.getByLabel("Search purchases").fill(item.id);
    await expect(card.getByText(/Cancels on .*access continues until then/)).toBeVisible({ timeout: 3_000 });
  }).toPass({ timeout: WAIT.webhook });
  await card.getByRole("button", { name: `Resume ${item.name}` }).click();
  await expect(page.getByText("Subscription resumed")).toBeVisible({ timeout: WAIT.step });
  await expect(card.getByText(/Cancels on/)).toHaveCount(0);
  await expect(resume).toHaveCount(0);
  await expect(card.getByText(/Renews/)).toBeVisible();

  // the receipt e-mail, sent by a job shortly after the webhook, carries the amount paid
  let receipt: { subject: string; text: string } | undefined;
  await expect
    .poll(
      async () => {
        receipt = (await readMailSink()).find((m) => m.to === email && new Date(m.sentAt) >= boughtAt && m.subject.startsWith("Your receipt for"));
        return receipt !== undefined;
      },
      { message: `the purchase receipt to ${email}`, timeout: 20_000 },
    )
    .toBe(true);
  expect(receipt!.subject).toContain(item.name);
  expect(receipt!.text).toMatch(/24\.00/);
});
