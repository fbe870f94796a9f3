import "server-only";
import { db } from "@/lib/db";
import type { Platform, User } from "@/lib/db";
import { audit } from "@/lib/platforms/audit";
import type { TipSettings, TipSettingsInput } from "./tip-settings-schema";

export const tipSettings = (p: Pick<Platform, "tipsEnabled">): TipSettings => ({ tips_enabled: p.tipsEnabled });

export async function updateTipSettings(platform: Platform, input: TipSettingsInput, actor: User): Promise<TipSettings> {
  if (input.tips_enabled === platform.tipsEnabled) return tipSettings(platform);
  const updated = await db.$transaction(async (tx) => {
    const row = await tx.platform.update({ where: { id: platform.id }, data: { tipsEnabled: input.tips_enabled }, select: { tipsEnabled: true } });
    await audit({ actorId: actor.id, platformId: platform.id, action: input.tips_enabled ? "tips.enabled" : "tips.disabled" }, tx);
    return row;
  });
  return tipSettings(updated);
}
