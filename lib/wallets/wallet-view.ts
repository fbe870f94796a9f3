import "server-only";
import { db } from "@/lib/db";
import type { Platform, Wallet } from "@/lib/db";
import { BadRequestError } from "@/lib/api/errors";
import { pageArgs, pageOf, type PageQuery } from "@/lib/api/pagination";
import { effectiveCaps, periodSpend, walletFor } from "./wallet-ledger";
import { topUpUrl } from "./top-up-url";
import type { AdminCapsInput, UserCapsInput, WalletListItem, WalletView } from "./wallet-schema";

// What the wallet endpoints show: balance, caps and the current period's spend.

type CapFields = Pick<Wallet, "dailyCap" | "monthlyCap" | "userDailyCap" | "userMonthlyCap" | "dayStart" | "daySpent" | "monthStart" | "monthSpent">;
const EMPTY: CapFields & { balance: number } = {
  balance: 0,
  dailyCap: null,
  monthlyCap: null,
  userDailyCap: null,
  userMonthlyCap: null,
  dayStart: new Date(0),
  daySpent: 0,
  monthStart: new Date(0),
  monthSpent: 0,
};

function capsView(w: CapFields, platform: Platform) {
  const eff = effectiveCaps(w, platform);
  return {
    daily_cap: w.dailyCap,
    monthly_cap: w.monthlyCap,
    user_daily_cap: w.userDailyCap,
    user_monthly_cap: w.userMonthlyCap,
    effective_daily: eff.daily,
    effective_monthly: eff.monthly,
  };
}

function periodView(w: CapFields) {
  const p = periodSpend(w);
  return { day_spent: p.daySpent, month_spent: p.monthSpent };
}

/** The wallet of (platform, user) as the API shows it; a user without one sees a zero balance. */
export async function walletView(platform: Platform, userId: string, externalId: string | null): Promise<WalletView> {
  const w = (await db.wallet.findUnique({ where: { platformId_userId: { platformId: platform.id, userId } } })) ?? EMPTY;
  return {
    user_id: userId,
    external_id: externalId,
    balance: w.balance,
    currency: platform.creditCurrency,
    credit_unit_micros: platform.creditUnitMicros,
    caps: capsView(w, platform),
    period: periodView(w),
    top_up_url: topUpUrl(platform.key),
  };
}

/** The platform's wallets, most recently changed first. */
export async function listWallets(platform: Platform, q: PageQuery) {
  const where = { platformId: platform.id };
  const [rows, count] = await Promise.all([
    db.wallet.findMany({ where, orderBy: [{ updatedAt: "desc" }, { id: "asc" }], ...pageArgs(q) }),
    db.wallet.count({ where }),
  ]);
  const userIds = rows.map((r) => r.userId);
  const [users, externals] = await Promise.all([
    db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, email: true } }),
    db.externalUser.findMany({ where: { platformId: platform.id, userId: { in: userIds } } }),
  ]);
  const emails = new Map(users.map((u) => [u.id, u.email]));
  const ext = new Map(externals.map((e) => [e.userId, e.externalId]));
  const results: WalletListItem[] = rows.map((w) => {
    const email = emails.get(w.userId) ?? null;
    return {
      user_id: w.userId,
      external_id: ext.get(w.userId) ?? null,
      // pseudonymous users have a placeholder address, not an e-mail
      email: email && !email.endsWith("@external.invalid") ? email : null,
      balance: w.balance,
      caps: capsView(w, platform),
      period: periodView(w),
      updated_at: w.updatedAt.toISOString(),
    };
  });
  return pageOf(results, count, q);
}

/** Admin caps (null clears: the platform default applies). */
export async function setAdminCaps(platform: Platform, userId: string, input: AdminCapsInput) {
  const wallet = await walletFor(platform.id, userId);
  await db.wallet.update({
    where: { id: wallet.id },
    data: {
      ...(input.daily_cap !== undefined && { dailyCap: input.daily_cap }),
      ...(input.monthly_cap !== undefined && { monthlyCap: input.monthly_cap }),
    },
  });
}

/** A user's own caps: only lower than what the admin (or the platform default) allows. */
export async function setUserCaps(platform: Platform, userId: string, input: UserCapsInput) {
  const wallet = await walletFor(platform.id, userId);
  const adminDaily = wallet.dailyCap ?? platform.defaultDailyCap;
  const adminMonthly = wallet.monthlyCap ?? platform.defaultMonthlyCap;
  const above = (v: number | null | undefined, limit: number | null) => v !== undefined && v !== null && limit !== null && v > limit;
  if (above(input.user_daily_cap, adminDaily) || above(input.user_monthly_cap, adminMonthly)) {
    throw new BadRequestError("A cap you set can only be lower than the one your platform set.", { daily_limit: adminDaily, monthly_limit: adminMonthly }, "cap_above_limit");
  }
  await db.wallet.update({
    where: { id: wallet.id },
    data: {
      ...(input.user_daily_cap !== undefined && { userDailyCap: input.user_daily_cap }),
      ...(input.user_monthly_cap !== undefined && { userMonthlyCap: input.user_monthly_cap }),
    },
  });
}
