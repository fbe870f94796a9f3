-- AlterTable
ALTER TABLE "subscriptions" DROP COLUMN "stripe_state_at";
