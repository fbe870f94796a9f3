// Enumerates the app's API route handlers from the files (app/api/**/route.ts), so a new route
// cannot be forgotten by the matrix or the fuzzer, and reads each exported method's permission
// class from its `withApi({ auth: "...", sessionOnly })` declaration — following re-exports and
// factories into lib/ with the TypeScript parser (no type checking, just syntax and scopes).
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { ROOT_DIR } from "./stack";

export const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** A dynamic segment of the route: `[x]` one value, `[...x]` one or more, `[[...x]]` zero or more. */
export type Segment = { kind: "static"; value: string } | { kind: "param" | "catchall" | "optional-catchall"; name: string };

export type Declared = { auth: string; sessionOnly: boolean };

export type RouteMethod = {
  /** e.g. app/api/billing/items/[uid]/paywall/route.ts */
  file: string;
  /** e.g. /api/billing/items/[uid]/paywall */
  template: string;
  segments: Segment[];
  method: HttpMethod;
  /** what withApi declares for this export, or null when it cannot be read (not withApi, or ambiguous) */
  declared: Declared | null;
  /** why `declared` is null */
  unresolved?: string;
};

function walk(dir: string, out: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else if (entry.name === "route.ts" || entry.name === "route.tsx" || entry.name === "route.js") out.push(full);
  }
  return out;
}

function segmentsOf(rel: string): Segment[] {
  // app/api/a/[b]/(group)/route.ts → api/a/[b]
  const parts = path.dirname(rel).split(path.sep).slice(1);
  const segs: Segment[] = [];
  for (const p of parts) {
    if (/^\(.*\)$/.test(p) || p.startsWith("@")) continue; // route groups and parallel slots are not in the URL
    let m: RegExpMatchArray | null;
    if ((m = p.match(/^\[\[\.\.\.(.+)\]\]$/))) segs.push({ kind: "optional-catchall", name: m[1] });
    else if ((m = p.match(/^\[\.\.\.(.+)\]$/))) segs.push({ kind: "catchall", name: m[1] });
    else if ((m = p.match(/^\[(.+)\]$/))) segs.push({ kind: "param", name: m[1] });
    else segs.push({ kind: "static", value: p });
  }
  return segs;
}

export function templateOf(segs: Segment[]): string {
  return (
    "/" +
    segs
      .map((s) => (s.kind === "static" ? s.value : s.kind === "param" ? `[${s.name}]` : s.kind === "catchall" ? `[...${s.name}]` : `[[...${s.name}]]`))
      .join("/")
  );
}

// ---------------------------------------------------------------- static resolution

const sourceCache = new Map<string, ts.SourceFile | null>();

function load(file: string): ts.SourceFile | null {
  if (!sourceCache.has(file)) {
    let sf: ts.SourceFile | null = null;
    try {
      sf = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
    } catch {}
    sourceCache.set(file, sf);
  }
  return sourceCache.get(file)!;
}

function resolveModule(spec: string, fromFile: string): string | null {
  let base: string;
  if (spec.startsWith("@/")) base = path.join(ROOT_DIR, spec.slice(2));
  else if (spec.startsWith(".")) base = path.resolve(path.dirname(fromFile), spec);
  else return null; // a package: not ours
  for (const cand of [base, `${base}.ts`, `${base}.tsx`, path.join(base, "index.ts"), path.join(base, "index.tsx")]) {
    if (fs.existsSync(cand) && fs.statSync(cand).isFile()) return cand;
  }
  return null;
}

type Found = { decl: Declared } | { fail: string };
type Ctx = { depth: number; seen: Set<string> };

function unwrap(e: ts.Expression): ts.Expression {
  while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isSatisfiesExpression(e) || ts.isNonNullExpression(e) || ts.isTypeAssertionExpression(e)) {
    e = e.expression;
  }
  return e;
}

function propName(n: ts.PropertyName | ts.BindingName | undefined): string | null {
  if (!n) return null;
  if (ts.isIdentifier(n) || ts.isStringLiteral(n) || ts.isNumericLiteral(n)) return n.text;
  return null;
}

