import { z } from "zod";
import { pageSchema } from "@/lib/api/pagination";

// Wallet API shapes. Pure: the UI imports the types.

const credits = z.number().int();
const cap = z.number().int().min(0).max(1_000_000_000).nullable();
const metadata = z.record(z.string(), z.unknown());

export const walletParams = z.object({ pk: z.string().min(1).max(255), user: z.string().min(1).max(200) });

export const walletCapsSchema = z
  .object({
    daily_cap: credits.nullable().meta({ description: "Admin cap per UTC day (null: the platform default applies)." }),
    monthly_cap: credits.nullable().meta({ description: "Admin cap per UTC month (null: the platform default applies)." }),
    user_daily_cap: credits.nullable().meta({ description: "A lower daily cap the user set." }),
    user_monthly_cap: credits.nullable().meta({ description: "A lower monthly cap the user set." }),
    effective_daily: credits.nullable().meta({ description: "The daily cap that binds (null: none)." }),
    effective_monthly: credits.nullable().meta({ description: "The monthly cap that binds (null: none)." }),
  })
  .meta({ id: "WalletCaps" });

export const walletSchema = z
  .object({
    user_id: z.string(),
    external_id: z.string().nullable(),
    balance: credits,
    currency: z.string().meta({ description: "The currency a credit is priced in." }),
    credit_unit_micros: z.number().int().meta({ description: "Micro-units of `currency` per credit (10000 = 0.01)." }),
    caps: walletCapsSchema,
    period: z.object({ day_spent: credits, month_spent: credits }),
    top_up_url: z.string(),
  })
  .meta({ id: "Wallet" });
export type WalletView = z.infer<typeof walletSchema>;

export const walletListItemSchema = z
  .object({
    user_id: z.string(),
    external_id: z.string().nullable(),
    email: z.string().nullable().meta({ description: "null for pseudonymous (external id) users." }),
    balance: credits,
    caps: walletCapsSchema,
    period: z.object({ day_spent: credits, month_spent: credits }),
    updated_at: z.string(),
  })
  .meta({ id: "WalletListItem" });
export type WalletListItem = z.infer<typeof walletListItemSchema>;
export const walletPageSchema = pageSchema(walletListItemSchema).meta({ id: "WalletPage" });

export const adminCapsInput = z.object({ daily_cap: cap.optional(), monthly_cap: cap.optional() }).strict();
export const userCapsInput = z.object({ user_daily_cap: cap.optional(), user_monthly_cap: cap.optional() }).strict();
export type AdminCapsInput = z.infer<typeof adminCapsInput>;
export type UserCapsInput = z.infer<typeof userCapsInput>;

export const walletEntryKinds = ["topup", "deposit", "grant", "usage", "refund", "adjustment", "expiry"] as const;

export const walletEntrySchema = z
  .object({
    id: z.string(),
    kind: z.enum(walletEntryKinds),
    amount: credits.meta({ description: "Signed credits: negative for usage and expiry." }),
    balance_after: credits,
    reason: z.string(),
    item_type: z.string().nullable(),
    item_id: z.string().nullable(),
    units: z.number().int().nullable(),
    metadata,
    created_at: z.string(),
  })
  .meta({ id: "WalletEntry" });
export type WalletEntryView = z.infer<typeof walletEntrySchema>;
export const walletEntryPageSchema = pageSchema(walletEntrySchema).meta({ id: "WalletEntryPage" });

export const WALLET_CSV_COLUMNS = ["created_at", "id", "kind", "amount", "balance_after", "reason", "item_type", "item_id", "units"] as const;

export const depositInput = z.object({
  amount: z.number().int().min(1).max(1_000_000_000),
  reason: z.string().max(500).default(""),
  metadata: metadata.optional(),
});
export type DepositInput = z.infer<typeof depositInput>;
export const depositResultSchema = z.object({ balance: credits, entry_id: z.string() }).meta({ id: "WalletDeposit" });

export const usageInput = z
  .object({
    user: z.string().min(1).max(200).meta({ description: "A Tollgate user id or the platform's external id." }),
    item_type: z.string().min(1).max(64).optional(),
    item_id: z.string().min(1).max(255).optional(),
    units: z.number().int().min(1).max(1_000_000_000).optional(),
    amount: z.number().int().min(1).max(1_000_000_000).optional(),
    metadata: metadata.optional(),
  })
  .refine((b) => (b.units === undefined) !== (b.amount === undefined), { message: "Send exactly one of units and amount.", path: ["units"] })
  .refine((b) => (b.item_type === undefined) === (b.item_id === undefined), { message: "Send item_type and item_id together.", path: ["item_id"] });
export type UsageInput = z.infer<typeof usageInput>;
export const usageResultSchema = z
  .object({
    balance: credits,
    entry_id: z.string().nullable().meta({ description: "null when every unit was free (nothing was charged)." }),
    charged: credits,
    free_units: z.number().int(),
  })
  .meta({ id: "UsageCharge" });

export const creditSettingsSchema = z
  .object({
    credit_unit_micros: z.number().int().min(1).max(1_000_000_000),
    credit_currency: z.string().regex(/^[a-z]{3}$/, "A lowercase ISO currency code."),
    default_daily_cap: cap,
    default_monthly_cap: cap,
  })
  .meta({ id: "CreditSettings" });
export type CreditSettings = z.infer<typeof creditSettingsSchema>;
export const creditSettingsInput = creditSettingsSchema.partial().strict();

export const creditsDailyQuery = z.object({ days: z.coerce.number().int().min(1).max(366).default(30) });
export const creditsDayRowSchema = z.object({
  day: z.string().meta({ description: "UTC day, YYYY-MM-DD." }),
  credits_used: z.number().int(),
  credits_bought: z.number().int(),
  credits_granted: z.number().int(),
  top_up_revenue: z.number().int().meta({ description: "Top-up charges that day, in minor units of `currency`." }),
});
export const creditsDailySchema = z
  .object({ currency: z.string().nullable(), days: z.array(creditsDayRowSchema) })
  .meta({ id: "CreditsDaily" });
export type CreditsDaily = z.infer<typeof creditsDailySchema>;

export const myWalletSchema = z
  .object({
    platform: z.object({ key: z.string(), name: z.string() }),
    balance: credits,
    currency: z.string(),
    credit_unit_micros: z.number().int(),
    top_up_url: z.string(),
    recent_entries: z.array(walletEntrySchema).meta({ description: "The five newest entries (usage, top-ups, grants…)." }),
  })
  .meta({ id: "MyWallet" });
export type MyWalletView = z.infer<typeof myWalletSchema>;
export const myWalletsSchema = z.object({ results: z.array(myWalletSchema) }).meta({ id: "MyWallets" });
