/** Structural comparison against fixtures3.json: same keys, same JSON types; null matches anything. */
export interface ShapeIssue {
  path: string;
  problem: string;
}

function kind(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  return typeof v;
}

export function compareShape(ours: unknown, fixture: unknown, path = "", issues: ShapeIssue[] = [], allowMissing: Set<string> = new Set()): ShapeIssue[] {
  if (ours === null || fixture === null || ours === undefined) return issues;
  const a = kind(ours);
  const b = kind(fixture);
  // an expandable field: an id string stands for the expanded object
  if (a === "string" && b === "object" && "id" in (fixture as object)) return issues;
  // event payloads hold any object type; only the envelope has a fixed shape
  if (/^data\.(object|previous_attributes)$/.test(path)) return issues;
  if (a !== b) {
    issues.push({ path: path || "(root)", problem: `type ${a} vs fixture ${b}` });
    return issues;
  }
  if (a === "array") {
    const xs = ours as unknown[];
    const ys = fixture as unknown[];
    if (xs.length && ys.length) compareShape(xs[0], ys[0], `${path}[]`, issues, allowMissing);
    return issues;
  }
  if (a === "object") {
    const o = ours as Record<string, unknown>;
    const f = fixture as Record<string, unknown>;
    // maps keyed by the user (metadata) have no fixed keys
    if (/(^|\.)metadata$/.test(path)) return issues;
    for (const key of Object.keys(f)) {
      const p = path ? `${path}.${key}` : key;
      if (!(key in o)) {
        if (!allowMissing.has(p)) issues.push({ path: p, problem: "missing" });
        continue;
      }
      compareShape(o[key], f[key], p, issues, allowMissing);
    }
  }
  return issues;
}
