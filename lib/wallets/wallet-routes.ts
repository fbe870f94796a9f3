import "server-only";
import { withApi } from "@/lib/api/with-api";
import { media } from "@/lib/api/contract";
import { pageQuery } from "@/lib/api/pagination";
import { platformParams } from "@/lib/api/route-params";
import { withIdempotency } from "@/lib/idempotency/idempotency";
import { creditWallet } from "./wallet-ledger";
import { externalIdOf, resolveWalletUser } from "./wallet-user";
import { listWallets, setAdminCaps, setUserCaps, walletView } from "./wallet-view";
import { listEntries, walletCsvResponse } from "./wallet-entries";
import { chargeUsage } from "./charge-usage";
import { creditSettings, updateCreditSettings } from "./credit-settings";
import { creditsDaily } from "./credits-daily";
import { myWallets } from "./my-wallets";
import {
  myWalletsSchema,
  adminCapsInput,
  creditSettingsInput,
  creditSettingsSchema,
  creditsDailyQuery,
  creditsDailySchema,
  depositInput,
  depositResultSchema,
  usageInput,
  usageResultSchema,
  userCapsInput,
  walletEntryPageSchema,
  walletPageSchema,
  walletParams,
  walletSchema,
} from "./wallet-schema";

const tags = ["wallets"] as const;
const USER_REF = "`{user}` is a Tollgate user id or the platform's own external id.";
const IDEMPOTENT =
  "API-token callers must send an `Idempotency-Key` header (400 `idempotency_key_required`): a replay within 24 h returns the first answer with `Idempotent-Replayed: true`; " +
  "the same key with a different body is 409 `idempotency_key_reused`, one still running 409 `idempotency_key_in_progress`.";

export const listWalletsRoute = withApi(
  { auth: "platform-admin", params: platformParams, query: pageQuery, responses: { 200: walletPageSchema }, summary: "List the platform's wallets", tags },
  ({ platform, query }) => listWallets(platform, query),
);

export const getWalletRoute = withApi(
  {
    auth: "platform-admin",
    params: walletParams,
    responses: { 200: walletSchema },
    summary: "A user's wallet",
    description: `Balance, caps and the current UTC day's and month's spend. ${USER_REF}`,
    tags,
  },
  async ({ platform, params }) => {
    const u = await resolveWalletUser(platform.id, params.user);
    return walletView(platform, u.userId, u.externalId);
  },
);

export const patchWalletRoute = withApi(
  {
    auth: "platform-admin",
    params: walletParams,
    body: adminCapsInput,
    responses: { 200: walletSchema },
    summary: "Set a user's spend caps",
    description: `Daily and monthly caps in credits; null clears (the platform default applies). ${USER_REF}`,
    tags,
  },
  async ({ platform, params, body }) => {
    const u = await resolveWalletUser(platform.id, params.user, { create: true });
    await setAdminCaps(platform, u.userId, body);
    return walletView(platform, u.userId, u.externalId);
  },
);

export const depositRoute = withApi(
  {
    auth: "platform-admin",
    params: walletParams,
    body: depositInput,
    responses: { 200: depositResultSchema },
    errors: [409],
    summary: "Deposit credits into a user's wallet",
    description: `Adds \`amount\` whole credits (kind \`deposit\`). ${USER_REF} An unknown external id is mapped once to a new pseudonymous user. ${IDEMPOTENT}`,
    tags,
  },
  async ({ req, platform, params, body }) =>
    withIdempotency(req, platform.id, `deposit:${params.user}`, body, async () => {
      const u = await resolveWalletUser(platform.id, params.user, { create: true });
      const r = await creditWallet(platform.id, u.userId, "deposit", body.amount, { reason: body.reason, metadata: body.metadata });
      return { status: 200, body: { balance: r.balance, entry_id: r.entry.id } };
    }),
);

