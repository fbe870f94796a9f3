/**
 * Stripe's form encoding: `a[b][0][c]=x`, `expand[]=y`. Objects whose keys are all
 * integers (or pushed with `[]`) become arrays; values stay strings.
 */
export type FormValue = string | FormValue[] | { [key: string]: FormValue };
export type FormObject = { [key: string]: FormValue };

function splitKey(key: string): string[] {
  const first = key.indexOf("[");
  if (first <= 0) return [key];
  const parts = [key.slice(0, first)];
  const re = /\[([^\]]*)\]/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(key.slice(first)))) parts.push(m[1]);
  return parts;
}

function assign(target: Record<string, unknown>, parts: string[], value: string): void {
  let node: Record<string, unknown> = target;
  for (let i = 0; i < parts.length; i++) {
    let part = parts[i];
    const last = i === parts.length - 1;
    if (part === "") {
      // `[]` appends: use the next free numeric index
      let n = 0;
      while (`${n}` in node) n++;
      part = `${n}`;
    }
    if (part === "__proto__" || part === "constructor" || part === "prototype") return;
    if (last) {
      node[part] = value;
    } else {
      const next = node[part];
      if (typeof next !== "object" || next === null) node[part] = {};
      node = node[part] as Record<string, unknown>;
    }
  }
}

function arrayify(value: unknown): FormValue {
  if (typeof value === "string") return value;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj);
  if (keys.length > 0 && keys.every((k) => /^\d+$/.test(k))) {
    return keys
      .map(Number)
      .sort((a, b) => a - b)
      .map((k) => arrayify(obj[`${k}`]));
  }
  const out: FormObject = {};
  for (const k of keys) out[k] = arrayify(obj[k]);
  return out;
}

export function parseForm(body: string): FormObject {
  const root: Record<string, unknown> = {};
  if (!body) return {};
  for (const [key, value] of new URLSearchParams(body)) {
    assign(root, splitKey(key), value);
  }
  return arrayify(root) as FormObject;
}

/** Converts a JSON body (used by test controls) into the same loose shape. */
export function jsonToForm(value: unknown): FormValue {
  if (value === null || value === undefined) return "";
  if (Array.isArray(value)) return value.map(jsonToForm);
  if (typeof value === "object") {
    const out: FormObject = {};
    for (const [k, v] of Object.entries(value)) out[k] = jsonToForm(v);
    return out;
  }
  return String(value);
}
