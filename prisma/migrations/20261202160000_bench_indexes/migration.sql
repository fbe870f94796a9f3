-- DropIndex
DROP INDEX "ledger_entries_platform_id_occurred_at_idx";

-- CreateIndex
CREATE INDEX "ledger_entries_platform_id_occurred_at_id_idx" ON "ledger_entries"("platform_id", "occurred_at", "id");

-- CreateIndex
CREATE INDEX "ledger_entries_stripe_invoice_id_idx" ON "ledger_entries"("stripe_invoice_id");

-- CreateIndex
CREATE INDEX "ledger_entries_stripe_payment_intent_id_idx" ON "ledger_entries"("stripe_payment_intent_id");

-- The sums of the ledger per platform, UTC day, currency and kind (ledger_daily_totals) and per
-- item too (ledger_daily_item_totals), kept by a trigger in the same transaction as every insert:
-- the money views add up a year of days instead of a million rows, and stay exact and fresh. The
-- ledger is append-only (no UPDATE, DELETE or TRUNCATE), so sums only grow. Not Prisma models:
-- only raw SQL in lib/ledger/daily-totals.ts and lib/analytics reads them.
CREATE TABLE "ledger_daily_totals" (
    "platform_id" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "currency" TEXT NOT NULL,
    "kind" "LedgerKind" NOT NULL,
    "amount" BIGINT NOT NULL,
    "fee_amount" BIGINT NOT NULL,
    "net_amount" BIGINT NOT NULL,
    "discount_amount" BIGINT NOT NULL,
    "entries" BIGINT NOT NULL,
    CONSTRAINT "ledger_daily_totals_pkey" PRIMARY KEY ("platform_id", "day", "currency", "kind")
);

CREATE TABLE "ledger_daily_item_totals" (
    "platform_id" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "currency" TEXT NOT NULL,
    "kind" "LedgerKind" NOT NULL,
    "item_type" TEXT,
    "item_id" TEXT,
    "amount" BIGINT NOT NULL,
    "fee_amount" BIGINT NOT NULL,
    "net_amount" BIGINT NOT NULL,
    "discount_amount" BIGINT NOT NULL,
    "entries" BIGINT NOT NULL
);

CREATE UNIQUE INDEX "ledger_daily_item_totals_key" ON "ledger_daily_item_totals"("platform_id", "day", "currency", "kind", "item_type", "item_id") NULLS NOT DISTINCT;

-- Per-item sums of all time (the catalog pages) without reading the days in between.
CREATE INDEX "ledger_daily_item_totals_item_idx" ON "ledger_daily_item_totals"("platform_id", "item_type", "item_id");

-- One statement-level upsert per table and INSERT (a bulk load is grouped first), and ORDER BY
-- takes the row locks in one order, so concurrent inserts never deadlock. occurred_at holds UTC,
-- so ::date is the UTC day.
-- The body is an E'' string with \073 for the semicolons, so statement splitters keep it whole.
CREATE FUNCTION ledger_daily_totals_add() RETURNS trigger LANGUAGE plpgsql AS
E'BEGIN INSERT INTO ledger_daily_totals AS t (platform_id, day, currency, kind, amount, fee_amount, net_amount, discount_amount, entries) SELECT platform_id, occurred_at::date, currency, kind, SUM(amount), SUM(fee_amount), SUM(net_amount), SUM(discount_amount), COUNT(*) FROM ledger_new_rows GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4 ON CONFLICT (platform_id, day, currency, kind) DO UPDATE SET amount = t.amount + EXCLUDED.amount, fee_amount = t.fee_amount + EXCLUDED.fee_amount, net_amount = t.net_amount + EXCLUDED.net_amount, discount_amount = t.discount_amount + EXCLUDED.discount_amount, entries = t.entries + EXCLUDED.entries\073 INSERT INTO ledger_daily_item_totals AS t (platform_id, day, currency, kind, item_type, item_id, amount, fee_amount, net_amount, discount_amount, entries) SELECT platform_id, occurred_at::date, currency, kind, item_type, item_id, SUM(amount), SUM(fee_amount), SUM(net_amount), SUM(discount_amount), COUNT(*) FROM ledger_new_rows GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6 ON CONFLICT (platform_id, day, currency, kind, item_type, item_id) DO UPDATE SET amount = t.amount + EXCLUDED.amount, fee_amount = t.fee_amount + EXCLUDED.fee_amount, net_amount = t.net_amount + EXCLUDED.net_amount, discount_amount = t.discount_amount + EXCLUDED.discount_amount, entries = t.entries + EXCLUDED.entries\073 RETURN NULL\073 END\073';

CREATE TRIGGER ledger_entries_daily_totals
  AFTER INSERT ON "ledger_entries"
  REFERENCING NEW TABLE AS ledger_new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_daily_totals_add();

-- The rows already recorded.
INSERT INTO "ledger_daily_totals" ("platform_id", "day", "currency", "kind", "amount", "fee_amount", "net_amount", "discount_amount", "entries")
SELECT "platform_id", "occurred_at"::date, "currency", "kind", SUM("amount"), SUM("fee_amount"), SUM("net_amount"), SUM("discount_amount"), COUNT(*)
  FROM "ledger_entries" GROUP BY 1, 2, 3, 4;

INSERT INTO "ledger_daily_item_totals" ("platform_id", "day", "currency", "kind", "item_type", "item_id", "amount", "fee_amount", "net_amount", "discount_amount", "entries")
SELECT "platform_id", "occurred_at"::date, "currency", "kind", "item_type", "item_id", SUM("amount"), SUM("fee_amount"), SUM("net_amount"), SUM("discount_amount"), COUNT(*)
  FROM "ledger_entries" GROUP BY 1, 2, 3, 4, 5, 6;
