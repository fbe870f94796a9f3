import { z } from "zod";
import { pageQuery, pageSchema } from "@/lib/api/pagination";
import { itemTypeSchema, normalizeItemType } from "@/lib/platforms/item-types";

// Schemas of the ledger views (list and CSV export). Pure (no db, no server-only) so the admin UI
// can import the query shape and the inferred row types; ledger-list.ts fills them.

/** The ledger's row kinds, as in the LedgerKind enum of prisma/schema.prisma. */
export const LEDGER_KINDS = ["charge", "refund", "dispute", "dispute_won", "application_fee", "payout", "adjustment", "tip"] as const;
export const ledgerKindSchema = z.enum(LEDGER_KINDS).meta({ id: "LedgerKind", description: "What the ledger row records." });
export type LedgerKindName = z.infer<typeof ledgerKindSchema>;

const money = z
  .string()
  .regex(/^-?\d+(\.\d+)?$/)
  .meta({ description: "Signed decimal amount in the row's currency (e.g. \"15.00\", \"-4.50\", \"1500\" in jpy)." });

export const ledgerRowSchema = z
  .object({
    id: z.string(),
    kind: ledgerKindSchema,
    amount: money.meta({ description: "What the buyer paid (positive) or got back (negative), signed, in the row's currency." }),
    fee_amount: money.meta({ description: "The commission part of `amount`, signed like it." }),
    net_amount: money.meta({ description: "What reached the platform: `amount` − `fee_amount`." }),
    discount_amount: money.meta({
      description: "What a promotion code took off the list price of a sale (zero or more; zero on refunds, disputes and rows without a code).",
    }),
    gross_amount: money.meta({ description: "The list price before the discount: `amount` + `discount_amount`." }),
    fee_bps: z.number().int().meta({ description: "Commission rate applied, in basis points." }),
    currency: z.string().meta({ description: "Lower-case ISO currency code of every amount in the row." }),
    item_type: z.string().nullable(),
    item_id: z.string().nullable(),
    subscription_id: z.uuid().nullable().meta({ description: "The subscription's unique id; null when the row belongs to none." }),
    stripe_charge_id: z.string().nullable(),
    source_event_id: z.string().meta({ description: "The Stripe event (or internal action) that wrote the row." }),
    occurred_at: z.iso.datetime(),
  })
  .meta({ id: "LedgerRow", description: "One append-only ledger entry of a platform." });
export type LedgerRow = z.infer<typeof ledgerRowSchema>;

export const ledgerPageSchema = pageSchema(ledgerRowSchema).meta({ id: "LedgerPage" });
export type LedgerPage = z.infer<typeof ledgerPageSchema>;

/** `2026-01-31` (midnight UTC) or a full ISO datetime with offset. */
const instant = z
  .union([z.iso.date(), z.iso.datetime({ offset: true })])
  .transform((v) => new Date(v.length === 10 ? `${v}T00:00:00Z` : v));

const filters = {
  kind: ledgerKindSchema.optional(),
  // `workshop` means `custom:workshop`, as in the item paths
  item_type: itemTypeSchema.transform((t) => normalizeItemType(t) ?? t).optional(),
  item_id: z.string().min(1).max(255).optional(),
  stripe_charge_id: z
    .string()
    .min(1)
    .max(255)
    .optional()
    .meta({ description: "Rows of one Stripe charge: the charge and what reversed it (refunds, disputes)." }),
  from: instant.optional().meta({ description: "Inclusive lower bound on `occurred_at`: a date (midnight UTC) or an ISO datetime." }),
  to: instant.optional().meta({ description: "Exclusive upper bound on `occurred_at`: a date (midnight UTC) or an ISO datetime." }),
};

function fromBeforeTo(q: { from?: Date; to?: Date }, ctx: z.RefinementCtx) {
  if (q.from && q.to && q.from > q.to) ctx.addIssue({ code: "custom", path: ["from"], message: "`from` must not be after `to`." });
}

/** Filters of the ledger export (no paging). */
export const ledgerExportQuery = z.object(filters).superRefine(fromBeforeTo);
export type LedgerFilters = z.output<typeof ledgerExportQuery>;

/** Filters and paging of the ledger list. */
export const ledgerQuery = pageQuery.extend(filters).superRefine(fromBeforeTo);
export type LedgerQuery = z.output<typeof ledgerQuery>;
/** What a client sends (strings before coercion). */
export type LedgerQueryInput = z.input<typeof ledgerQuery>;

/** Columns of the CSV export, in order (the row fields). */
export const LEDGER_CSV_COLUMNS = [
  "id",
  "occurred_at",
  "kind",
  "currency",
  "amount",
  "fee_amount",
  "net_amount",
  "fee_bps",
  "discount_amount",
  "gross_amount",
  "item_type",
  "item_id",
  "subscription_id",
  "stripe_charge_id",
  "source_event_id",
] as const satisfies readonly (keyof LedgerRow)[];
