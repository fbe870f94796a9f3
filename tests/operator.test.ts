import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import * as platformsRoute from "@/app/api/operator/platforms/route";
import * as platformRoute from "@/app/api/operator/platforms/[pk]/route";
import * as membersRoute from "@/app/api/operator/platforms/[pk]/members/route";
import * as catalogRoute from "@/app/api/platforms/[pk]/catalog/route";
import * as catalogItemRoute from "@/app/api/platforms/[pk]/catalog/[type]/[id]/route";
import { call } from "./support/http";
import { createPlatform, createUser } from "./support/fixtures";

describe("operator console API", () => {
  it("is for operators only", async () => {
    const p = await createPlatform();
    const owner = await createUser({ platformId: p.id, role: "owner" });
    expect((await call(platformsRoute.GET, { sessionUserId: owner.id })).status).toBe(403);
    expect((await call(platformRoute.PATCH, { method: "PATCH", sessionUserId: owner.id, params: { pk: p.key }, body: { show_paywall: true } })).status).toBe(403);
    expect((await call(platformsRoute.GET)).status).toBe(401);
  });

  it("creates platforms with default commission and refuses duplicate keys", async () => {
    const op = await createUser({ isOperator: true });
    const res = await call(platformsRoute.POST, { method: "POST", sessionUserId: op.id, body: { key: "Initech", name: "Initech U" } });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ key: "initech", enable_monetization: false, show_paywall: false });
    expect(res.json.commission_bps).toEqual({ mentor: 2500, course: 2500, program: 2500, pathway: 2500 });
    const dup = await call(platformsRoute.POST, { method: "POST", sessionUserId: op.id, body: { key: "initech", name: "Again" } });
    expect(dup.status).toBe(409);
    expect(dup.json.code).toBe("platform_key_taken");
    const bad = await call(platformsRoute.POST, { method: "POST", sessionUserId: op.id, body: { key: "a b", name: "" } });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.json.errors).sort()).toEqual(["key", "name"]);
    expect(await db.auditLog.count({ where: { action: "platform.created" } })).toBe(1);
  });

  it("toggles flags and sets commission per item type, validating basis points", async () => {
    const op = await createUser({ isOperator: true });
    const p = await createPlatform({ enableMonetization: false });
    const on = await call(platformRoute.PATCH, {
      method: "PATCH",
      sessionUserId: op.id,
      params: { pk: p.key },
      body: { enable_monetization: true, show_paywall: true, commission_bps: { course: 1000, "custom:workshop": 500 } },
    });
    expect(on.status).toBe(200);
    expect(on.json).toMatchObject({ enable_monetization: true, show_paywall: true });
    expect(on.json.commission_bps).toMatchObject({ mentor: 2500, course: 1000, "custom:workshop": 500 });

    const tooMuch = await call(platformRoute.PATCH, { method: "PATCH", sessionUserId: op.id, params: { pk: p.key }, body: { commission_bps: { course: 10001 } } });
    expect(tooMuch.status).toBe(400);
    expect(tooMuch.json.errors["commission_bps.course"]).toBeDefined();
    const badType = await call(platformRoute.PATCH, { method: "PATCH", sessionUserId: op.id, params: { pk: p.key }, body: { commission_bps: { "Bad Type": 1 } } });
    expect(badType.status).toBe(400);
    const empty = await call(platformRoute.PATCH, { method: "PATCH", sessionUserId: op.id, params: { pk: p.key }, body: {} });
    expect(empty.status).toBe(400);
    const missing = await call(platformRoute.PATCH, { method: "PATCH", sessionUserId: op.id, params: { pk: "nope" }, body: { show_paywall: true } });
    expect(missing.status).toBe(404);

    const stored = await db.platform.findUniqueOrThrow({ where: { id: p.id } });
    expect(stored.commissionBps).toEqual({ course: 1000, "custom:workshop": 500 });

    // an unprefixed custom type is stored under custom:
    const unprefixed = await call(platformRoute.PATCH, { method: "PATCH", sessionUserId: op.id, params: { pk: p.key }, body: { commission_bps: { workshop: 700 } } });
    expect(unprefixed.status).toBe(200);
    expect(unprefixed.json.commission_bps).toMatchObject({ "custom:workshop": 700 });
    expect(unprefixed.json.commission_bps).not.toHaveProperty("workshop");
  });

  it("adds members by e-mail, creating the account when needed, and changes roles", async () => {
    const op = await createUser({ isOperator: true });
    const p = await createPlatform();
    const added = await call(membersRoute.POST, { method: "POST", sessionUserId: op.id, params: { pk: p.key }, body: { email: " New.Person@Example.test ", role: "admin" } });
    expect(added.status).toBe(201);
    expect(added.json).toMatchObject({ email: "new.person@example.test", role: "admin" });
    await call(membersRoute.POST, { method: "POST", sessionUserId: op.id, params: { pk: p.key }, body: { email: "new.person@example.test", role: "member" } });
    const list = await call(membersRoute.GET, { sessionUserId: op.id, params: { pk: p.key } });
    expect(list.json.results).toEqual([{ email: "new.person@example.test", name: null, role: "member" }]);
    const bad = await call(membersRoute.POST, { method: "POST", sessionUserId: op.id, params: { pk: p.key }, body: { email: "nope", role: "king" } });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.json.errors).sort()).toEqual(["email", "role"]);
  });
});

describe("platform catalog API", () => {
  it("creates, reads, changes and removes items, for the platform's admins", async () => {
    const p = await createPlatform();
    const admin = await createUser({ platformId: p.id, role: "admin" });
    const learner = await createUser({ platformId: p.id, role: "member" });
    const pk = p.key;
    const item = { pk, type: "course", id: "py-101" };

    const created = await call(catalogRoute.POST, { method: "POST", sessionUserId: admin.id, params: { pk }, body: { item_type: "course", item_id: "py-101", name: "Python" } });
    expect(created.status).toBe(201);
    expect(created.json).toEqual({ item_type: "course", item_id: "py-101", type_label: "Course", name: "Python", description: "", url: null });
    const dup = await call(catalogRoute.POST, { method: "POST", sessionUserId: admin.id, params: { pk }, body: { item_type: "course", item_id: "py-101", name: "Again" } });
    expect(dup.status).toBe(409);
    expect(dup.json.code).toBe("catalog_item_exists");

    const list = await call(catalogRoute.GET, { sessionUserId: admin.id, params: { pk } });
    expect(list.json.results).toHaveLength(1);
    const patched = await call(catalogItemRoute.PATCH, { method: "PATCH", sessionUserId: admin.id, params: item, body: { url: "https://example.test/py" } });
    expect(patched.status).toBe(200);
    expect(patched.json.url).toBe("https://example.test/py");
    expect((await call(catalogItemRoute.GET, { sessionUserId: admin.id, params: item })).json.name).toBe("Python");
    expect((await call(catalogItemRoute.GET, { sessionUserId: learner.id, params: item })).status).toBe(403);

    const removed = await call(catalogItemRoute.DELETE, { method: "DELETE", sessionUserId: admin.id, params: item });
    expect(removed.status).toBe(204);
    expect(removed.text).toBe("");
    expect((await call(catalogItemRoute.GET, { sessionUserId: admin.id, params: item })).status).toBe(404);
  });
});
