import type { Params } from "./params.js";
import { invalid } from "./errors.js";

export interface ListObject<T> {
  object: "list";
  data: T[];
  has_more: boolean;
  url: string;
}

/** Stripe cursor pagination over a newest-first array. */
export function paginate<T extends { id?: string }>(items: T[], p: Params, url: string): ListObject<T> {
  const limit = p.int("limit") ?? 10;
  if (limit < 1 || limit > 100) throw invalid("Invalid limit: must be between 1 and 100", "limit");
  let start = 0;
  let end = items.length;
  const after = p.str("starting_after");
  const before = p.str("ending_before");
  if (after) {
    const i = items.findIndex((x) => x.id === after);
    if (i < 0) throw invalid(`Invalid starting_after: no such object '${after}'`, "starting_after", "resource_missing");
    start = i + 1;
  } else if (before) {
    const i = items.findIndex((x) => x.id === before);
    if (i < 0) throw invalid(`Invalid ending_before: no such object '${before}'`, "ending_before", "resource_missing");
    end = i;
    start = Math.max(0, end - limit);
  }
  const data = items.slice(start, Math.min(end, start + limit));
  const has_more = before ? start > 0 : start + limit < end;
  return { object: "list", data, has_more, url };
}

/** Filters by a `created` range param (`created[gte]=…` or `created=…`). */
export function createdFilter(p: Params): (created: number) => boolean {
  if (typeof p.raw.created === "string") {
    const exact = p.int("created");
    return (c) => c === exact;
  }
  const r = p.obj("created");
  if (!r) return () => true;
  const gt = r.int("gt");
  const gte = r.int("gte");
  const lt = r.int("lt");
  const lte = r.int("lte");
  return (c) =>
    (gt === undefined || c > gt) &&
    (gte === undefined || c >= gte) &&
    (lt === undefined || c < lt) &&
    (lte === undefined || c <= lte);
}
