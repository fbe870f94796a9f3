import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import * as rulesRoute from "@/app/api/billing/platforms/[pk]/access-rules/route";
import * as ruleRoute from "@/app/api/billing/platforms/[pk]/access-rules/[id]/route";
import { call } from "./support/http";
import { createPlatform, createUser } from "./support/fixtures";
import { accessCheck, type Item } from "./support/buy";

// Access rules grant an item or a plan without a purchase. No Stripe here: the access check never
// calls it, and paywalls are written directly.

let seq = 0;
const unique = (p: string) => `${p}-${process.pid}-${++seq}`;

/** A platform with an owner, an admin, a member and a paid course (paywall on, no tiers needed). */
async function platformWithCourse() {
  const platform = await createPlatform();
  const admin = await createUser({ platformId: platform.id, role: "admin" });
  const member = await createUser({ platformId: platform.id, role: "member" });
  await db.catalogItem.create({ data: { platformId: platform.id, itemType: "course", itemId: "algebra", name: "Algebra I" } });
  await db.paywall.create({ data: { platformId: platform.id, itemType: "course", itemId: "algebra", itemName: "Algebra I", isEnabled: true } });
  const item: Item = { pk: platform.key, type: "course", id: "algebra" };
  return { platform, pk: platform.key, admin, member, item };
}

type Ctx = Awaited<ReturnType<typeof platformWithCourse>>;

/** A plan (a paywall of type `plan`, item id = its unique id) containing the given courses, each behind a paywall. */
async function planWith(ctx: Ctx, courses: string[]) {
  const uid = crypto.randomUUID();
  const plan = await db.paywall.create({
    data: { platformId: ctx.platform.id, itemType: "plan", itemId: uid, uniqueId: uid, itemName: "All maths", isEnabled: true },
  });
  for (const id of courses) {
    await db.paywall.upsert({
      where: { platformId_itemType_itemId: { platformId: ctx.platform.id, itemType: "course", itemId: id } },
      create: { platformId: ctx.platform.id, itemType: "course", itemId: id, itemName: id, isEnabled: true },
      update: {},
    });
    await db.planItem.create({ data: { paywallId: plan.id, platformId: ctx.platform.id, itemType: "course", itemId: id } });
  }
  return uid;
}

const create = (ctx: Ctx, body: unknown, userId = ctx.admin.id) =>
  call(rulesRoute.POST, { method: "POST", sessionUserId: userId, params: { pk: ctx.pk }, body });
const list = (ctx: Ctx, query: Record<string, string> = {}, userId = ctx.admin.id) =>
  call(rulesRoute.GET, { sessionUserId: userId, params: { pk: ctx.pk }, query });
const read = (ctx: Ctx, id: string, userId = ctx.admin.id) => call(ruleRoute.GET, { sessionUserId: userId, params: { pk: ctx.pk, id } });
const revoke = (ctx: Ctx, id: string, userId = ctx.admin.id) => call(ruleRoute.DELETE, { method: "DELETE", sessionUserId: userId, params: { pk: ctx.pk, id } });

const course = { item_type: "course", item_id: "algebra" };

async function verifiedUser(email: string, platformId?: string) {
  const user = await createUser({ email, platformId });
  return db.user.update({ where: { id: user.id }, data: { emailVerified: new Date() } });
}

