import "server-only";
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { authSecret } from "@/lib/auth/secret";

// Provider API keys are kept AES-256-GCM encrypted at rest. The key is derived from
// MODEL_PROVIDER_KEY_SECRET when set (so rotating the session secret does not lose them), else from
// the session secret. Format: v1.<iv>.<tag>.<ciphertext>, base64url.

// derived once per secret, not on every proxied request
let derived: { secret: string; key: Buffer } | null = null;

function key(): Buffer {
  const secret = process.env.MODEL_PROVIDER_KEY_SECRET || authSecret();
  if (derived?.secret !== secret) derived = { secret, key: createHash("sha256").update(`tollgate:model-provider-key:${secret}`).digest() };
  return derived.key;
}

export function sealApiKey(plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(), iv);
  const ct = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return ["v1", iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), ct.toString("base64url")].join(".");
}

/** The plain key, or null when it cannot be opened (the secret changed). */
export function openApiKey(sealed: string): string | null {
  const [v, iv, tag, ct] = sealed.split(".");
  if (v !== "v1" || !iv || !tag || ct === undefined) return null;
  try {
    const decipher = createDecipheriv("aes-256-gcm", key(), Buffer.from(iv, "base64url"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(ct, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    return null;
  }
}