/** A top-level (or enclosing-scope) declaration named `name`, searched from `from` outwards. */
function findInScope(name: string, from: ts.Node): { node: ts.Node; sf: ts.SourceFile } | { importFrom: string; exported: string; sf: ts.SourceFile } | null {
  const sf = from.getSourceFile();
  for (let scope: ts.Node | undefined = from; scope; scope = scope.parent) {
    const statements: readonly ts.Statement[] | undefined = ts.isSourceFile(scope) || ts.isBlock(scope) || ts.isModuleBlock(scope) ? scope.statements : undefined;
    if (!statements) continue;
    for (const st of statements) {
      if (ts.isVariableStatement(st)) {
        for (const d of st.declarationList.declarations) {
          if (ts.isIdentifier(d.name) && d.name.text === name) return { node: d, sf };
          if (ts.isObjectBindingPattern(d.name)) {
            for (const el of d.name.elements) if (ts.isIdentifier(el.name) && el.name.text === name) return { node: el, sf };
          }
        }
      } else if (ts.isFunctionDeclaration(st) && st.name?.text === name) {
        return { node: st, sf };
      } else if (ts.isImportDeclaration(st) && ts.isSourceFile(scope) && st.importClause && ts.isStringLiteral(st.moduleSpecifier)) {
        const bindings = st.importClause.namedBindings;
        if (bindings && ts.isNamedImports(bindings)) {
          for (const el of bindings.elements) {
            if (el.name.text === name) return { importFrom: st.moduleSpecifier.text, exported: (el.propertyName ?? el.name).text, sf };
          }
        }
      }
    }
  }
  return null;
}

/** The declaration a module exports under `name` (also `export { a as name }` and `export ... from`). */
function findExport(sf: ts.SourceFile, name: string, ctx: Ctx): { node: ts.Node } | { fail: string } {
  for (const st of sf.statements) {
    const exported = ts.canHaveModifiers(st) && ts.getModifiers(st)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    if (exported && ts.isVariableStatement(st)) {
      for (const d of st.declarationList.declarations) {
        if (ts.isIdentifier(d.name) && d.name.text === name) return { node: d };
        if (ts.isObjectBindingPattern(d.name)) {
          for (const el of d.name.elements) if (ts.isIdentifier(el.name) && el.name.text === name) return { node: el };
        }
      }
    }
    if (exported && ts.isFunctionDeclaration(st) && st.name?.text === name) return { node: st };
    if (ts.isExportDeclaration(st) && st.exportClause && ts.isNamedExports(st.exportClause)) {
      for (const el of st.exportClause.elements) {
        if (el.name.text !== name) continue;
        const local = (el.propertyName ?? el.name).text;
        if (st.moduleSpecifier && ts.isStringLiteral(st.moduleSpecifier)) {
          const file = resolveModule(st.moduleSpecifier.text, sf.fileName);
          const target = file && load(file);
          if (!target) return { fail: `re-export from ${st.moduleSpecifier.text} not readable` };
          return findExport(target, local, ctx);
        }
        const found = findInScope(local, sf);
        if (!found) return { fail: `export ${name}: no local ${local}` };
        if ("node" in found) return { node: found.node };
        const file = resolveModule(found.importFrom, sf.fileName);
        const target = file && load(file);
        if (!target) return { fail: `${local} is imported from ${found.importFrom} (not ours)` };
        return findExport(target, found.exported, ctx);
      }
    }
  }
  return { fail: `${path.relative(ROOT_DIR, sf.fileName)} does not export ${name}` };
}

function readWithApiConfig(call: ts.CallExpression): Found {
  const arg = call.arguments[0] && unwrap(call.arguments[0]);
  if (!arg || !ts.isObjectLiteralExpression(arg)) return { fail: "withApi called without an object literal config" };
  let auth: string | null = null;
  let sessionOnly = false;
  for (const p of arg.properties) {
    if (!ts.isPropertyAssignment(p)) continue;
    const key = propName(p.name);
    const v = unwrap(p.initializer);
    if (key === "auth") auth = ts.isStringLiteralLike(v) ? v.text : null;
    if (key === "sessionOnly") sessionOnly = v.kind === ts.SyntaxKind.TrueKeyword;
  }
  if (!auth) return { fail: "withApi config has no literal `auth`" };
  return { decl: { auth, sessionOnly } };
}

function isWithApiCallee(callee: ts.Expression): boolean {
  const c = unwrap(callee);
  if (!ts.isIdentifier(c)) return false;
  if (c.text === "withApi") return true;
  const found = findInScope(c.text, c);
  return Boolean(found && "exported" in found && found.exported === "withApi");
}

function returnsOf(fn: ts.SignatureDeclaration): ts.Expression[] {
  const body = (fn as ts.FunctionLikeDeclaration).body;
  if (!body) return [];
  if (!ts.isBlock(body)) return [body];
  const out: ts.Expression[] = [];
  const visit = (n: ts.Node) => {
    if (ts.isFunctionLike(n)) return; // nested functions return for themselves
    if (ts.isReturnStatement(n) && n.expression) out.push(n.expression);
    ts.forEachChild(n, visit);
  };
  ts.forEachChild(body, visit);
  return out;
}

