import type { PrismaClient } from "@/lib/db/generated/client";

// The demo's usage-credits side: acme's Calculus Tutor agent answers through the built-in Local
// model and is paid per request from the learner's wallet. Takes the client it is given and no
// server-only module, because `npm run db:seed` runs it outside Next. Safe to run again.

export const DEMO_AGENT = { itemType: "mentor", itemId: "calculus-tutor" } as const;
export const DEMO_MODEL = "calculus-tutor";
export const LOCAL_MODEL_PROVIDER = "Local model";
export const WELCOME_CREDITS = 30;

// 1 credit = 1,000,000 micro-credits; the minimum per request is what a short chat turn costs
const DEMO_MODEL_PRICE = { promptMicrosPer1k: 500_000, completionMicrosPer1k: 1_500_000, markupBps: 0, minCredits: 10 };
const DEMO_PACKS = [
  { name: "Starter", credits: 100, amount: 100, currency: "usd", sortOrder: 0 },
  { name: "Study pack", credits: 500, amount: 400, currency: "usd", sortOrder: 1 },
];

export const welcomeSourceKey = (userId: string) => `seed:welcome:${userId}`;

export async function seedDemoCredits(db: PrismaClient, platformId: string, learnerId: string): Promise<void> {
  const provider =
    (await db.modelProvider.findFirst({ where: { platformId, baseUrl: null, name: LOCAL_MODEL_PROVIDER }, orderBy: { createdAt: "asc" } })) ??
    (await db.modelProvider.create({ data: { platformId, name: LOCAL_MODEL_PROVIDER, baseUrl: null } }));
  await db.modelPrice.upsert({
    where: { platformId_model: { platformId, model: DEMO_MODEL } },
    update: {},
    create: { platformId, providerId: provider.id, model: DEMO_MODEL, ...DEMO_MODEL_PRICE, ...DEMO_AGENT },
  });

  for (const pack of DEMO_PACKS) {
    const found = await db.creditPack.findFirst({ where: { platformId, name: pack.name }, select: { id: true } });
    if (!found) await db.creditPack.create({ data: { platformId, ...pack } });
  }

  // the welcome deposit, once: its source key is unique, and the entry and balance move together
  const sourceKey = welcomeSourceKey(learnerId);
  await db.$transaction(async (tx) => {
    if (await tx.walletEntry.findUnique({ where: { sourceKey }, select: { id: true } })) return;
    const wallet = await tx.wallet.upsert({
      where: { platformId_userId: { platformId, userId: learnerId } },
      update: { balance: { increment: WELCOME_CREDITS } },
      create: { platformId, userId: learnerId, balance: WELCOME_CREDITS },
    });
    await tx.walletEntry.create({
      data: { walletId: wallet.id, platformId, kind: "deposit", amount: WELCOME_CREDITS, balanceAfter: wallet.balance, sourceKey, reason: "Welcome credits" },
    });
  });
}
