// Per-attempt test data: every test that buys something makes its own buyer and its own item, so
// a retry (or --repeat-each) never meets what an earlier attempt already bought.
import crypto from "node:crypto";
import { expect, request as apiRequest, type APIRequestContext, type Page, type TestInfo } from "@playwright/test";
import { signInWithMagicLink } from "./auth";
import { BASE_URL } from "./env";
import { apiSignIn } from "./stripe";

const origin = { Origin: BASE_URL };

/** Unique per attempt: the retry number, the time and a random part (lowercase, URL- and id-safe). */
export function uniqueTag(testInfo: TestInfo): string {
  return `r${testInfo.retry}-${Date.now().toString(36)}-${crypto.randomBytes(3).toString("hex")}`;
}

/** A never-seen e-mail address, e.g. `guest-r0-m3x9k2-a1b2c3@example.test`. */
export function freshEmail(testInfo: TestInfo, prefix: string): string {
  return `${prefix}-${uniqueTag(testInfo)}@example.test`;
}

/** Makes `email` a member of acme (creating the user) through the operator API. */
export async function addAcmeMember(email: string, role: "member" | "admin" = "member") {
  const operator = await apiRequest.newContext({ baseURL: BASE_URL });
  try {
    await apiSignIn(operator, "operator@tollgate.test");
    const res = await operator.post("/api/operator/platforms/acme/members", { headers: origin, data: { email, role } });
    expect(res.status(), await res.text()).toBe(201);
  } finally {
    await operator.dispose();
  }
}

/**
 * A brand-new learner of acme, signed in on `page` by magic link (new users have no password).
 * Returns the e-mail.
 */
export async function freshAcmeLearner(page: Page, testInfo: TestInfo, prefix = "learner"): Promise<string> {
  const email = freshEmail(testInfo, prefix);
  await addAcmeMember(email);
  await signInWithMagicLink(page, email);
  return email;
}

export type AcmeItem = { type: string; id: string; name: string; path: string };

/**
 * A new catalog item of acme, named `${name} ${tag}` with id `${slug}-${tag}`; `request` is
 * signed in as acme's owner.
 */
export async function createAcmeItem(request: APIRequestContext, testInfo: TestInfo, { type, name }: { type: string; name: string }): Promise<AcmeItem> {
  const tag = uniqueTag(testInfo);
  const id = `${name.toLowerCase().replace(/[^a-z0-9]+/g, "-")}-${tag}`;
  const fullName = `${name} ${tag}`;
  await apiSignIn(request, "owner@acme.test");
  const res = await request.post("/api/platforms/acme/catalog/", { headers: origin, data: { item_type: type, item_id: id, name: fullName } });
  expect(res.status(), await res.text()).toBe(201);
  return { type, id, name: fullName, path: `/p/acme/items/${encodeURIComponent(type)}/${encodeURIComponent(id)}` };
}
