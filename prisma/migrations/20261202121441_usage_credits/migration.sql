-- CreateEnum
CREATE TYPE "WalletEntryKind" AS ENUM ('topup', 'deposit', 'grant', 'usage', 'refund', 'adjustment', 'expiry');

-- AlterTable
ALTER TABLE "platforms" ADD COLUMN     "credit_currency" TEXT NOT NULL DEFAULT 'usd',
ADD COLUMN     "credit_unit_micros" INTEGER NOT NULL DEFAULT 10000,
ADD COLUMN     "default_daily_cap" INTEGER,
ADD COLUMN     "default_monthly_cap" INTEGER;

-- AlterTable
ALTER TABLE "prices" ADD COLUMN     "grant_credits" INTEGER,
ADD COLUMN     "grant_rollover" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "included_units" INTEGER,
ADD COLUMN     "unit_credits" INTEGER;

-- AlterTable
ALTER TABLE "checkout_sessions" ADD COLUMN     "credit_pack_id" TEXT,
ADD COLUMN     "credits" INTEGER;

-- CreateTable
CREATE TABLE "external_users" (
    "id" TEXT NOT NULL,
    "platform_id" TEXT NOT NULL,
    "external_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "external_users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "wallets" (
    "id" TEXT NOT NULL,
    "platform_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "balance" INTEGER NOT NULL DEFAULT 0,
    "daily_cap" INTEGER,
    "monthly_cap" INTEGER,
    "user_daily_cap" INTEGER,
    "user_monthly_cap" INTEGER,
    "day_start" DATE NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "day_spent" INTEGER NOT NULL DEFAULT 0,
    "month_start" DATE NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "month_spent" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "wallets_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "wallet_entries" (
    "id" TEXT NOT NULL,
    "wallet_id" TEXT NOT NULL,
    "platform_id" TEXT NOT NULL,
    "kind" "WalletEntryKind" NOT NULL,
    "amount" INTEGER NOT NULL,
    "balance_after" INTEGER NOT NULL,
    "source_key" TEXT,
    "reason" TEXT NOT NULL DEFAULT '',
    "item_type" TEXT,
    "item_id" TEXT,
    "units" INTEGER,
    "metadata" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "wallet_entries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "usage_counters" (
    "id" TEXT NOT NULL,
    "platform_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "item_type" TEXT NOT NULL,
    "item_id" TEXT NOT NULL,
    "period_start" TIMESTAMP(3) NOT NULL,
    "units" INTEGER NOT NULL DEFAULT 0,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "usage_counters_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "credit_packs" (
    "id" TEXT NOT NULL,
    "platform_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "credits" INTEGER NOT NULL,
    "amount" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "is_active" BOOLEAN NOT NULL DEFAULT true,
    "sort_order" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "credit_packs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "model_providers" (
    "id" TEXT NOT NULL,
    "platform_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "base_url" TEXT,
    "api_key_ciphertext" TEXT,
    "api_key_last4" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "model_providers_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "model_prices" (
    "id" TEXT NOT NULL,
    "platform_id" TEXT NOT NULL,
    "provider_id" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "upstream_model" TEXT,
    "prompt_micros_per_1k" INTEGER NOT NULL,
    "completion_micros_per_1k" INTEGER NOT NULL,
    "markup_bps" INTEGER NOT NULL DEFAULT 0,
    "min_credits" INTEGER NOT NULL DEFAULT 0,
    "item_type" TEXT,
    "item_id" TEXT,
    "is_active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "model_prices_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "idempotency_keys" (
    "id" TEXT NOT NULL,
    "platform_id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "route" TEXT NOT NULL,
    "request_hash" TEXT NOT NULL,
    "status" INTEGER,
    "response" JSONB,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "idempotency_keys_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "external_users_platform_id_external_id_key" ON "external_users"("platform_id", "external_id");

-- CreateIndex
CREATE UNIQUE INDEX "external_users_platform_id_user_id_key" ON "external_users"("platform_id", "user_id");

-- CreateIndex
CREATE INDEX "wallets_user_id_idx" ON "wallets"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "wallets_platform_id_user_id_key" ON "wallets"("platform_id", "user_id");

-- CreateIndex
CREATE UNIQUE INDEX "wallet_entries_source_key_key" ON "wallet_entries"("source_key");

-- CreateIndex
CREATE INDEX "wallet_entries_wallet_id_created_at_idx" ON "wallet_entries"("wallet_id", "created_at");

-- CreateIndex
CREATE INDEX "wallet_entries_platform_id_created_at_idx" ON "wallet_entries"("platform_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "usage_counters_platform_id_user_id_item_type_item_id_period_key" ON "usage_counters"("platform_id", "user_id", "item_type", "item_id", "period_start");

-- CreateIndex
CREATE INDEX "credit_packs_platform_id_is_active_idx" ON "credit_packs"("platform_id", "is_active");

-- CreateIndex
CREATE INDEX "model_providers_platform_id_idx" ON "model_providers"("platform_id");

-- CreateIndex
CREATE UNIQUE INDEX "model_prices_platform_id_model_key" ON "model_prices"("platform_id", "model");

-- CreateIndex
CREATE INDEX "idempotency_keys_created_at_idx" ON "idempotency_keys"("created_at");

-- CreateIndex
CREATE UNIQUE INDEX "idempotency_keys_platform_id_key_key" ON "idempotency_keys"("platform_id", "key");

-- AddForeignKey
ALTER TABLE "external_users" ADD CONSTRAINT "external_users_platform_id_fkey" FOREIGN KEY ("platform_id") REFERENCES "platforms"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "wallets" ADD CONSTRAINT "wallets_platform_id_fkey" FOREIGN KEY ("platform_id") REFERENCES "platforms"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "wallet_entries" ADD CONSTRAINT "wallet_entries_wallet_id_fkey" FOREIGN KEY ("wallet_id") REFERENCES "wallets"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "credit_packs" ADD CONSTRAINT "credit_packs_platform_id_fkey" FOREIGN KEY ("platform_id") REFERENCES "platforms"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "model_providers" ADD CONSTRAINT "model_providers_platform_id_fkey" FOREIGN KEY ("platform_id") REFERENCES "platforms"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "model_prices" ADD CONSTRAINT "model_prices_platform_id_fkey" FOREIGN KEY ("platform_id") REFERENCES "platforms"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "model_prices" ADD CONSTRAINT "model_prices_provider_id_fkey" FOREIGN KEY ("provider_id") REFERENCES "model_providers"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The wallet ledger is append-only, like ledger_entries: corrections are new rows.
CREATE FUNCTION wallet_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS
E'BEGIN RAISE EXCEPTION ''wallet_entries is append-only: % is not allowed'', TG_OP USING ERRCODE = ''restrict_violation''\073 END\073';

CREATE TRIGGER wallet_entries_no_update_delete
  BEFORE UPDATE OR DELETE ON "wallet_entries"
  FOR EACH ROW EXECUTE FUNCTION wallet_entries_append_only();

CREATE TRIGGER wallet_entries_no_truncate
  BEFORE TRUNCATE ON "wallet_entries"
  FOR EACH STATEMENT EXECUTE FUNCTION wallet_entries_append_only();

-- A balance can never go below zero, whatever the interleaving of charges.
ALTER TABLE "wallets" ADD CONSTRAINT "wallets_balance_non_negative" CHECK ("balance" >= 0);
ALTER TABLE "credit_packs" ADD CONSTRAINT "credit_packs_positive" CHECK ("credits" > 0 AND "amount" > 0);
