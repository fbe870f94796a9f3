import { expect, type Page } from "@playwright/test";
import { DEMO_PASSWORD } from "./env";

/** Loads a page and waits until the client bundle has loaded, so React handlers are attached. */
export async function gotoReady(page: Page, url: string) {
  const response = await page.goto(url);
  await page.waitForLoadState("networkidle");
  return response;
}

/** Fills the sign-in form; retries while React is still hydrating (the submit button stays disabled until then). */
export async function fillPasswordForm(page: Page, email: string, password: string) {
  const submit = page.getByRole("button", { name: "Sign in with password" });
  await expect(async () => {
    await page.getByLabel("E-mail", { exact: true }).fill(email);
    await page.getByLabel("Password", { exact: true }).fill(password);
    await expect(submit).toBeEnabled({ timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  return submit;
}

/** Signs in with the demo password and waits until the top bar shows the user. */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await gotoReady(page, "/sign-in");
  const submit = await fillPasswordForm(page, email, password);
  await submit.click();
  await expect(page.getByTestId("signed-in-email")).toHaveText(email);
}

/** Signs out through the user menu. */
export async function signOut(page: Page) {
  await page.getByRole("button", { name: "User menu" }).click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(page.getByRole("banner").getByRole("link", { name: "Sign in", exact: true })).toBeVisible();
}
