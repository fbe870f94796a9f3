import { expect, test } from "@playwright/test";
import { fillPasswordForm, gotoReady, requestMagicLinkWithForm, signIn, signOut } from "./support/auth";
import { budget, WAIT } from "./support/budget";
import { addAcmeMember, freshEmail } from "./support/fresh";
import { readMagicLink } from "./support/mail";

test.describe("sign-in", () => {
  test("password sign-in lands signed in and opens /account", async ({ page }) => {
    await signIn(page, "owner@acme.test");
    await expect(page.getByRole("banner").getByRole("link", { name: "Sign in", exact: true })).toHaveCount(0);
    // owner@acme.test belongs to one platform only: the top bar names it instead of a picker.
    await expect(page.getByTestId("current-platform")).toHaveText("Acme Academy");

    const res = await page.request.get("/api/me");
    expect(res.status()).toBe(200);
    expect((await res.json()).email).toBe("owner@acme.test");

    await gotoReady(page, "/account");
    await expect(page).toHaveURL(/\/account(\?|$)/);
    await expect(page.getByRole("heading", { name: "Account", level: 1 })).toBeVisible();
  });

  test("a wrong password is refused", async ({ page }) => {
    await gotoReady(page, "/sign-in");
    const submit = await fillPasswordForm(page, "owner@acme.test", "not-the-password");
    await submit.click();
    await expect(page.getByText("Wrong e-mail or password.")).toBeVisible();
    await expect(page).toHaveURL(/\/sign-in/);
    await expect(page.getByTestId("signed-in-email")).toHaveCount(0);
    expect((await page.request.get("/api/me")).status()).toBe(401);
  });

  test("magic link signs the learner in, and sign-out signs them out", async ({ page }, testInfo) => {
    // A learner of its own: magic links are rate-limited per address, and a retry must not find
    // an earlier attempt's link. Waits: operator API and the sign-in page, up to 20 s for the
    // form, the mail, three page loads.
    test.setTimeout(budget(WAIT.page, 20_000, WAIT.signIn, WAIT.page, WAIT.page));
    const email = freshEmail(testInfo, "learner");
    await addAcmeMember(email);
    const since = new Date(Date.now() - 1_000);

    await gotoReady(page, "/sign-in");
    await requestMagicLinkWithForm(page, email);
    // The card title is a styled <div>, not a heading element.
    await expect(page.getByText("Check your e-mail", { exact: true })).toBeVisible();

    const link = await readMagicLink(email, { since });
    expect(new URL(link).origin).toBe(new URL(page.url()).origin);
    await gotoReady(page, link);
    await expect(page.getByTestId("signed-in-email")).toHaveText(email);
    expect((await (await page.request.get("/api/me")).json()).email).toBe(email);

    // A magic link works once.
    await signOut(page);
    await expect(page.getByTestId("signed-in-email")).toHaveCount(0);
    expect((await page.request.get("/api/me")).status()).toBe(401);
    await gotoReady(page, link);
    await expect(page.getByTestId("signed-in-email")).toHaveCount(0);
  });
});
