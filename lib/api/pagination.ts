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
