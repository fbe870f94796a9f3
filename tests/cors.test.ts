import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import * as me from "@/app/api/me/route";
import * as pricing from "@/app/api/billing/platforms/[pk]/items/[type]/[id]/pricing/route";
import { call } from "./support/http";
import { createPlatform, createUser, tokenFor } from "./support/fixtures";

// An SDK on a platform's own site calls the API with an API token; browsers only let it read the
// answers when they carry that site's origin, and never with credentials.

async function school() {
  const platform = await createPlatform();
  await db.platform.update({ where: { id: platform.id }, data: { allowedDomains: ["https://school.example", "https://learn.school.example/path"] } });
  const admin = await createUser({ platformId: platform.id, role: "admin" });
  return { platform, admin, token: await tokenFor(admin.id, platform.key) };
}

describe("CORS for the platform's own sites", () => {
  it("echoes a listed origin to token calls, never with credentials, and not to other origins", async () => {
    const { token } = await school();
    for (const origin of ["https://school.example", "https://learn.school.example"]) {
      const res = await call(me.GET, { token, headers: { origin } });
      expect(res.status).toBe(200);
      expect(res.headers.get("access-control-allow-origin")).toBe(origin);
      expect(res.headers.get("access-control-allow-credentials")).toBeNull();
      expect(res.headers.get("vary")).toContain("Origin");
    }
    const evil = await call(me.GET, { token, headers: { origin: "https://evil.example" } });
    expect(evil.status).toBe(200);
    expect(evil.headers.get("access-control-allow-origin")).toBeNull();
    // an unknown token proves nothing about the site: no CORS headers
    const denied = await call(me.GET, { headers: { origin: "https://school.example", authorization: "Token tg_unknown" } });
    expect(denied.status).toBe(401);
    expect(denied.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("does not lend a browser session to another site, even a listed one", async () => {
    const { admin } = await school();
    const res = await call(me.GET, { sessionUserId: admin.id, headers: { origin: "https://school.example" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("only echoes the origins of the token's own platform", async () => {
    await school();
    const other = await createPlatform();
    const user = await createUser({ platformId: other.id, role: "admin" });
    const res = await call(me.GET, { token: await tokenFor(user.id, other.key), headers: { origin: "https://school.example" } });
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("lets a listed site read its public pricing without credentials", async () => {
    const { platform } = await school();
    await db.paywall.create({ data: { platformId: platform.id, itemType: "course", itemId: "algebra", isEnabled: true } });
    const params = { pk: platform.key, type: "course", id: "algebra" };
    const listed = await call(pricing.GET, { params, headers: { origin: "https://school.example" } });
    expect(listed.status).toBe(200);
    expect(listed.headers.get("access-control-allow-origin")).toBe("https://school.example");
    const other = await call(pricing.GET, { params, headers: { origin: "https://evil.example" } });
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("answers preflights from listed origins with the methods and headers an SDK sends", async () => {
    await school();
    const preflight = (origin: string) =>
      call(me.OPTIONS as never, { method: "OPTIONS", headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "authorization, content-type" } });
    const ok = await preflight("https://school.example");
    expect(ok.status).toBe(204);
    expect(ok.headers.get("access-control-allow-origin")).toBe("https://school.example");
    expect(ok.headers.get("access-control-allow-headers")).toMatch(/Authorization/);
    expect(ok.headers.get("access-control-allow-methods")).toMatch(/POST/);
    expect(ok.headers.get("access-control-allow-credentials")).toBeNull();
    const refused = await preflight("https://evil.example");
    expect(refused.status).toBe(204);
    expect(refused.headers.get("access-control-allow-origin")).toBeNull();
  });
});
