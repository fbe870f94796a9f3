import "server-only";
import { db } from "@/lib/db";
import { QUEUE_OPTIONS } from "@/lib/jobs/queue";
import { sendMail } from "./send-mail";

/** Sends after which an e-mail is given up and marked failed: the first run and each of the queue's retries. */
export const EMAIL_MAX_ATTEMPTS = 1 + (QUEUE_OPTIONS["email.send"].retryLimit ?? 0);

/**
 * The "email.send" job: sends one EmailMessage row unless it already went out. A failure counts
 * the attempt, keeps the error and rethrows so the queue retries with backoff; the last one the
 * queue makes marks the row failed (the job stays failed for the operator to see). The row is
 * marked sent only while still pending, so a second run sends nothing.
 */
export async function sendEmailJob(data: { emailId: string }): Promise<void> {
  const row = await db.emailMessage.findUnique({ where: { id: data.emailId } });
  if (!row || row.status !== "pending") return;
  try {
    await sendMail({ to: row.to, subject: row.subject, text: row.text, html: row.html, messageId: row.id });
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).slice(0, 1000);
    const updated = await db.emailMessage.update({ where: { id: row.id }, data: { attempts: { increment: 1 }, lastError: message } });
    if (updated.attempts >= EMAIL_MAX_ATTEMPTS) {
      await db.emailMessage.updateMany({ where: { id: row.id, status: "pending" }, data: { status: "failed" } });
    }
    throw error;
  }
  await db.emailMessage.updateMany({ where: { id: row.id, status: "pending" }, data: { status: "sent", sentAt: new Date(), attempts: { increment: 1 } } });
}
