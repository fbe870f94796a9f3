import "server-only";
import { env } from "@/lib/config/env";

/** Where a buyer tops up their wallet on a platform (the buyer wallet page). */
export function topUpUrl(platformKey: string): string {
  return `${env().APP_URL}/p/${encodeURIComponent(platformKey)}/wallet`;
}
