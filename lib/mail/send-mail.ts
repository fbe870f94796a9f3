import fs from "node:fs/promises";
import path from "node:path";
import { env } from "@/lib/config/env";

/** `messageId`: our e-mail row's id, kept with the message so a copy sent twice can be told apart from two e-mails. */
export type Mail = { to: string; subject: string; text: string; html?: string; messageId?: string };

/** File that receives every message when no SMTP server is configured (one JSON object a line). */
export function mailSinkPath(): string {
  return path.resolve(env().DATA_DIR, "mail", "outbox.jsonl");
}

/**
 * Without SMTP, mail goes to the local outbox file only — fine for the zero-config demo on Local
 * Stripe, never for a real deployment: with a real Stripe key and no SMTP, magic links are off.
 */
export function magicLinksEnabled(): boolean {
  const e = env();
  return Boolean(e.EMAIL_SERVER) || !e.STRIPE_SECRET_KEY;
}

export async function sendMail(mail: Mail): Promise<void> {
  const { EMAIL_SERVER, EMAIL_FROM } = env();
  if (EMAIL_SERVER) {
    const nodemailer = await import("nodemailer");
    const transport = nodemailer.createTransport(EMAIL_SERVER);
    const { messageId, ...message } = mail;
    await transport.sendMail({ from: EMAIL_FROM, ...message, ...(messageId ? { headers: { "X-Tollgate-Message-Id": messageId } } : {}) });
    return;
  }
  const file = mailSinkPath();
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.appendFile(file, JSON.stringify({ ...mail, sentAt: new Date().toISOString() }) + "\n");
  // the body may hold a sign-in link: it stays in the outbox file, never in logs that get shipped
  console.log(`[mail] to ${mail.to}: "${mail.subject}" (no SMTP configured; written to ${file})`);
}