function merge(results: Found[], what: string): Found {
  const ok = results.filter((r): r is { decl: Declared } => "decl" in r);
  if (ok.length === 0) return results.find((r) => "fail" in r) ?? { fail: `${what}: nothing returned` };
  if (ok.length !== results.length) return { fail: `${what}: some branches unresolved` };
  const first = ok[0].decl;
  if (ok.some((r) => r.decl.auth !== first.auth || r.decl.sessionOnly !== first.sessionOnly)) return { fail: `${what}: branches declare different classes` };
  return { decl: first };
}

/** Resolves a declaration node (variable, binding element, function) to the handler config, picking `pick` properties. */
function resolveNode(node: ts.Node, pick: string[], ctx: Ctx): Found {
  if (ts.isVariableDeclaration(node)) {
    if (!node.initializer) return { fail: "declaration without initializer" };
    return resolveExpr(node.initializer, pick, ctx);
  }
  if (ts.isBindingElement(node)) {
    // const { GET, POST } = expr
    const decl = node.parent.parent;
    const key = propName(node.propertyName ?? node.name);
    if (!ts.isVariableDeclaration(decl) || !decl.initializer || !key) return { fail: "unsupported destructuring" };
    return resolveExpr(decl.initializer, [key, ...pick], ctx);
  }
  if (ts.isFunctionDeclaration(node)) return { fail: `function ${node.name?.text ?? "?"} is not a withApi handler` };
  return { fail: `unsupported declaration ${ts.SyntaxKind[node.kind]}` };
}

function resolveIdentifier(id: ts.Identifier, pick: string[], ctx: Ctx): Found {
  const found = findInScope(id.text, id);
  if (!found) return { fail: `no declaration of ${id.text}` };
  if ("node" in found) return resolveNode(found.node, pick, ctx);
  const file = resolveModule(found.importFrom, found.sf.fileName);
  const target = file && load(file);
  if (!target) return { fail: `${id.text} comes from ${found.importFrom} (not ours)` };
  const exp = findExport(target, found.exported, ctx);
  if ("fail" in exp) return exp;
  return resolveNode(exp.node, pick, ctx);
}

/** What function a callee names: a function declaration, an arrow/function expression, or an IIFE. */
function calleeFunction(callee: ts.Expression, ctx: Ctx): ts.SignatureDeclaration | { fail: string } {
  const c = unwrap(callee);
  if (ts.isArrowFunction(c) || ts.isFunctionExpression(c)) return c;
  if (ts.isIdentifier(c)) {
    let found = findInScope(c.text, c);
    let node: ts.Node | undefined;
    if (found && "importFrom" in found) {
      const file = resolveModule(found.importFrom, found.sf.fileName);
      const target = file && load(file);
      if (!target) return { fail: `${c.text} comes from ${found.importFrom} (not ours)` };
      const exp = findExport(target, found.exported, ctx);
      if ("fail" in exp) return exp;
      node = exp.node;
      found = null;
    } else if (found) node = found.node;
    if (!node) return { fail: `no declaration of ${c.text}` };
    if (ts.isFunctionDeclaration(node)) return node;
    if (ts.isVariableDeclaration(node) && node.initializer) {
      const init = unwrap(node.initializer);
      if (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) return init;
    }
    return { fail: `${c.text} is not a function we can read` };
  }
  return { fail: "unsupported callee" };
}

function resolveExpr(expr: ts.Expression, pick: string[], ctx: Ctx): Found {
  if (ctx.depth > 40) return { fail: "resolution too deep" };
  const e = unwrap(expr);
  const key = `${e.getSourceFile().fileName}:${e.pos}:${pick.join(".")}`;
  if (ctx.seen.has(key)) return { fail: "cyclic resolution" };
  const next: Ctx = { depth: ctx.depth + 1, seen: new Set([...ctx.seen, key]) };

  if (ts.isCallExpression(e)) {
    if (isWithApiCallee(e.expression)) {
      if (pick.length) return { fail: `picking .${pick.join(".")} of a withApi handler` };
      return readWithApiConfig(e);
    }
    const fn = calleeFunction(e.expression, next);
    if ("fail" in fn) return fn;
    return merge(
      returnsOf(fn).map((r) => resolveExpr(r, pick, next)),
      "factory",
    );
  }
  if (ts.isIdentifier(e)) return resolveIdentifier(e, pick, next);
  if (ts.isPropertyAccessExpression(e)) return resolveExpr(e.expression, [e.name.text, ...pick], next);
  if (ts.isElementAccessExpression(e) && ts.isStringLiteralLike(e.argumentExpression)) {
    return resolveExpr(e.expression, [e.argumentExpression.text, ...pick], next);
  }
  if (ts.isObjectLiteralExpression(e)) {
    if (!pick.length) return { fail: "an object is not a handler" };
    const [want, ...rest] = pick;
    for (const p of e.properties) {
      if (ts.isPropertyAssignment(p) && propName(p.name) === want) return resolveExpr(p.initializer, rest, next);
      if (ts.isShorthandPropertyAssignment(p) && p.name.text === want) return resolveIdentifier(p.name, rest, next);
      if (ts.isMethodDeclaration(p) && propName(p.name) === want) return { fail: `method ${want} is not a withApi handler` };
    }
    return { fail: `object has no property ${want}` };
  }
  return { fail: `unsupported expression ${ts.SyntaxKind[e.kind]}` };
}