export const usageRoute = withApi(
  {
    auth: "platform-admin",
    params: platformParams,
    body: usageInput,
    responses: { 200: usageResultSchema },
    errors: [402, 409, 429],
    summary: "Charge a user's wallet for usage",
    description:
      "Exactly one of `units` (1 credit each, or the user's metered tier for `item_type`/`item_id`: included units first, then the tier's credits per unit) and `amount` (credits). " +
      "Charges atomically against the balance and the daily/monthly caps: 402 `insufficient_credits` (with `top_up_url`, `balance`) or 429 `spend_cap_reached`, nothing charged. " +
      `\`user\` is a Tollgate user id or the platform's external id. ${IDEMPOTENT}`,
    tags,
  },
  async ({ req, platform, body }) =>
    withIdempotency(req, platform.id, "usage", body, async () => {
      const key = req.headers.get("idempotency-key")?.trim();
      return { status: 200, body: await chargeUsage(platform, body, key ? `usage:${platform.id}:${key}` : null) };
    }),
);

export const entriesRoute = withApi(
  {
    auth: "platform-admin",
    params: walletParams,
    query: pageQuery,
    responses: { 200: walletEntryPageSchema },
    summary: "A user's wallet entries",
    description: `Newest first. ${USER_REF}`,
    tags,
  },
  async ({ platform, params, query }) => {
    const u = await resolveWalletUser(platform.id, params.user);
    return listEntries(platform.id, u.userId, query);
  },
);

export const entriesExportRoute = withApi(
  {
    auth: "platform-admin",
    params: walletParams,
    responses: { 200: media(["text/csv"], "All the wallet's entries, oldest first, as CSV. Streamed.") },
    summary: "Export a user's wallet entries as CSV",
    description: USER_REF,
    tags,
  },
  async ({ platform, params }) => {
    const u = await resolveWalletUser(platform.id, params.user);
    return walletCsvResponse(platform, u.userId);
  },
);

export const myWalletRoute = withApi(
  {
    auth: "user",
    scope: "platform",
    params: platformParams,
    responses: { 200: walletSchema },
    summary: "My wallet",
    description: "The signed-in user's balance, caps and period spend (a zero balance before the first top-up).",
    tags,
  },
  async ({ platform, caller }) => {
    // the caller's own id, never read as an external id
    return walletView(platform, caller.user.id, await externalIdOf(platform.id, caller.user.id));
  },
);

export const patchMyWalletRoute = withApi(
  {
    auth: "user",
    scope: "platform",
    params: platformParams,
    body: userCapsInput,
    responses: { 200: walletSchema },
    summary: "Lower my spend caps",
    description: "A user may set their own daily and monthly caps, never above the platform's (400 `cap_above_limit`); null clears.",
    tags,
  },
  async ({ platform, caller, body }) => {
    await setUserCaps(platform, caller.user.id, body);
    return walletView(platform, caller.user.id, await externalIdOf(platform.id, caller.user.id));
  },
);

export const myEntriesRoute = withApi(
  { auth: "user", scope: "platform", params: platformParams, query: pageQuery, responses: { 200: walletEntryPageSchema }, summary: "My wallet entries", description: "Newest first.", tags },
  ({ platform, caller, query }) => listEntries(platform.id, caller.user.id, query),
);

export const getCreditSettingsRoute = withApi(
  { auth: "platform-admin", params: platformParams, responses: { 200: creditSettingsSchema }, summary: "The platform's credit unit and default caps", tags },
  ({ platform }) => creditSettings(platform),
);

export const patchCreditSettingsRoute = withApi(
  {
    auth: "platform-admin",
    params: platformParams,
    body: creditSettingsInput,
    responses: { 200: creditSettingsSchema },
    summary: "Set the credit unit and default caps",
    description: "`credit_unit_micros` micro-units of `credit_currency` per credit (10000 = 0.01); default caps apply to wallets without an admin cap (null: none).",
    tags,
  },
  ({ platform, body }) => updateCreditSettings(platform, body),
);

export const creditsDailyRoute = withApi(
  {
    auth: "platform-admin",
    params: platformParams,
    query: creditsDailyQuery,
    responses: { 200: creditsDailySchema },
    summary: "Credits used, bought and granted per day",
    description: "The last `days` UTC days (default 30), oldest first, with the top-up revenue of each day in minor units of `currency`.",
    tags,
  },
  ({ platform, query }) => creditsDaily(platform, query.days),
);

export const myWalletsRoute = withApi(
  {
    auth: "user",
    responses: { 200: myWalletsSchema },
    summary: "List the caller's credit wallets on every platform",
    description: "Each wallet with its balance, the top-up link and its five newest entries. A token sees only its platform's wallet.",
    tags,
  },
  async ({ caller }) => myWallets(caller.user.id, caller.tokenPlatformId),
);
