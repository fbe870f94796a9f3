import "server-only";
import crypto from "node:crypto";
import { Webhook } from "standardwebhooks";

// Standard Webhooks signing: `webhook-signature` carries one `v1,<base64>` per secret in use,
// space-separated, so a receiver still on the previous secret verifies during a rotation.

export function newSecret(): string {
  return `whsec_${crypto.randomBytes(32).toString("base64")}`;
}

export type SigningSecrets = { secret: string; previousSecret: string | null; previousSecretExpiresAt: Date | null };

/** The secrets that sign at `now`: the current one, and the previous one until it expires. */
export function activeSecrets(e: SigningSecrets, now = new Date()): string[] {
  const out = [e.secret];
  if (e.previousSecret && e.previousSecretExpiresAt && e.previousSecretExpiresAt > now) out.push(e.previousSecret);
  return out;
}

export function signatureHeader(secrets: string[], msgId: string, timestamp: Date, body: string): string {
  return secrets.map((s) => new Webhook(s).sign(msgId, timestamp, body)).join(" ");
}

/** The three Standard Webhooks headers for one attempt. */
export function signedHeaders(secrets: string[], msgId: string, body: string, now = new Date()): Record<string, string> {
  return {
    "webhook-id": msgId,
    "webhook-timestamp": String(Math.floor(now.getTime() / 1000)),
    "webhook-signature": signatureHeader(secrets, msgId, now, body),
  };
}
