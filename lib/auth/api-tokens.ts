import "server-only";
import crypto from "node:crypto";
import { z } from "zod";
import { db } from "@/lib/db";
import { NotFoundError } from "@/lib/api/errors";

export const TOKEN_KEY_PREFIX = "tg_";

export const mintTokenInput = z.object({
  name: z.string().trim().min(1, "Name is required.").max(80),
  platform_key: z.string().trim().min(1, "Choose a platform."),
});
export type MintTokenInput = z.infer<typeof mintTokenInput>;

export function hashTokenKey(key: string): string {
  return crypto.createHash("sha256").update(key).digest("hex");
}

export const apiTokenView = z
  .object({
    id: z.string(),
    name: z.string(),
    prefix: z.string().meta({ description: "The key's first characters, to recognise it." }),
    platform_key: z.string(),
    created_at: z.iso.datetime(),
    last_used_at: z.iso.datetime().nullable(),
    revoked_at: z.iso.datetime().nullable(),
  })
  .meta({ id: "ApiToken" });
export type ApiTokenView = z.infer<typeof apiTokenView>;

export const mintedApiToken = apiTokenView.extend({ key: z.string().meta({ description: "Shown once; only its hash is stored." }) }).meta({ id: "MintedApiToken" });
export const apiTokenList = z.object({ results: z.array(apiTokenView) });

type TokenRow = {
  id: string;
  name: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  platform: { key: string };
};

function view(t: TokenRow): ApiTokenView {
  return {
    id: t.id,
    name: t.name,
    prefix: t.prefix,
    platform_key: t.platform.key,
    created_at: t.createdAt.toISOString(),
    last_used_at: t.lastUsedAt?.toISOString() ?? null,
    revoked_at: t.revokedAt?.toISOString() ?? null,
  };
}

/** Creates a token for one of the user's platforms. The key is returned once and stored only as a hash. */
export async function mintApiToken(userId: string, input: MintTokenInput, isOperator: boolean) {
  const platform = await db.platform.findFirst({
    where: { key: input.platform_key, ...(isOperator ? {} : { memberships: { some: { userId } } }) },
  });
  if (!platform) throw new NotFoundError("Platform not found.");
  const key = TOKEN_KEY_PREFIX + crypto.randomBytes(24).toString("base64url");
  const token = await db.apiToken.create({
    data: { name: input.name, prefix: key.slice(0, 10), tokenHash: hashTokenKey(key), userId, platformId: platform.id },
    include: { platform: { select: { key: true } } },
  });
  return { ...view(token), key };
}

export async function listApiTokens(userId: string): Promise<ApiTokenView[]> {
  const tokens = await db.apiToken.findMany({
    where: { userId },
    orderBy: { createdAt: "desc" },
    include: { platform: { select: { key: true } } },
  });
  return tokens.map(view);
}

export async function revokeApiToken(userId: string, id: string): Promise<ApiTokenView> {
  const token = await db.apiToken.findFirst({ where: { id, userId }, include: { platform: { select: { key: true } } } });
  if (!token) throw new NotFoundError("Token not found.");
  if (token.revokedAt) return view(token);
  const updated = await db.apiToken.update({
    where: { id },
    data: { revokedAt: new Date() },
    include: { platform: { select: { key: true } } },
  });
  return view(updated);
}
