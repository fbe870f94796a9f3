import "server-only";
import { env } from "@/lib/config/env";
import { db } from "@/lib/db";
import type { SaleEvent } from "@/lib/db";
import { enqueueJob } from "@/lib/jobs/queue";
import { saleEventSchema } from "@/lib/sale-events/sale-event-schema";
import { planEmails } from "./email-plan";
import { EMAIL_TEMPLATES, emailLinks } from "./templates";

/**
 * Writes the e-mails a sale event makes as EmailMessage rows (their unique dedupe keys make this
 * once-only across retries, duplicates and instances) and queues one send job per row still
 * pending, with the row's id as the job's id. Safe to call again for the same event.
 */
export async function queueEmailsForSaleEvent(event: SaleEvent): Promise<void> {
  const payload = saleEventSchema.parse(event.payload);
  const platform = await db.platform.findUnique({
    where: { id: event.platformId },
    select: {
      notifyOwnerNewSale: true,
      notifyOwnerRefund: true,
      notifyOwnerDispute: true,
      memberships: { where: { role: "owner" }, select: { user: { select: { email: true } } } },
    },
  });
  if (!platform) return;
  const planned = planEmails(
    { id: event.id, payload },
    platform.memberships.map((m) => m.user.email),
    { newSale: platform.notifyOwnerNewSale, refund: platform.notifyOwnerRefund, dispute: platform.notifyOwnerDispute },
  );
  if (!planned.length) return;

  const links = emailLinks(env().APP_URL);
  await db.emailMessage.createMany({
    data: planned.map((p) => ({ kind: p.kind, dedupeKey: p.dedupeKey, platformId: event.platformId, to: p.to, ...EMAIL_TEMPLATES[p.kind](payload, links) })),
    skipDuplicates: true,
  });
  const pending = await db.emailMessage.findMany({
    where: { dedupeKey: { in: planned.map((p) => p.dedupeKey) }, status: "pending" },
    select: { id: true },
  });
  for (const { id } of pending) await enqueueJob("email.send", { emailId: id }, { id });
}
