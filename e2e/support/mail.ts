import fs from "node:fs/promises";
import { expect } from "@playwright/test";
import { MAIL_SINK } from "./env";

export type SentMail = { to: string; subject: string; text: string; html?: string; sentAt: string };

/** Every message in the mail sink, oldest first (empty when nothing was sent yet). */
export async function readMailSink(): Promise<SentMail[]> {
  let raw: string;
  try {
    raw = await fs.readFile(MAIL_SINK, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw e;
  }
  return raw
    .split("\n")
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as SentMail);
}

// receipts and other notices to the same address (sent by the job queue, in any order) carry
// links too; only a sign-in mail carries next-auth's e-mail callback
const SIGN_IN_URL = /https?:\/\/\S+\/api\/auth\/callback\/email\?\S+/;

/**
 * Waits for the newest sign-in mail to `email` sent at or after `since` and returns the sign-in
 * URL in its text.
 */
export async function readMagicLink(email: string, { since = new Date(0), timeout = 15_000 } = {}): Promise<string> {
  let mail: SentMail | undefined;
  await expect
    .poll(
      async () => {
        const mails = await readMailSink();
        mail = mails.filter((m) => m.to === email && new Date(m.sentAt) >= since && SIGN_IN_URL.test(m.text)).at(-1);
        return mail !== undefined;
      },
      { message: `a sign-in mail to ${email} in ${MAIL_SINK}`, timeout },
    )
    .toBe(true);
  const url = mail!.text.match(SIGN_IN_URL)?.[0];
  expect(url, `sign-in URL in the mail text:\n${mail!.text}`).toBeTruthy();
  return url!;
}
