// Validates the answers recorded by the in-process tests (tests/support/contract-recorder.ts)
// against the generated OpenAPI 3.1 document: each answer's operation and status must be in the
// document, and its body must validate (JSON Schema 2020-12, the schema dialect of OpenAPI 3.1)
// against the document's schema for that response. Exits non-zero on any mismatch.
// Usage: tsx --conditions=react-server scripts/check-recorded-responses.ts <dir>
import fs from "node:fs";
import path from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { ROUTES } from "@/app/api/route-manifest";
import { buildOpenApiDocument } from "@/lib/api/openapi";
import { authPaths } from "@/lib/auth/auth-openapi";

type Answer = { method: string; path: string; status: number; type: string; body: unknown };
type Operation = { responses?: Record<string, { content?: Record<string, { schema?: unknown }> }> };

const dir = process.argv[2];
if (!dir) throw new Error("usage: check-recorded-responses <dir>");
const answers: Answer[] = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith(".jsonl"))
  .flatMap((f) => fs.readFileSync(path.join(dir, f), "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l) as Answer));

const definition = buildOpenApiDocument(ROUTES, { version: "check", extraPaths: authPaths });
const DOC_ID = "https://tollgate.invalid/openapi.json";
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats.default(ajv);
// OpenAPI keywords that are not JSON Schema vocabulary
ajv.addKeyword("example");
ajv.addSchema({ ...(definition as object), $id: DOC_ID });

const pointer = (...parts: string[]) => parts.map((p) => p.replace(/~/g, "~0").replace(/\//g, "~1")).join("/");
const validators = new Map<string, ReturnType<typeof ajv.compile>>();

const mismatches = new Map<string, { count: number; example: string }>();
const covered = new Set<string>();
for (const a of answers) {
  covered.add(`${a.method} ${a.path}`);
  const op = (definition.paths?.[a.path] as Record<string, Operation> | undefined)?.[a.method.toLowerCase()];
  const response = op?.responses?.[String(a.status)];
  let problem: string | null = null;
  if (!op) problem = "no such operation in the document";
  else if (!response) problem = `status ${a.status} is not in the document`;
  else if (a.type === "application/json") {
    const media = response.content?.["application/json"];
    if (!media?.schema) problem = "a JSON body where the document declares none";
    else {
      const ref = `${DOC_ID}#/${pointer("paths", a.path, a.method.toLowerCase(), "responses", String(a.status), "content", "application/json", "schema")}`;
      let validate = validators.get(ref);
      if (!validate) validators.set(ref, (validate = ajv.compile({ $ref: ref })));
      if (!validate(a.body)) problem = (validate.errors ?? []).slice(0, 3).map((e) => `${e.instancePath || "(root)"} ${e.message}`).join("; ");
    }
  } else if (a.type && !response.content?.[a.type]) problem = `content type ${a.type} is not in the document`;
  if (problem) {
    const key = `${a.method} ${a.path} ${a.status}: ${problem}`;
    const m = mismatches.get(key) ?? { count: 0, example: JSON.stringify(a.body).slice(0, 300) };
    m.count++;
    mismatches.set(key, m);
  }
}

const total = Object.values(definition.paths ?? {}).reduce((n, item) => n + Object.keys(item ?? {}).length, 0);
const failed = [...mismatches.values()].reduce((n, m) => n + m.count, 0);
console.log(`[contract] ${answers.length} recorded answers checked against the OpenAPI document: ${covered.size} of ${total} operations exercised, ${failed} mismatches`);
for (const [key, m] of mismatches) console.log(`  ✗ ${key} (${m.count}×) body: ${m.example}`);
process.exit(mismatches.size ? 1 : 0);
