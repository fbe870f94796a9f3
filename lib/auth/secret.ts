import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { env } from "@/lib/config/env";

let secret: string | undefined;

/**
 * NEXTAUTH_SECRET when set. The embedded demo generates one into DATA_DIR on first start so
 * sessions survive restarts; a PostgreSQL deployment must configure it (checked in env).
 */
export function authSecret(): string {
  if (secret) return secret;
  const e = env();
  if (e.NEXTAUTH_SECRET) return (secret = e.NEXTAUTH_SECRET);
  const file = path.resolve(e.DATA_DIR, "nextauth-secret");
  try {
    secret = fs.readFileSync(file, "utf8").trim();
  } catch {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const generated = crypto.randomBytes(32).toString("base64url");
    try {
      fs.writeFileSync(file, generated, { flag: "wx", mode: 0o600 });
      secret = generated;
    } catch {
      // another process wrote it first
      secret = fs.readFileSync(file, "utf8").trim();
    }
  }
  return secret!;
}
