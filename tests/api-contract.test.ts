import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { Validator } from "@seriousme/openapi-schema-validator";
import { db } from "@/lib/db";
import { ROUTES } from "@/app/api/route-manifest";
import { contractOf } from "@/lib/api/contract";
import { corsPreflight } from "@/lib/api/cors";
import { buildOpenApiDocument, operations, TAGS } from "@/lib/api/openapi";
import { authPaths } from "@/lib/auth/auth-openapi";
import { renderManifest } from "@/scripts/route-manifest";
import pkg from "@/package.json";
import * as schemaRoute from "@/app/api/docs/schema/route";
import * as referenceRoute from "@/app/api/docs/route";
import * as assetRoute from "@/app/api/docs/assets/[file]/route";
import { call } from "./support/http";
import { createPlatform, createUser, tokenFor } from "./support/fixtures";

const HTTP = new Set(["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD"]);

describe("the API contract", () => {
  it("lists every route file in the committed manifest", () => {
    expect(fs.readFileSync("app/api/route-manifest.ts", "utf8"), "run `npm run routes`").toBe(renderManifest());
  });

  it("declares every method of every route with its permission, responses, summary and tags", () => {
    const problems: string[] = [];
    for (const r of ROUTES) {
      if (r.module.OPTIONS !== corsPreflight) problems.push(`${r.file}: no CORS preflight (export { corsPreflight as OPTIONS } from "@/lib/api/cors")`);
      for (const [name, fn] of Object.entries(r.module)) {
        if (!HTTP.has(name)) problems.push(`${r.file}: exports ${name}`);
        if (name === "OPTIONS" || name === "HEAD") continue;
        const c = contractOf(fn);
        if (!c) problems.push(`${r.file} ${name}: not declared with withApi`);
        else if (!c.responses || !Object.keys(c.responses).length || !c.summary || !c.tags.length) problems.push(`${r.file} ${name}: incomplete declaration`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("generates a valid OpenAPI 3.1 document whose paths are exactly the routes", async () => {
    const doc = buildOpenApiDocument(ROUTES, { version: pkg.version, extraPaths: authPaths });
    const result = await new Validator().validate(doc as never);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.info.version).toBe(pkg.version);

    // every tag an operation uses is described once
    const described = new Set(TAGS.map((t) => t.name));
    for (const op of operations(ROUTES)) for (const tag of op.contract!.tags) expect(described.has(tag), `${op.method} ${op.path}: tag ${tag}`).toBe(true);

    // generated clients name their methods by operationId
    const ids = Object.values(doc.paths ?? {}).flatMap((item) => Object.values(item ?? {}).map((op) => (op as { operationId?: string }).operationId));
    expect(ids.every(Boolean)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);

    const served = new Set([...ROUTES.flatMap((r) => r.paths), ...Object.keys(authPaths)]);
    expect(new Set(Object.keys(doc.paths ?? {}))).toEqual(served);
    for (const op of operations(ROUTES)) {
      const entry = (doc.paths?.[op.path] as Record<string, { responses: Record<string, unknown>; security: unknown[] }>)[op.method.toLowerCase()];
      expect(entry, `${op.method} ${op.path}`).toBeDefined();
      expect(Object.keys(entry.responses)).toContain("500");
      if (op.contract!.auth === "public") expect(entry.security).toEqual([]);
      else expect(Object.keys(entry.responses)).toContain("401");
    }
  });

  it("serves the schema as JSON and YAML, and a reference page that loads only our own files", async () => {
    const json = await call(schemaRoute.GET);
    expect(json.status).toBe(200);
    expect(json.headers.get("content-type")).toContain("application/json");
    expect(json.json.info.version).toBe(pkg.version);
    expect(json.json.paths["/api/billing/items/{uid}/paywall/"]).toBeDefined();

    const yaml = await call(schemaRoute.GET, { query: { format: "yaml" } });
    expect(yaml.headers.get("content-type")).toContain("application/yaml");
    expect(parseYaml(yaml.text)).toEqual(json.json);
    expect((await call(schemaRoute.GET, { query: { format: "xml" } })).status).toBe(400);

    const page = await call(referenceRoute.GET);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toContain("text/html");
    const csp = page.headers.get("content-security-policy")!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    const assets = [...page.text.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(assets.length).toBeGreaterThan(2);
    for (const a of assets) expect(a.startsWith("/api/docs/"), a).toBe(true);
    for (const file of ["swagger-ui-bundle.js", "swagger-ui.css", "init.js"]) {
      const res = await call(assetRoute.GET, { params: { file } });
      expect(res.status, file).toBe(200);
      expect(res.text.length).toBeGreaterThan(10);
    }
    expect((await call(assetRoute.GET, { params: { file: "package.json" } })).status).toBe(404);
    expect((await call(assetRoute.GET, { params: { file: "../../../etc/passwd" } })).status).toBe(404);
  });
});

describe("permissions at the declaration, on every admin route", () => {
  it("answers 403 to a member of the platform and 404 to an admin of another platform, on composite and canonical paths", async () => {
    const home = await createPlatform();
    const other = await createPlatform();
    const member = await createUser({ platformId: home.id, role: "member" });
    const otherAdmin = await createUser({ platformId: other.id, role: "admin" });
    const otherToken = await tokenFor(otherAdmin.id, other.key);
    const paywall = await db.paywall.create({ data: { platformId: home.id, itemType: "course", itemId: "algebra", isEnabled: true } });
    const price = await db.price.create({ data: { paywallId: paywall.id, name: "Monthly", amount: 1000, currency: "usd", interval: "month" } });
    const params: Record<string, string> = {
      pk: home.key,
      type: "course",
      id: "algebra",
      uid: paywall.uniqueId,
      price_uid: price.uniqueId,
      price_id: price.uniqueId,
    };

    const checked: string[] = [];
    for (const op of operations(ROUTES)) {
      const c = op.contract!;
      if (c.auth !== "platform-admin" && c.auth !== "platform-owner") continue;
      const names = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      const p = Object.fromEntries(names.map((n) => [n, params[n] ?? "x"]));
      const handler = op.handler as Parameters<typeof call>[0];
      const asMember = await call(handler, { method: op.method, params: p, sessionUserId: member.id, headers: { origin: "http://localhost:3000" } });
      expect(asMember.status, `${op.method} ${op.path} as a member`).toBe(403);
      expect(asMember.json.code).toBe("permission_denied");
      const asStranger = await call(handler, { method: op.method, params: p, token: otherToken });
      expect(asStranger.status, `${op.method} ${op.path} as another platform's admin`).toBe(404);
      checked.push(`${op.method} ${op.path}`);
    }
    // the canonical (uid) and price routes are among them, not only the {pk} ones
    expect(checked.some((c) => c.includes("{uid}"))).toBe(true);
    expect(checked.some((c) => c.includes("{price_uid}"))).toBe(true);
    expect(checked.length).toBeGreaterThan(20);
  });
});
