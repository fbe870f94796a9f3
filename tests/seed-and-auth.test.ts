import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { DEMO_PASSWORD, seedDemoData } from "@/lib/db/seed";
import { authOptions } from "@/lib/auth/options";
import { mailSinkPath } from "@/lib/mail/send-mail";
import type { CredentialsConfig } from "next-auth/providers/credentials";
import type { EmailConfig } from "next-auth/providers/email";

function provider<T>(id: string): T {
  const p = authOptions().providers.find((x) => x.id === id);
  if (!p) throw new Error(`no provider ${id}`);
  return ((p as { options?: T }).options ?? p) as T;
}

describe("demo data", () => {
  it("seeds the operator, platforms, members and catalogs, and can run twice", async () => {
    await seedDemoData(db);
    await seedDemoData(db);
    expect(await db.user.count({ where: { email: { endsWith: ".test" } } })).toBe(5);
    const operator = await db.user.findUniqueOrThrow({ where: { email: "operator@tollgate.test" } });
    expect(operator.isOperator).toBe(true);
    const acme = await db.platform.findUniqueOrThrow({ where: { key: "acme" }, include: { memberships: { include: { user: true } } } });
    expect(acme.enableMonetization && acme.showPaywall).toBe(true);
    expect(Object.fromEntries(acme.memberships.map((m) => [m.user.email, m.role]))).toEqual({
      "owner@acme.test": "owner",
      "admin@acme.test": "admin",
      "learner@acme.test": "member",
    });
    for (const key of ["acme", "globex"]) {
      const items = await db.catalogItem.groupBy({ by: ["itemType"], where: { platform: { key } }, _count: true });
      const counts = Object.fromEntries(items.map((i) => [i.itemType, i._count]));
      expect(counts.mentor).toBeGreaterThanOrEqual(4);
      expect(counts.course).toBeGreaterThanOrEqual(4);
      expect(counts.program).toBeGreaterThanOrEqual(3);
      expect(counts.pathway).toBeGreaterThanOrEqual(2);
    }
  });
});

describe("sign-in", () => {
  it("accepts the right password only, case-insensitive on the e-mail", async () => {
    await seedDemoData(db);
    const { authorize } = provider<CredentialsConfig>("credentials");
    const ok = await authorize!({ email: "Owner@Acme.test", password: DEMO_PASSWORD }, {} as never);
    expect(ok).toMatchObject({ email: "owner@acme.test" });
    expect(await authorize!({ email: "owner@acme.test", password: "wrong" }, {} as never)).toBeNull();
    expect(await authorize!({ email: "nobody@acme.test", password: DEMO_PASSWORD }, {} as never)).toBeNull();
    const stored = await db.user.findUniqueOrThrow({ where: { email: "owner@acme.test" } });
    expect(stored.passwordHash).not.toContain(DEMO_PASSWORD);
  });

  it("writes magic links to the mail sink when no SMTP is configured, and rate-limits them per address", async () => {
    const email = provider<EmailConfig>("email");
    const send = (identifier: string, url: string) =>
      email.sendVerificationRequest({ identifier, url, expires: new Date(), provider: email, token: "t", theme: {}, request: new Request("http://x") } as never);
    await send("learner@acme.test", "http://localhost:3000/api/auth/callback/email?token=abc");
    const lines = fs.readFileSync(mailSinkPath(), "utf8").trim().split("\n").map((l) => JSON.parse(l));
    expect(lines.at(-1)).toMatchObject({ to: "learner@acme.test", subject: "Sign in to Tollgate" });
    expect(lines.at(-1).text).toContain("http://localhost:3000/api/auth/callback/email?token=abc");
  });
});
