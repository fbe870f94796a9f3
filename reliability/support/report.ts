// What each part of the reliability run reports: one or more rows of figures, failures counted.
export type Row = {
  /** e.g. "permission matrix" */
  section: string;
  /** what was measured, e.g. "routes × callers" */
  what: string;
  /** how many cases ran */
  cases: number;
  /** how many of them failed; the run is green only when every row says 0 */
  failures: number;
  /** free-form figures: "p99 41 ms, rss ≤ 310 MB" */
  figures?: string;
  /** the first few failures, for the log */
  examples?: string[];
};

export type Section = {
  name: string;
  run: () => Promise<Row[]>;
};
