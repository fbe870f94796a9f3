import "server-only";
import type { Db } from "./client";

// A table row read as jsonb (`to_jsonb(t)`, snake_case columns) back to the shape Prisma returns
// for the model, so one raw statement can load several models at once. The field list comes
// from the generated client's own data model: a new column maps without code here.

type Field = { name: string; kind: string; type: string; dbName?: string | null };
type DataModel = { models: Record<string, { fields: Field[] }> };

const cache = new Map<string, Field[]>();

function fieldsOf(db: Db, model: string): Field[] {
  let fields = cache.get(model);
  if (!fields) {
    const dataModel = (db as unknown as { _runtimeDataModel?: DataModel })._runtimeDataModel;
    const m = dataModel?.models[model];
    if (!m) throw new Error(`row-shape: model ${model} is not in the client's data model`);
    fields = m.fields.filter((f) => f.kind === "scalar" || f.kind === "enum");
    cache.set(model, fields);
  }
  return fields;
}

// jsonb renders timestamp(3) columns (stored in UTC) without a zone; the text format has a space for the T
export const jsonTimestamp = (v: string) => {
  const iso = v.includes("T") ? v : v.replace(" ", "T");
  return new Date(/[zZ]|[+-]\d\d(:?\d\d)?$/.test(iso) ? iso : `${iso}Z`);
};

export function modelFromJson<T>(db: Db, model: string, raw: unknown): T | null {
  if (raw == null) return null;
  const row = (typeof raw === "string" ? JSON.parse(raw) : raw) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const f of fieldsOf(db, model)) {
    const v = row[f.dbName ?? f.name];
    if (v === undefined) throw new Error(`row-shape: ${model}.${f.name} missing from the row`);
    out[f.name] = v !== null && f.type === "DateTime" ? jsonTimestamp(String(v)) : v;
  }
  return out as T;
}
