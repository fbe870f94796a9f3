import { expect, test, type APIRequestContext } from "@playwright/test";
import { gotoReady, signIn } from "./support/auth";

type PlatformRow = { key: string; enable_monetization: boolean; show_paywall: boolean };

async function allPlatformFlags(request: APIRequestContext): Promise<PlatformRow[]> {
  const res = await request.get("/api/operator/platforms");
  expect(res.status()).toBe(200);
  return ((await res.json()) as { results: PlatformRow[] }).results.map(({ key, enable_monetization, show_paywall }) => ({
    key,
    enable_monetization,
    show_paywall,
  }));
}

async function platformFlags(request: APIRequestContext, key: string): Promise<PlatformRow> {
  const row = (await allPlatformFlags(request)).find((p) => p.key === key);
  expect(row, `platform ${key} in GET /api/operator/platforms`).toBeTruthy();
  return row!;
}

test.describe("operator console", () => {
  test("operator toggles show_paywall for globex and it persists", async ({ page }) => {
    await signIn(page, "operator@tollgate.test");

    // Seeded as off; put it back if an earlier failed run against a shared database left it on.
    if ((await platformFlags(page.request, "globex")).show_paywall) {
      expect((await page.request.patch("/api/operator/platforms/globex", { data: { show_paywall: false } })).ok()).toBe(true);
    }

    const before = await allPlatformFlags(page.request);
    try {
      await gotoReady(page, "/operator");
      const card = page.getByTestId("platform-globex");
      const toggle = card.getByRole("switch", { name: "Show paywall for globex" });
      await expect(toggle).not.toBeChecked();

      await toggle.click();
      await expect(page.getByText("Paywall shown for Globex Learning")).toBeVisible();
      await expect(toggle).toBeChecked();

      await page.reload();
      await page.waitForLoadState("networkidle");
      await expect(page.getByTestId("platform-globex").getByRole("switch", { name: "Show paywall for globex" })).toBeChecked();
      // Only globex.show_paywall changed: not its other flag, not the other platforms.
      const expected = before.map((p) => (p.key === "globex" ? { ...p, show_paywall: true } : p));
      expect(await allPlatformFlags(page.request)).toEqual(expected);

      const toggleAgain = page.getByTestId("platform-globex").getByRole("switch", { name: "Show paywall for globex" });
      await toggleAgain.click();
      await expect(page.getByText("Paywall hidden for Globex Learning")).toBeVisible();
      await expect(toggleAgain).not.toBeChecked();
      expect(await allPlatformFlags(page.request)).toEqual(before);
    } finally {
      await page.request.patch("/api/operator/platforms/globex", { data: { show_paywall: false } }).catch(() => {});
    }
  });

  test("a learner gets a 404 at /operator and no operator API", async ({ page }) => {
    await signIn(page, "learner@acme.test");

    await page.getByRole("button", { name: "User menu" }).click();
    await expect(page.getByRole("menuitem", { name: "Profile" })).toBeVisible();
    await expect(page.getByRole("menuitem", { name: "Operator" })).toHaveCount(0);
    await page.keyboard.press("Escape");

    const response = await page.goto("/operator");
    expect(response?.status()).toBe(404);
    await expect(page.getByText("This page could not be found.")).toBeVisible();
    await expect(page.getByTestId("platform-globex")).toHaveCount(0);
    await expect(page.getByRole("heading", { name: "Operator" })).toHaveCount(0);

    expect((await page.request.get("/api/operator/platforms")).status()).toBe(403);
  });
});
