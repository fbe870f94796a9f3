import crypto from "node:crypto";

// pg-boss job ids derived from what the job does, so queueing the same attempt twice (a retried
// fan-out, a double-clicked redelivery) adds one job.

function uuidFrom(text: string): string {
  const h = crypto.createHash("sha256").update(text).digest("hex");
  const variant = ((parseInt(h[16], 16) & 3) | 8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export const deliveryJobId = (deliveryId: string, attempt: number, manual = false) =>
  uuidFrom(`webhook.deliver:${deliveryId}:${attempt}${manual ? ":manual" : ""}`);
