-- CreateEnum
CREATE TYPE "PromotionDuration" AS ENUM ('once', 'repeating', 'forever');

-- CreateEnum
CREATE TYPE "AccessRuleMatch" AS ENUM ('email_domain', 'role', 'emails');

-- AlterEnum
ALTER TYPE "LedgerKind" ADD VALUE 'tip';

-- AlterTable
ALTER TABLE "platforms" ADD COLUMN     "tips_enabled" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "paywalls" ADD COLUMN     "plan_covers_all" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "prices" ADD COLUMN     "custom_amount_max" INTEGER,
ADD COLUMN     "custom_amount_min" INTEGER;

-- AlterTable
ALTER TABLE "checkout_sessions" ADD COLUMN     "discount_amount" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "kind" TEXT NOT NULL DEFAULT 'purchase',
ADD COLUMN     "list_amount" INTEGER,
ADD COLUMN     "promotion_code_id" TEXT,
ADD COLUMN     "tip_message" TEXT,
ALTER COLUMN "paywall_id" DROP NOT NULL,
ALTER COLUMN "price_id" DROP NOT NULL;

-- AlterTable
ALTER TABLE "ledger_entries" ADD COLUMN     "discount_amount" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "plan_items" (
    "id" TEXT NOT NULL,
    "paywall_id" TEXT NOT NULL,
    "platform_id" TEXT NOT NULL,
    "item_type" TEXT NOT NULL,
    "item_id" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "plan_items_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "promotion_codes" (
    "id" TEXT NOT NULL,
    "platform_id" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "code_key" TEXT NOT NULL,
    "percent_off_bps" INTEGER,
    "amount_off" INTEGER,
    "currency" TEXT,
    "duration" "PromotionDuration" NOT NULL,
    "duration_in_months" INTEGER,
    "max_redemptions" INTEGER,
    "expires_at" TIMESTAMP(3),
    "applies_to" JSONB NOT NULL DEFAULT '[]',
    "first_time_only" BOOLEAN NOT NULL DEFAULT false,
    "is_public" BOOLEAN NOT NULL DEFAULT false,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "stripe_coupon_id" TEXT,
    "stripe_promotion_code_id" TEXT,
    "created_by_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "promotion_codes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "promotion_redemptions" (
    "id" TEXT NOT NULL,
    "promotion_code_id" TEXT NOT NULL,
    "platform_id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "user_id" TEXT,
    "stripe_session_id" TEXT NOT NULL,
    "discount_amount" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "promotion_redemptions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "access_rules" (
    "id" TEXT NOT NULL,
    "platform_id" TEXT NOT NULL,
    "target_type" TEXT NOT NULL,
    "target_id" TEXT NOT NULL,
    "match" "AccessRuleMatch" NOT NULL,
    "email_domain" TEXT,
    "role" "MembershipRole",
    "emails" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "ends_at" TIMESTAMP(3),
    "revoked_at" TIMESTAMP(3),
    "revoked_by_id" TEXT,
    "created_by_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "access_rules_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "access_decision_counts" (
    "platform_id" TEXT NOT NULL,
    "item_type" TEXT NOT NULL,
    "item_id" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "access_decision_counts_pkey" PRIMARY KEY ("platform_id","day","item_type","item_id","reason")
);

-- CreateIndex
CREATE INDEX "plan_items_platform_id_item_type_item_id_idx" ON "plan_items"("platform_id", "item_type", "item_id");

-- CreateIndex
CREATE UNIQUE INDEX "plan_items_paywall_id_item_type_item_id_key" ON "plan_items"("paywall_id", "item_type", "item_id");

-- CreateIndex
CREATE UNIQUE INDEX "promotion_codes_stripe_promotion_code_id_key" ON "promotion_codes"("stripe_promotion_code_id");

-- CreateIndex
CREATE INDEX "promotion_codes_platform_id_created_at_idx" ON "promotion_codes"("platform_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "promotion_codes_platform_id_code_key_key" ON "promotion_codes"("platform_id", "code_key");

-- CreateIndex
CREATE UNIQUE INDEX "promotion_redemptions_stripe_session_id_key" ON "promotion_redemptions"("stripe_session_id");

-- CreateIndex
CREATE UNIQUE INDEX "promotion_redemptions_promotion_code_id_email_key" ON "promotion_redemptions"("promotion_code_id", "email");

-- CreateIndex
CREATE INDEX "access_rules_platform_id_target_type_target_id_idx" ON "access_rules"("platform_id", "target_type", "target_id");

-- CreateIndex
CREATE INDEX "access_rules_platform_id_created_at_idx" ON "access_rules"("platform_id", "created_at");

-- CreateIndex
CREATE INDEX "checkout_sessions_platform_id_item_type_item_id_created_at_idx" ON "checkout_sessions"("platform_id", "item_type", "item_id", "created_at");

-- CreateIndex
CREATE INDEX "checkout_sessions_promotion_code_id_status_idx" ON "checkout_sessions"("promotion_code_id", "status");

-- AddForeignKey
ALTER TABLE "plan_items" ADD CONSTRAINT "plan_items_paywall_id_fkey" FOREIGN KEY ("paywall_id") REFERENCES "paywalls"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "plan_items" ADD CONSTRAINT "plan_items_platform_id_fkey" FOREIGN KEY ("platform_id") REFERENCES "platforms"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "promotion_codes" ADD CONSTRAINT "promotion_codes_platform_id_fkey" FOREIGN KEY ("platform_id") REFERENCES "platforms"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "promotion_redemptions" ADD CONSTRAINT "promotion_redemptions_promotion_code_id_fkey" FOREIGN KEY ("promotion_code_id") REFERENCES "promotion_codes"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "access_rules" ADD CONSTRAINT "access_rules_platform_id_fkey" FOREIGN KEY ("platform_id") REFERENCES "platforms"("id") ON DELETE CASCADE ON UPDATE CASCADE;
