import "server-only";
import { db } from "@/lib/db";
import type { Platform } from "@/lib/db";
import type { PlatformRole } from "@/lib/platforms/platform-access";
import type { NotificationSettings, NotificationSettingsInput } from "./notification-settings-schema";

type Flags = Pick<Platform, "notifyOwnerNewSale" | "notifyOwnerRefund" | "notifyOwnerDispute">;

function view(p: Flags, role: PlatformRole): NotificationSettings {
  return { new_sale: p.notifyOwnerNewSale, refund: p.notifyOwnerRefund, dispute: p.notifyOwnerDispute, is_owner: role === "owner" };
}

export function getNotificationSettings(platform: Platform, role: PlatformRole): NotificationSettings {
  return view(platform, role);
}

/** Changes only the settings given; an empty body answers the current ones. */
export async function updateNotificationSettings(platform: Platform, role: PlatformRole, input: NotificationSettingsInput): Promise<NotificationSettings> {
  const data = {
    ...(input.new_sale !== undefined && { notifyOwnerNewSale: input.new_sale }),
    ...(input.refund !== undefined && { notifyOwnerRefund: input.refund }),
    ...(input.dispute !== undefined && { notifyOwnerDispute: input.dispute }),
  };
  if (!Object.keys(data).length) return view(platform, role);
  const updated = await db.platform.update({ where: { id: platform.id }, data, select: { notifyOwnerNewSale: true, notifyOwnerRefund: true, notifyOwnerDispute: true } });
  return view(updated, role);
}
