import { expect, type Locator, type Page } from "@playwright/test";
import { BASE_URL, DEMO_PASSWORD } from "./env";
import { readMagicLink } from "./mail";

/**
 * Waits until the current page's client bundle has loaded and React has hydrated it, so React
 * handlers are attached. On a loaded machine hydration can end well after network idle; React
 * marks the elements it has hydrated with its internal `__reactFiber$…` key.
 */
export async function waitForReady(page: Page) {
  await page.waitForLoadState("networkidle");
  await page.waitForFunction(
    () => {
      const root = document.querySelector("main") ?? document.body;
      return !!root && Object.keys(root).some((key) => key.startsWith("__reactFiber$"));
    },
    undefined,
    { timeout: 15_000 },
  );
}

/** Loads a page and waits until React has hydrated it (see `waitForReady`). */
export async function gotoReady(page: Page, url: string) {
  const response = await page.goto(url);
  await waitForReady(page);
  return response;
}

/**
 * Fills a React-controlled input. Clears it first: a value typed before hydration is in the DOM
 * but not in React's state, and filling in the same value again fires no change React would see.
 */
export async function fillInput(input: Locator, value: string, options: { timeout?: number } = {}) {
  await input.fill("", options);
  await input.fill(value, options);
}

/** Fills the sign-in form; retries while React is still hydrating (the submit button stays disabled until then). */
export async function fillPasswordForm(page: Page, email: string, password: string) {
  const submit = page.getByRole("button", { name: "Sign in with password" });
  await expect(async () => {
    await fillInput(page.getByLabel("E-mail", { exact: true }), email);
    await fillInput(page.getByLabel("Password", { exact: true }), password);
    await expect(submit).toBeEnabled({ timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  return submit;
}

/**
 * Asks for a magic link with the sign-in form on the current page and waits for the check-email
 * page. Retries while React is still hydrating (a click before that does nothing), but never
 * once the form has been sent: a slow server answering after a retry began is not a failure.
 */
export async function requestMagicLinkWithForm(page: Page, email: string) {
  const checkEmail = /\/sign-in\/check-email/;
  await expect(async () => {
    if (!checkEmail.test(page.url())) {
      await fillInput(page.getByLabel("E-mail", { exact: true }), email, { timeout: 5_000 });
      await page.getByRole("button", { name: "E-mail me a sign-in link" }).click({ timeout: 5_000 });
    }
    await expect(page).toHaveURL(checkEmail, { timeout: 5_000 });
  }).toPass({ timeout: 20_000 });
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

/**
 * Signs `email` in on `page` by magic link: asks for the link over the API (with the page's
 * cookies, so the CSRF cookie matches), reads it from the mail sink and follows it.
 */
export async function signInWithMagicLink(page: Page, email: string, callbackPath = "/") {
  const since = new Date(Date.now() - 1_000);
  const { csrfToken } = await (await page.request.get("/api/auth/csrf")).json();
  const res = await page.request.post("/api/auth/signin/email", {
    form: { csrfToken, email, callbackUrl: `${BASE_URL}${callbackPath}`, json: "true" },
  });
  expect(res.ok(), await res.text()).toBe(true);
  await gotoReady(page, await readMagicLink(email, { since }));
  await expect(page.getByTestId("signed-in-email")).toHaveText(email);
}