/** The HTTP methods a route file exports, each with the declaration it resolves to. */
function methodsOf(file: string): { method: HttpMethod; found: Found }[] {
  const sf = load(file);
  if (!sf) return [];
  const ctx: Ctx = { depth: 0, seen: new Set() };
  const out: { method: HttpMethod; found: Found }[] = [];
  const isMethod = (n: string): n is HttpMethod => (HTTP_METHODS as readonly string[]).includes(n);
  for (const st of sf.statements) {
    const exported = ts.canHaveModifiers(st) && ts.getModifiers(st)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    if (exported && ts.isVariableStatement(st)) {
      for (const d of st.declarationList.declarations) {
        if (ts.isIdentifier(d.name) && isMethod(d.name.text)) out.push({ method: d.name.text, found: resolveNode(d, [], ctx) });
        if (ts.isObjectBindingPattern(d.name)) {
          for (const el of d.name.elements) if (ts.isIdentifier(el.name) && isMethod(el.name.text)) out.push({ method: el.name.text, found: resolveNode(el, [], ctx) });
        }
      }
    }
    if (exported && ts.isFunctionDeclaration(st) && st.name && isMethod(st.name.text)) {
      out.push({ method: st.name.text, found: { fail: `function ${st.name.text} is not a withApi handler` } });
    }
    if (ts.isExportDeclaration(st) && st.exportClause && ts.isNamedExports(st.exportClause)) {
      for (const el of st.exportClause.elements) {
        if (!isMethod(el.name.text)) continue;
        const exp = findExport(sf, el.name.text, ctx);
        out.push({ method: el.name.text, found: "fail" in exp ? exp : resolveNode(exp.node, [], ctx) });
      }
    }
  }
  return out;
}

let cached: RouteMethod[] | undefined;

/** Every exported method of every app/api route file, sorted by template then method. */
export function enumerateRoutes(): RouteMethod[] {
  if (cached) return cached;
  const files = walk(path.join(ROOT_DIR, "app", "api")).map((f) => path.relative(ROOT_DIR, f)).sort();
  const out: RouteMethod[] = [];
  for (const file of files) {
    const segments = segmentsOf(file);
    const template = templateOf(segments);
    const methods = methodsOf(path.join(ROOT_DIR, file));
    if (methods.length === 0) {
      out.push({ file, template, segments, method: "GET", declared: null, unresolved: "the file exports no HTTP method we can read" });
      continue;
    }
    for (const { method, found } of methods) {
      out.push({ file, template, segments, method, declared: "decl" in found ? found.decl : null, ...("fail" in found ? { unresolved: found.fail } : {}) });
    }
  }
  cached = out.sort((a, b) => a.template.localeCompare(b.template) || HTTP_METHODS.indexOf(a.method) - HTTP_METHODS.indexOf(b.method));
  return cached;
}

/** The route's path with values for its params (catch-alls take arrays); each value is percent-encoded unless `raw`. */
export function buildPath(
  segs: Segment[],
  values: Record<string, string | string[] | undefined>,
  opts: { raw?: boolean; trailingSlash?: boolean } = {},
): string {
  const enc = (v: string) => (opts.raw ? v : encodeURIComponent(v));
  const parts: string[] = [];
  for (const s of segs) {
    if (s.kind === "static") parts.push(s.value);
    else {
      const v = values[s.name];
      if (s.kind === "param") {
        if (typeof v !== "string") throw new Error(`no value for [${s.name}]`);
        parts.push(enc(v));
      } else {
        const list = v === undefined ? [] : Array.isArray(v) ? v : [v];
        if (s.kind === "catchall" && list.length === 0) throw new Error(`no value for [...${s.name}]`);
        parts.push(...list.map(enc));
      }
    }
  }
  return "/" + parts.join("/") + (opts.trailingSlash === false ? "" : "/");
}

export function paramNames(segs: Segment[]): string[] {
  return segs.filter((s) => s.kind !== "static").map((s) => (s as { name: string }).name);
}