describe("access rules: the API", { timeout: 120_000 }, () => {
  it("creates, lists, reads and revokes a rule; each change is audited; revoking twice is a 409", async () => {
    const ctx = await platformWithCourse();
    const res = await create(ctx, { target: course, match: { email_domain: "@School.EDU" } });
    expect(res.status).toBe(201);
    expect(res.json).toEqual({
      id: expect.any(String),
      target: { item_type: "course", item_id: "algebra", name: "Algebra I" },
      match: { email_domain: "school.edu" },
      ends_at: null,
      revoked_at: null,
      status: "active",
      created_at: expect.any(String),
      created_by: ctx.admin.email,
    });
    const stored = await db.accessRule.findUniqueOrThrow({ where: { id: res.json.id } });
    expect(stored).toMatchObject({ platformId: ctx.platform.id, targetType: "course", targetId: "algebra", match: "email_domain", emailDomain: "school.edu", createdById: ctx.admin.id });

    const endsAt = new Date(Date.now() + 7 * 86_400_000).toISOString();
    const second = await create(ctx, { target: course, match: { emails: ["Ada@Example.com", "ada@example.com", " bob@example.com "] }, ends_at: endsAt });
    expect(second.status).toBe(201);
    expect(second.json.match).toEqual({ emails: ["ada@example.com", "bob@example.com"] });
    expect(second.json.ends_at).toBe(endsAt);

    const page = await list(ctx);
    expect(page.status).toBe(200);
    expect(page.json).toMatchObject({ count: 2, next_page: null, previous_page: null });
    expect(page.json.results.map((r: { id: string }) => r.id)).toEqual([second.json.id, res.json.id]);
    expect((await read(ctx, res.json.id)).json).toEqual(res.json);

    const revoked = await revoke(ctx, res.json.id);
    expect(revoked.status).toBe(200);
    expect(revoked.json).toMatchObject({ id: res.json.id, status: "revoked", revoked_at: expect.any(String) });
    expect(await db.accessRule.findUniqueOrThrow({ where: { id: res.json.id } })).toMatchObject({ revokedById: ctx.admin.id });

    const again = await revoke(ctx, res.json.id);
    expect(again.status).toBe(409);
    expect(again.json).toMatchObject({ code: "rule_already_revoked" });

    expect((await list(ctx, { status: "revoked" })).json.results.map((r: { id: string }) => r.id)).toEqual([res.json.id]);
    expect((await list(ctx, { status: "active" })).json.results.map((r: { id: string }) => r.id)).toEqual([second.json.id]);
    expect((await list(ctx, { status: "ended" })).json.count).toBe(0);
    expect((await list(ctx, { item_type: "course", item_id: "algebra" })).json.count).toBe(2);
    expect((await list(ctx, { item_type: "course", item_id: "geometry" })).json.count).toBe(0);
    expect((await list(ctx, { page_size: "1", page: "2" })).json).toMatchObject({ count: 2, previous_page: 1, next_page: null });

    const audits = await db.auditLog.findMany({ where: { platformId: ctx.platform.id, action: { startsWith: "access_rule." } }, orderBy: { createdAt: "asc" } });
    expect(audits.map((a) => [a.action, a.target, a.actorId])).toEqual([
      ["access_rule.created", res.json.id, ctx.admin.id],
      ["access_rule.created", second.json.id, ctx.admin.id],
      ["access_rule.revoked", res.json.id, ctx.admin.id],
    ]);
    expect(audits[0].data).toMatchObject({ target: course, match: "email_domain", email_domain: "school.edu", ends_at: null });
    expect(audits[1].data).toMatchObject({ match: "emails", emails_count: 2, ends_at: endsAt });
  });

  it("validates the body as the issue states it", async () => {
    const ctx = await platformWithCourse();
    const bad = async (body: unknown) => {
      const res = await create(ctx, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      return res.json;
    };
    expect(await bad({ target: course, match: { email_domain: "school.edu", role: "member" } })).toMatchObject({ code: "validation_error" });
    expect(await bad({ target: course, match: {} })).toMatchObject({ code: "validation_error" });
    expect((await bad({ target: course, match: { email_domain: "not a domain" } })).errors).toHaveProperty(["match.email_domain"]);
    expect((await bad({ target: course, match: { email_domain: "localhost" } })).errors).toHaveProperty(["match.email_domain"]);
    expect(await bad({ target: course, match: { role: "superuser" } })).toMatchObject({ code: "validation_error" });
    expect(await bad({ target: course, match: { emails: [] } })).toMatchObject({ code: "validation_error" });
    expect(await bad({ target: course, match: { emails: ["ada@example.com", "nope"] } })).toMatchObject({ code: "validation_error" });
    const many = Array.from({ length: 1001 }, (_, i) => `u${i}@example.com`);
    expect(await bad({ target: course, match: { emails: many } })).toMatchObject({ code: "validation_error" });
    expect((await bad({ target: course, match: { role: "member" }, ends_at: new Date(Date.now() - 60_000).toISOString() })).errors).toHaveProperty(["ends_at"]);
    expect(await bad({ target: { ...course, plan_id: crypto.randomUUID() }, match: { role: "member" } })).toMatchObject({ code: "validation_error" });
    expect(await bad({ target: { item_type: "course" }, match: { role: "member" } })).toMatchObject({ code: "validation_error" });
    expect(await bad({ target: course, match: { role: "member" }, extra: 1 })).toMatchObject({ code: "validation_error" });

    // a list of exactly 1000 is fine
    expect((await create(ctx, { target: course, match: { emails: many.slice(0, 1000) } })).status).toBe(201);
    expect(await db.accessRule.count({ where: { platformId: ctx.platform.id } })).toBe(1);
  });

  it("refuses a target the platform does not have (400 unknown_target); custom types are normalized", async () => {
    const ctx = await platformWithCourse();
    expect((await create(ctx, { target: { item_type: "course", item_id: "nope" }, match: { role: "member" } })).json).toMatchObject({ code: "unknown_target" });
    expect((await create(ctx, { target: { plan_id: crypto.randomUUID() }, match: { role: "member" } })).json).toMatchObject({ code: "unknown_target" });
    expect((await create(ctx, { target: { plan_id: "not-a-uuid" }, match: { role: "member" } })).json).toMatchObject({ code: "unknown_target" });
    // another platform's item is unknown here
    const other = await platformWithCourse();
    await db.catalogItem.create({ data: { platformId: other.platform.id, itemType: "course", itemId: "theirs", name: "Theirs" } });
    const theirs = await create(ctx, { target: { item_type: "course", item_id: "theirs" }, match: { role: "member" } });
    expect(theirs.status).toBe(400);
    expect(theirs.json.code).toBe("unknown_target");
    expect(await db.accessRule.count({ where: { platformId: ctx.platform.id } })).toBe(0);

    // a catalog item without a paywall, of a custom type named without its prefix
    await db.catalogItem.create({ data: { platformId: ctx.platform.id, itemType: "custom:workshop", itemId: "w1", name: "Workshop" } });
    const custom = await create(ctx, { target: { item_type: "workshop", item_id: "w1" }, match: { role: "member" } });
    expect(custom.status).toBe(201);
    expect(custom.json.target).toEqual({ item_type: "custom:workshop", item_id: "w1", name: "Workshop" });

    const planId = await planWith(ctx, ["algebra"]);
    const plan = await create(ctx, { target: { plan_id: planId }, match: { role: "member" } });
    expect(plan.status).toBe(201);
    expect(plan.json.target).toEqual({ item_type: "plan", item_id: planId, name: "All maths" });
    expect((await list(ctx, { plan_id: planId })).json.results.map((r: { id: string }) => r.id)).toEqual([plan.json.id]);
  });

  it("is for the platform's admins: 401 signed out, 403 for a member, 404 for another platform's admin or rule", async () => {
    const ctx = await platformWithCourse();
    const made = await create(ctx, { target: course, match: { role: "member" } });
    expect(made.status).toBe(201);

    expect((await call(rulesRoute.GET, { params: { pk: ctx.pk } })).status).toBe(401);
    expect((await list(ctx, {}, ctx.member.id)).status).toBe(403);
    expect((await create(ctx, { target: course, match: { role: "member" } }, ctx.member.id)).status).toBe(403);
    expect((await revoke(ctx, made.json.id, ctx.member.id)).status).toBe(403);

    const other = await platformWithCourse();
    expect((await list(ctx, {}, other.admin.id)).status).toBe(404);
    expect((await read(ctx, made.json.id, other.admin.id)).status).toBe(404);
    expect((await revoke(ctx, made.json.id, other.admin.id)).status).toBe(404);
    // another platform's rule through one's own platform
    expect((await read(other, made.json.id)).status).toBe(404);
    expect((await revoke(other, made.json.id)).status).toBe(404);
    expect((await read(ctx, "no-such-rule")).status).toBe(404);
    expect(await db.accessRule.findUniqueOrThrow({ where: { id: made.json.id } })).toMatchObject({ revokedAt: null });
  });
});

describe("access rules: the access check honours them", { timeout: 120_000 }, () => {
  it("a domain rule grants users whose e-mail at that domain is verified, and nobody else", async () => {
    const ctx = await platformWithCourse();
    const domain = `${unique("school")}.edu`;
    const verified = await verifiedUser(`Ada@${domain}`);
    const unverified = await createUser({ email: `bob@${domain}` });
    const sub = await verifiedUser(`eve@sub.${domain}`);
    const lookalike = await verifiedUser(`mallory@evil${domain}`);

    expect((await accessCheck(verified.id, ctx.item)).status).toBe(402);
    const rule = await create(ctx, { target: course, match: { email_domain: `@${domain.toUpperCase()}` } });
    expect(rule.status).toBe(201);

    const granted = await accessCheck(verified.id, ctx.item);
    expect(granted.status).toBe(200);
    expect(granted.json).toMatchObject({ has_access: true, reason: "rule", rule: { id: rule.json.id, ends_at: null } });
    // SECURITY: an address nobody proved owning grants nothing
    expect((await accessCheck(unverified.id, ctx.item)).json).toMatchObject({ has_access: false, reason: "no_subscription" });
    expect((await accessCheck(sub.id, ctx.item)).status).toBe(402);
    expect((await accessCheck(lookalike.id, ctx.item)).status).toBe(402);
    // only the target
    await db.paywall.create({ data: { platformId: ctx.platform.id, itemType: "course", itemId: "geometry", isEnabled: true } });
    expect((await accessCheck(verified.id, { ...ctx.item, id: "geometry" })).status).toBe(402);
  });

  it("a role rule grants members of that role on this platform only", async () => {
    const ctx = await platformWithCourse();
    const outsider = await verifiedUser(`${unique("out")}@example.com`);
    const other = await platformWithCourse();
    await create(ctx, { target: course, match: { role: "member" } });

    expect((await accessCheck(ctx.member.id, ctx.item)).json).toMatchObject({ has_access: true, reason: "rule" });
    expect((await accessCheck(outsider.id, ctx.item)).status).toBe(402);
    // a member of another platform is no member here
    expect((await accessCheck(other.member.id, ctx.item)).status).toBe(402);
    // nor does the rule open the other platform's course of the same id
    expect((await accessCheck(ctx.member.id, other.item)).status).toBe(402);
  });

  it("a list rule grants the listed verified addresses, case-insensitively", async () => {
    const ctx = await platformWithCourse();
    const email = `${unique("listed")}@example.com`;
    const listed = await verifiedUser(email);
    const listedUnverified = await createUser({ email: `${unique("listed")}@example.com` });
    const notListed = await verifiedUser(`${unique("other")}@example.com`);
    await create(ctx, { target: course, match: { emails: [email.toUpperCase(), listedUnverified.email] } });

    expect((await accessCheck(listed.id, ctx.item)).json).toMatchObject({ has_access: true, reason: "rule" });
    expect((await accessCheck(listedUnverified.id, ctx.item)).status).toBe(402);
    expect((await accessCheck(notListed.id, ctx.item)).status).toBe(402);
  });

  it("an ended rule and a revoked rule grant nothing; a rule ending later still grants and says until when", async () => {
    const ctx = await platformWithCourse();
    const email = `${unique("temp")}@example.com`;
    const user = await verifiedUser(email);
    // ended yesterday (the API refuses a past end, so written directly)
    await db.accessRule.create({
      data: { platformId: ctx.platform.id, targetType: "course", targetId: "algebra", match: "emails", emails: [email], endsAt: new Date(Date.now() - 86_400_000), createdById: ctx.admin.id },
    });
    expect((await accessCheck(user.id, ctx.item)).status).toBe(402);
    expect((await list(ctx, { status: "ended" })).json.results.map((r: { status: string }) => r.status)).toEqual(["ended"]);

    const endsAt = new Date(Date.now() + 3_600_000).toISOString();
    const rule = await create(ctx, { target: course, match: { emails: [email] }, ends_at: endsAt });
    const granted = await accessCheck(user.id, ctx.item);
    expect(granted.status).toBe(200);
    expect(granted.json).toMatchObject({ reason: "rule", rule: { id: rule.json.id, ends_at: endsAt } });

    expect((await revoke(ctx, rule.json.id)).status).toBe(200);
    // the very next check
    expect((await accessCheck(user.id, ctx.item)).json).toMatchObject({ has_access: false, reason: "no_subscription" });
  });

  it("a rule on a plan grants every item of the plan and only those", async () => {
    const ctx = await platformWithCourse();
    const planId = await planWith(ctx, ["algebra", "calculus"]);
    await db.paywall.create({ data: { platformId: ctx.platform.id, itemType: "course", itemId: "history", isEnabled: true } });
    const made = await create(ctx, { target: { plan_id: planId }, match: { role: "member" } });
    expect(made.status).toBe(201);

    expect((await accessCheck(ctx.member.id, ctx.item)).json).toMatchObject({ has_access: true, reason: "rule" });
    expect((await accessCheck(ctx.member.id, { ...ctx.item, id: "calculus" })).json).toMatchObject({ has_access: true, reason: "rule" });
    expect((await accessCheck(ctx.member.id, { ...ctx.item, id: "history" })).status).toBe(402);
  });
});
