import "server-only";
import { Readable, pipeline } from "node:stream";
import { stringify } from "csv-stringify";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/db";
import { LEDGER_CSV_COLUMNS, type LedgerFilters, type LedgerRow } from "./ledger-schema";
import { ledgerRow, ledgerRowSelect, ledgerWhere, type LedgerEntryRow } from "./ledger-list";

// The ledger as CSV, in constant memory whatever its size: rows are read in keyset batches
// (occurred_at, id) — one short query each, no transaction held across the download — and pulled
// through csv-stringify only as fast as the client reads.

export const LEDGER_EXPORT_BATCH = 1000;

// amounts are signed decimal strings produced by fromMinorUnits; fee_bps is an integer
const NUMERIC_COLUMNS = new Set<string>(["amount", "fee_amount", "net_amount", "discount_amount", "gross_amount", "fee_bps"]);
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;
// what spreadsheets read as the start of a formula (or strip before reading one)
const FORMULA_START = /^[=+\-@\t\r\n]/;

/**
 * One CSV cell, safe to open in a spreadsheet: a text cell that a spreadsheet would evaluate
 * (`=`, `+`, `-`, `@`, tab, CR, LF first) gets a leading `'`, which makes it literal text. Amount
 * columns stay as they are so they remain numbers ("-4.50" is a refund, not a formula) — but
 * only when they really are plain numbers.
 */
export function csvCell(column: string, value: string | number | null): string {
  if (value === null) return "";
  const text = String(value);
  if (NUMERIC_COLUMNS.has(column) && PLAIN_NUMBER.test(text)) return text;
  return FORMULA_START.test(text) ? `'${text}` : text;
}

export function csvRecord(row: LedgerRow): Record<string, string> {
  const out: Record<string, string> = {};
  for (const column of LEDGER_CSV_COLUMNS) out[column] = csvCell(column, row[column]);
  return out;
}

/** The platform's rows, oldest first, one batch per query; the cursor is the last (occurred_at, id). */
export async function* ledgerBatches(platformId: string, f: LedgerFilters, batchSize = LEDGER_EXPORT_BATCH): AsyncGenerator<LedgerEntryRow[]> {
  const where = ledgerWhere(platformId, f);
  let last: { occurredAt: Date; id: string } | null = null;
  for (;;) {
    // `occurred_at >= last` keeps the index range tight; the OR skips rows already sent at that instant
    const after: Prisma.LedgerEntryWhereInput | null = last
      ? { occurredAt: { gte: last.occurredAt }, OR: [{ occurredAt: { gt: last.occurredAt } }, { id: { gt: last.id } }] }
      : null;
    const rows: LedgerEntryRow[] = await db.ledgerEntry.findMany({
      where: after ? { AND: [where, after] } : where,
      select: ledgerRowSelect,
      orderBy: [{ occurredAt: "asc" }, { id: "asc" }],
      take: batchSize,
    });
    if (rows.length) yield rows;
    if (rows.length < batchSize) return;
    const tail = rows[rows.length - 1];
    last = { occurredAt: tail.occurredAt, id: tail.id };
  }
}

async function* csvRecords(platformId: string, f: LedgerFilters, batchSize: number) {
  for await (const batch of ledgerBatches(platformId, f, batchSize)) {
    for (const row of batch) yield csvRecord(ledgerRow(row));
  }
}

/**
 * A CSV body from async records: a header line, then one CRLF-terminated line per record.
 * Pull-based — the next batch is read only when the consumer asks for more — and cancelling it
 * stops the reads. `label` names the export in the log when it fails.
 */
export function csvStream(records: AsyncIterable<Record<string, string>>, columns: readonly string[], label: string): ReadableStream<Uint8Array> {
  const source = Readable.from(records);
  const csv = stringify({ header: true, columns: [...columns], record_delimiter: "windows" });
  // pipeline destroys both sides when either fails or the reader goes away
  pipeline(source, csv, (error) => {
    if (error && error.code !== "ERR_STREAM_PREMATURE_CLOSE") console.error(`[${label}] CSV export failed`, error);
  });
  const chunks = csv[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const next = await chunks.next();
          if (next.done) controller.close();
          else controller.enqueue(new Uint8Array(next.value.buffer, next.value.byteOffset, next.value.byteLength));
        } catch (error) {
          controller.error(error);
        }
      },
      async cancel() {
        await chunks.return?.();
      },
    },
    { highWaterMark: 0 },
  );
}

/** The ledger's CSV body. */
export function ledgerCsvStream(platformId: string, f: LedgerFilters, batchSize = LEDGER_EXPORT_BATCH): ReadableStream<Uint8Array> {
  return csvStream(csvRecords(platformId, f, batchSize), LEDGER_CSV_COLUMNS, "ledger");
}

function filenamePart(d: Date | undefined, fallback: string): string {
  if (!d) return fallback;
  const iso = d.toISOString();
  return iso.endsWith("T00:00:00.000Z") ? iso.slice(0, 10) : iso.replace(/\.\d{3}Z$/, "Z").replace(/:/g, "");
}

/** `<pk>-ledger-<from>-<to>.csv`; `start` / `now` for an open end. */
export function ledgerCsvFilename(platformKey: string, f: LedgerFilters): string {
  const safe = platformKey.replace(/[^A-Za-z0-9._-]/g, "_");
  return `${safe}-ledger-${filenamePart(f.from, "start")}-${filenamePart(f.to, "now")}.csv`;
}

export function ledgerCsvResponse(platform: { id: string; key: string }, f: LedgerFilters): Response {
  return new Response(ledgerCsvStream(platform.id, f), {
    status: 200,
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${ledgerCsvFilename(platform.key, f)}"`,
    },
  });
}
