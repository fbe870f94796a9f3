-- AlterTable
ALTER TABLE "subscriptions" ADD COLUMN     "amount" INTEGER,
ADD COLUMN     "currency" TEXT,
ADD COLUMN     "interval" "PriceInterval",
ADD COLUMN     "stripe_price_id" TEXT;
