import "server-only";
import { db, Prisma } from "@/lib/db";
import type { AccessRule } from "@/lib/db";
import { BadRequestError, ConflictError, NotFoundError } from "@/lib/api/errors";
import { pageArgs, pageOf } from "@/lib/api/pagination";
import { itemKey, itemNames } from "@/lib/catalog/item-names";
import { audit } from "@/lib/platforms/audit";
import { normalizeItemType } from "@/lib/platforms/item-types";
import {
  ACCESS_RULE_ERROR_CODES,
  type AccessRuleMatchView,
  type AccessRulePage,
  type AccessRuleQuery,
  type AccessRuleStatus,
  type AccessRuleView,
  type CreateAccessRule,
} from "./access-rule-schema";

// Access rules: an admin grants an item or a plan to users matched by verified e-mail domain,
// platform role or a list of e-mails, optionally until a date. The access check reads them; this
// module only keeps them.

/** Target type of a rule that grants a plan; plans are paywalls of this item type. */
export const PLAN_TARGET = "plan";

export const ACCESS_RULE_AUDIT = { created: "access_rule.created", revoked: "access_rule.revoked" } as const;

type Target = { targetType: string; targetId: string };

function ruleStatus(r: Pick<AccessRule, "revokedAt" | "endsAt">, now: Date): AccessRuleStatus {
  if (r.revokedAt) return "revoked";
  if (r.endsAt && r.endsAt <= now) return "ended";
  return "active";
}

function matchView(r: AccessRule): AccessRuleMatchView {
  if (r.match === "email_domain") return { email_domain: r.emailDomain ?? "" };
  if (r.match === "role") return { role: r.role ?? "member" };
  return { emails: r.emails };
}

async function creatorEmails(ids: (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => !!id))];
  if (!wanted.length) return new Map();
  const users = await db.user.findMany({ where: { id: { in: wanted } }, select: { id: true, email: true } });
  return new Map(users.map((u) => [u.id, u.email]));
}

async function views(platformId: string, rows: AccessRule[], now = new Date()): Promise<AccessRuleView[]> {
  const refs = rows.map((r) => ({ itemType: r.targetType, itemId: r.targetId }));
  const [names, creators] = await Promise.all([itemNames(platformId, refs), creatorEmails(rows.map((r) => r.createdById))]);
  return rows.map((r) => ({
    id: r.id,
    target: { item_type: r.targetType, item_id: r.targetId, name: names.get(itemKey({ itemType: r.targetType, itemId: r.targetId })) ?? r.targetId },
    match: matchView(r),
    ends_at: r.endsAt?.toISOString() ?? null,
    revoked_at: r.revokedAt?.toISOString() ?? null,
    status: ruleStatus(r, now),
    created_at: r.createdAt.toISOString(),
    created_by: (r.createdById && creators.get(r.createdById)) ?? null,
  }));
}

export async function accessRuleView(platformId: string, row: AccessRule): Promise<AccessRuleView> {
  return (await views(platformId, [row]))[0];
}

function itemTypeOrRefuse(raw: string, field: string): string {
  const itemType = normalizeItemType(raw);
  if (!itemType) {
    throw new BadRequestError("Invalid item type.", { errors: { [field]: ["Must match ^(?:custom:)?[a-z][a-z0-9_-]*$ (at most 64 characters)."] } }, "validation_error");
  }
  return itemType;
}

function unknownTarget(detail: string, field: string): never {
  throw new BadRequestError(detail, { errors: { [field]: [detail] } }, ACCESS_RULE_ERROR_CODES.unknownTarget);
}

/** The stored target of a request, once it is known to exist on this platform (else 400 `unknown_target`). */
async function resolveTarget(platformId: string, t: CreateAccessRule["target"]): Promise<Target> {
  if (t.plan_id !== undefined) {
    // plans are paywalls of type `plan` whose item id is their unique id: text, so any input is safe
    const plan = await db.paywall.findFirst({ where: { platformId, itemType: PLAN_TARGET, itemId: t.plan_id }, select: { id: true } });
    if (!plan) unknownTarget("No plan with this id on this platform.", "target.plan_id");
    return { targetType: PLAN_TARGET, targetId: t.plan_id };
  }
  const itemType = itemTypeOrRefuse(t.item_type!, "target.item_type");
  const itemId = t.item_id!;
  const key = { platformId, itemType, itemId };
  const [paywall, item] = await Promise.all([
    db.paywall.findFirst({ where: key, select: { id: true } }),
    db.catalogItem.findFirst({ where: key, select: { id: true } }),
  ]);
  if (!paywall && !item) unknownTarget("This platform has no such item (neither a paywall nor a catalog entry).", "target.item_id");
  return { targetType: itemType, targetId: itemId };
}

