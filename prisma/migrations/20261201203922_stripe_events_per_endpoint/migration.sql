-- AlterTable
ALTER TABLE "stripe_events" DROP CONSTRAINT "stripe_events_pkey",
ADD CONSTRAINT "stripe_events_pkey" PRIMARY KEY ("source", "id");
