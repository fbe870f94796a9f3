import { expect, test } from "@playwright/test";
import { gotoReady, signIn } from "./support/auth";
import { budget, WAIT } from "./support/budget";
import { BASE_URL } from "./support/env";

/** Calls the API from Node, outside the browser context: no cookies, only the token. */
async function meWithToken(key: string) {
  const res = await fetch(`${BASE_URL}/api/me`, { headers: { Authorization: `Token ${key}` } });
  return { status: res.status, body: (await res.json()) as { email?: string; detail?: string; platforms?: { key: string }[] } };
}

test("owner mints an API token, uses it, and revokes it", async ({ page }) => {
  // sign-in, the tab, minting, revoking: near 30 s on a loaded machine
  test.setTimeout(budget(WAIT.page, WAIT.page, WAIT.step, WAIT.step));
  const name = `e2e token ${Date.now()}`;
  await signIn(page, "owner@acme.test");
  await gotoReady(page, "/account?profileTab=api-tokens");

  await page.getByLabel("Token name").fill(name);
  await expect(page.getByRole("combobox", { name: "Platform" })).toHaveText("Acme Academy");
  await page.getByRole("button", { name: "Create token" }).click();

  const minted = page.getByTestId("minted-token");
  await expect(minted).not.toBeEmpty();
  const key = (await minted.textContent())!.trim();
  expect(key.length).toBeGreaterThan(20);

  const row = page.getByRole("row").filter({ hasText: name });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("acme");
  // The table shows a prefix only, never the whole key.
  await expect(page.getByRole("table")).not.toContainText(key);

  const ok = await meWithToken(key);
  expect(ok.status).toBe(200);
  expect(ok.body.email).toBe("owner@acme.test");

  await row.getByRole("button", { name: `Revoke ${name}` }).click();
  const dialog = page.getByRole("alertdialog");
  await expect(dialog).toContainText(name);
  await dialog.getByRole("button", { name: "Revoke token" }).click();
  await expect(dialog).toHaveCount(0);
  await expect(row.getByText("Revoked")).toBeVisible();
  await expect(row.getByRole("button", { name: `Revoke ${name}` })).toHaveCount(0);

  const refused = await meWithToken(key);
  expect(refused.status).toBe(401);
  expect(refused.body.detail).toBeTruthy();
  expect(refused.body.email).toBeUndefined();
});
