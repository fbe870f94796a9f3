import { expect, test } from "@playwright/test";
import { gotoReady } from "./support/auth";

const files = [
  { path: "/favicon.ico", type: "image/x-icon" },
  { path: "/icon.svg", type: "image/svg+xml" },
  { path: "/apple-touch-icon.png", type: "image/png" },
  { path: "/icon-192.png", type: "image/png" },
  { path: "/icon-512.png", type: "image/png" },
  { path: "/icon-maskable-192.png", type: "image/png" },
  { path: "/icon-maskable-512.png", type: "image/png" },
];

test("icons and the web manifest are served and linked from every page", async ({ page, request }) => {
  for (const f of files) {
    const res = await request.get(f.path);
    expect(res.status(), f.path).toBe(200);
    expect(res.headers()["content-type"], f.path).toContain(f.type);
    expect((await res.body()).length, f.path).toBeGreaterThan(0);
  }

  const res = await request.get("/manifest.webmanifest");
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toContain("application/manifest+json");
  const manifest = (await res.json()) as { name: string; short_name: string; theme_color: string; icons: { src: string; sizes: string; purpose?: string }[] };
  expect(manifest).toMatchObject({ name: "Tollgate", short_name: "Tollgate", theme_color: "#0058cc", background_color: "#ffffff" });
  for (const size of ["192x192", "512x512"]) {
    expect(manifest.icons.some((i) => i.sizes === size && i.purpose === "any"), `${size} icon`).toBe(true);
    expect(manifest.icons.some((i) => i.sizes === size && i.purpose === "maskable"), `${size} maskable icon`).toBe(true);
  }
  for (const icon of manifest.icons) expect((await request.get(icon.src)).status(), icon.src).toBe(200);

  await gotoReady(page, "/sign-in");
  const head = page.locator("head");
  await expect(head.locator('link[rel="icon"][href="/favicon.ico"]')).toHaveCount(1);
  await expect(head.locator('link[rel="icon"][href="/icon.svg"]')).toHaveCount(1);
  await expect(head.locator('link[rel="apple-touch-icon"][href="/apple-touch-icon.png"]')).toHaveCount(1);
  await expect(head.locator('link[rel="manifest"][href="/manifest.webmanifest"]')).toHaveCount(1);
  await expect(head.locator('meta[name="theme-color"]')).toHaveAttribute("content", "#0058cc");
});
