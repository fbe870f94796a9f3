import { z } from "zod";

export const pageQuery = z.object({
  page: z.coerce.number().int().min(1, "Page starts at 1.").default(1),
  page_size: z.coerce.number().int().min(1).max(100, "At most 100 per page.").default(20),
});
export type PageQuery = z.infer<typeof pageQuery>;

export type Page<T> = { count: number; next_page: number | null; previous_page: number | null; results: T[] };

export function pageArgs(q: PageQuery) {
  return { skip: (q.page - 1) * q.page_size, take: q.page_size };
}

export function pageOf<T>(results: T[], count: number, q: PageQuery): Page<T> {
  return {
    count,
    next_page: q.page * q.page_size < count ? q.page + 1 : null,
    previous_page: q.page > 1 ? q.page - 1 : null,
    results,
  };
}

/** A page of `item` rows, as every list endpoint answers. */
export const pageSchema = <T extends z.ZodType>(item: T) =>
  z.object({
    count: z.number().int(),
    next_page: z.number().int().nullable(),
    previous_page: z.number().int().nullable(),
    results: z.array(item),
  });
