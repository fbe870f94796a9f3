import fs from "node:fs/promises";
import path from "node:path";
import { env } from "@/lib/config/env";

export type Mail = { to: string; subject: string; text: string; html?: string };

/** File that receives every message when no SMTP server is configured (one JSON object a line). */
export function mailSinkPath(): string {
  return path.resolve(env().DATA_DIR, "mail", "outbox.jsonl");
}

export async function sendMail(mail: Mail): Promise<void> {
  const { EMAIL_SERVER, EMAIL_FROM } = env();
  if (EMAIL_SERVER) {
    const nodemailer = await import("nodemailer");
    const transport = nodemailer.createTransport(EMAIL_SERVER);
    await transport.sendMail({ from: EMAIL_FROM, ...mail });
    return;
  }
  const file = mailSinkPath();
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.appendFile(file, JSON.stringify({ ...mail, sentAt: new Date().toISOString() }) + "\n");
  console.log(`\n[mail] to ${mail.to}: ${mail.subject}\n${mail.text}\n`);
}
