// Signing in as people who have no password: the magic link lands in DATA_DIR/mail/outbox.jsonl
// when no SMTP server is configured; following it gives a session cookie (and claims guest
// purchases made with that e-mail, as a real sign-in does).
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { describeFetchError, sleep } from "./http";

function outboxLinks(dataDir: string, email: string): string[] {
  const file = path.join(dataDir, "mail", "outbox.jsonl");
  if (!fs.existsSync(file)) return [];
  const links: string[] = [];
  for (const line of fs.readFileSync(file, "utf8").split("\n")) {
    if (!line.trim()) continue;
    try {
      const mail = JSON.parse(line) as { to: string; text: string };
      if (mail.to.toLowerCase() !== email.toLowerCase()) continue;
      const m = /https?:\/\/\S+\/api\/auth\/callback\/email\S*/.exec(mail.text);
      if (m) links.push(m[0]);
    } catch {}
  }
  return links;
}

/** A client address of its own per person (magic links are limited per client address too). */
export function clientAddressFor(email: string): string {
  const h = crypto.createHash("sha256").update(email).digest();
  return `10.${h[0]}.${h[1]}.${(h[2] % 250) + 1}`;
}

/** Signs in by magic link on the app at `base` (whose DATA_DIR is `dataDir`); returns a Cookie header value. */
export async function magicSignIn(base: string, dataDir: string, email: string): Promise<string> {
  try {
    return await magicSignInOnce(base, dataDir, email);
  } catch (e) {
    throw new Error(`magic-link sign-in of ${email} on ${base}: ${describeFetchError(e)}`);
  }
}

async function magicSignInOnce(base: string, dataDir: string, email: string): Promise<string> {
  const before = outboxLinks(dataDir, email).length;
  const xff = { "x-forwarded-for": clientAddressFor(email) };
  const csrfRes = await fetch(`${base}/api/auth/csrf`, { headers: xff });
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const jar = csrfRes.headers.getSetCookie().map((c) => c.split(";")[0]);
  const res = await fetch(`${base}/api/auth/signin/email`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar.join("; "), ...xff },
    body: new URLSearchParams({ csrfToken, email, callbackUrl: `${base}/`, json: "true" }),
  });
  await res.arrayBuffer();
  if (res.status >= 400) throw new Error(`magic link for ${email}: HTTP ${res.status}`);
  let link: string | undefined;
  for (let i = 0; i < 100 && !link; i++) {
    const links = outboxLinks(dataDir, email);
    if (links.length > before) link = links[links.length - 1];
    else await sleep(50);
  }
  if (!link) throw new Error(`no magic link for ${email} in ${dataDir}/mail/outbox.jsonl`);
  // the link names the app's public origin; follow it on this instance
  const u = new URL(link);
  const cb = await fetch(`${base}${u.pathname}${u.search}`, { redirect: "manual", headers: { cookie: jar.join("; "), ...xff } });
  await cb.arrayBuffer();
  const session = cb.headers.getSetCookie().map((c) => c.split(";")[0]).find((c) => c.includes("session-token"));
  if (!session) throw new Error(`magic link for ${email} gave no session (${cb.status} → ${cb.headers.get("location")})`);
  return [...jar, session].join("; ");
}
