import { expect, test } from "@playwright/test";
import { budget, WAIT } from "./support/budget";
import { BASE_URL } from "./support/env";

// The API describes itself on the started server: the schema an integrator generates a client
// from, and a reference page that works offline under its own CSP.

test("serves the OpenAPI schema and a browsable reference that loads nothing from outside", async ({ page, request }) => {
  test.setTimeout(budget(WAIT.page, WAIT.page, WAIT.step));
  const schema = await request.get("/api/docs/schema/");
  expect(schema.status()).toBe(200);
  const doc = await schema.json();
  expect(doc.openapi).toBe("3.1.0");
  expect(Object.keys(doc.paths)).toContain("/api/billing/items/{uid}/paywall/");
  expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
  const yaml = await request.get("/api/docs/schema?format=yaml");
  expect(yaml.headers()["content-type"]).toContain("application/yaml");
  expect(await yaml.text()).toContain("openapi: 3.1.0");

  const foreign: string[] = [];
  const problems: string[] = [];
  page.on("request", (r) => {
    const url = new URL(r.url());
    if (url.protocol !== "data:" && url.origin !== new URL(BASE_URL).origin) foreign.push(r.url());
  });
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(m.text());
  });
  await page.goto("/api/docs/");
  await expect(page.getByText("Tollgate API").first()).toBeVisible({ timeout: WAIT.page });
  // tags and operations are rendered from the live schema
  await expect(page.getByText("Read the item's paywall").first()).toBeVisible({ timeout: WAIT.step });
  expect(foreign).toEqual([]);
  expect(problems.filter((p) => /Content Security Policy|Refused/.test(p))).toEqual([]);
});