function targetFilter(q: AccessRuleQuery): Prisma.AccessRuleWhereInput {
  if (q.plan_id !== undefined) return { targetType: PLAN_TARGET, targetId: q.plan_id };
  if (q.item_type !== undefined || q.item_id !== undefined) {
    if (q.item_type === undefined || q.item_id === undefined) {
      throw new BadRequestError("Filter by item with both item_type and item_id.", { errors: { [q.item_type === undefined ? "query.item_type" : "query.item_id"]: ["Required with the other."] } }, "validation_error");
    }
    return { targetType: itemTypeOrRefuse(q.item_type, "query.item_type"), targetId: q.item_id };
  }
  return {};
}

function statusFilter(status: AccessRuleStatus | undefined, now: Date): Prisma.AccessRuleWhereInput {
  if (status === "revoked") return { revokedAt: { not: null } };
  if (status === "ended") return { revokedAt: null, endsAt: { lte: now } };
  if (status === "active") return { revokedAt: null, OR: [{ endsAt: null }, { endsAt: { gt: now } }] };
  return {};
}

/** The platform's rules, newest first, filtered by status and target. */
export async function listAccessRules(platformId: string, q: AccessRuleQuery, now = new Date()): Promise<AccessRulePage> {
  const where: Prisma.AccessRuleWhereInput = { platformId, ...targetFilter(q), ...statusFilter(q.status, now) };
  const [rows, count] = await Promise.all([
    db.accessRule.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "desc" }], ...pageArgs(q) }),
    db.accessRule.count({ where }),
  ]);
  return pageOf(await views(platformId, rows, now), count, q);
}

/** The platform's rule, or 404 (also for another platform's id). */
export async function findAccessRule(platformId: string, id: string): Promise<AccessRule> {
  const row = await db.accessRule.findFirst({ where: { id, platformId } });
  if (!row) throw new NotFoundError("Access rule not found.");
  return row;
}

export async function readAccessRule(platformId: string, id: string): Promise<AccessRuleView> {
  return accessRuleView(platformId, await findAccessRule(platformId, id));
}

export async function createAccessRule(platformId: string, actorId: string, input: CreateAccessRule): Promise<AccessRuleView> {
  const target = await resolveTarget(platformId, input.target);
  const m = input.match;
  const match: Pick<AccessRule, "match" | "emailDomain" | "role" | "emails"> =
    m.email_domain !== undefined
      ? { match: "email_domain", emailDomain: m.email_domain, role: null, emails: [] }
      : m.role !== undefined
        ? { match: "role", emailDomain: null, role: m.role, emails: [] }
        : { match: "emails", emailDomain: null, role: null, emails: m.emails! };
  const row = await db.$transaction(async (tx) => {
    const created = await tx.accessRule.create({
      data: { platformId, ...target, ...match, endsAt: input.ends_at ?? null, createdById: actorId },
    });
    await audit(
      {
        actorId,
        platformId,
        action: ACCESS_RULE_AUDIT.created,
        target: created.id,
        data: {
          target: { item_type: target.targetType, item_id: target.targetId },
          match: match.match,
          ...(match.emailDomain ? { email_domain: match.emailDomain } : {}),
          ...(match.role ? { role: match.role } : {}),
          ...(match.match === "emails" ? { emails_count: match.emails.length } : {}),
          ends_at: created.endsAt?.toISOString() ?? null,
        },
      },
      tx,
    );
    return created;
  });
  return accessRuleView(platformId, row);
}

/** Stops the rule granting from now on; a rule is revoked once (409 `rule_already_revoked`). */
export async function revokeAccessRule(platformId: string, actorId: string, id: string, now = new Date()): Promise<AccessRuleView> {
  const row = await db.$transaction(async (tx) => {
    // only a rule not yet revoked: two revocations at once audit one
    const { count } = await tx.accessRule.updateMany({ where: { id, platformId, revokedAt: null }, data: { revokedAt: now, revokedById: actorId } });
    const current = await tx.accessRule.findFirst({ where: { id, platformId } });
    if (!current) throw new NotFoundError("Access rule not found.");
    if (!count) {
      throw new ConflictError("This access rule is already revoked.", { revoked_at: current.revokedAt?.toISOString() ?? null }, ACCESS_RULE_ERROR_CODES.alreadyRevoked);
    }
    await audit({ actorId, platformId, action: ACCESS_RULE_AUDIT.revoked, target: id, data: { target: { item_type: current.targetType, item_id: current.targetId } } }, tx);
    return current;
  });
  return accessRuleView(platformId, row);
}
