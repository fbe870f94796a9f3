import type { FormObject, FormValue } from "./form.js";
import { invalid, required } from "./errors.js";

/** Typed reads over a parsed form body, with Stripe's validation messages. */
export class Params {
  constructor(
    public raw: FormObject,
    private prefix = "",
  ) {}

  private name(key: string): string {
    return this.prefix ? `${this.prefix}[${key}]` : key;
  }

  has(key: string): boolean {
    return this.raw[key] !== undefined;
  }

  str(key: string): string | undefined {
    const v = this.raw[key];
    if (v === undefined) return undefined;
    if (typeof v !== "string") throw invalid(`Invalid string: ${this.name(key)}`, this.name(key));
    return v;
  }

  reqStr(key: string): string {
    const v = this.str(key);
    if (v === undefined || v === "") throw required(this.name(key));
    return v;
  }

  /** `""` means "unset" in Stripe's form encoding. */
  nullableStr(key: string): string | null | undefined {
    const v = this.str(key);
    if (v === undefined) return undefined;
    return v === "" ? null : v;
  }

  int(key: string): number | undefined {
    const v = this.str(key);
    if (v === undefined || v === "") return undefined;
    if (!/^-?\d+$/.test(v)) throw invalid(`Invalid integer: ${v}`, this.name(key));
    return Number(v);
  }

  reqInt(key: string): number {
    const v = this.int(key);
    if (v === undefined) throw required(this.name(key));
    return v;
  }

  num(key: string): number | undefined {
    const v = this.str(key);
    if (v === undefined || v === "") return undefined;
    const n = Number(v);
    if (!Number.isFinite(n)) throw invalid(`Invalid decimal: ${v}`, this.name(key));
    return n;
  }

  bool(key: string): boolean | undefined {
    const v = this.str(key);
    if (v === undefined || v === "") return undefined;
    if (v !== "true" && v !== "false") throw invalid(`Invalid boolean: ${v}`, this.name(key));
    return v === "true";
  }

  obj(key: string): Params | undefined {
    const v = this.raw[key];
    if (v === undefined || v === "") return undefined;
    if (typeof v !== "object" || Array.isArray(v)) throw invalid(`Invalid object`, this.name(key));
    return new Params(v, this.name(key));
  }

  arr(key: string): Params[] {
    const v = this.raw[key];
    if (v === undefined || v === "") return [];
    const list: FormValue[] = Array.isArray(v) ? v : typeof v === "object" ? Object.values(v) : [v];
    return list.map((item, i) => {
      if (typeof item !== "object" || Array.isArray(item)) throw invalid(`Invalid array`, `${this.name(key)}[${i}]`);
      return new Params(item, `${this.name(key)}[${i}]`);
    });
  }

  strArr(key: string): string[] {
    const v = this.raw[key];
    if (v === undefined || v === "") return [];
    const list = Array.isArray(v) ? v : typeof v === "object" ? Object.values(v) : [v];
    return list.filter((x): x is string => typeof x === "string");
  }

  oneOf<T extends string>(key: string, values: readonly T[]): T | undefined {
    const v = this.str(key);
    if (v === undefined) return undefined;
    if (!(values as readonly string[]).includes(v)) {
      throw invalid(`Invalid ${this.name(key)}: must be one of ${values.join(", ")}`, this.name(key));
    }
    return v as T;
  }

  /** Merges a `metadata` param into existing metadata (empty value deletes a key). */
  metadata(existing: Record<string, string> = {}, key = "metadata"): Record<string, string> {
    const v = this.raw[key];
    if (v === undefined) return existing;
    if (v === "") return {};
    if (typeof v !== "object" || Array.isArray(v)) throw invalid("Invalid metadata", this.name(key));
    const out = { ...existing };
    for (const [k, val] of Object.entries(v)) {
      if (typeof val !== "string") throw invalid("Invalid metadata value", `${this.name(key)}[${k}]`);
      if (val === "") delete out[k];
      else out[k] = val;
    }
    return out;
  }
}
