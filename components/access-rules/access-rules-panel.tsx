"use client";

import { useState } from "react";
import { KeyRound, Plus, Trash2 } from "lucide-react";
import { toast } from "sonner";
import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
  AlertDialogTrigger,
} from "@/components/ui/alert-dialog";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardAction, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Label } from "@/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { EmptyState, ErrorState, Pager, TableSkeleton } from "@/components/revenue/states";
import { formatDate, formatDateTime } from "@/lib/format/format";
import { itemTypeLabel } from "@/lib/platforms/item-types";
import { describeMatch, useAccessRules, useRevokeAccessRule, type AccessRuleStatus, type AccessRuleView } from "@/lib/queries/access-rules";
import { AccessRuleDialog } from "./access-rule-dialog";

const PAGE_SIZE = 20;
const STATUS_FILTERS: { value: AccessRuleStatus | "all"; label: string }[] = [
  { value: "all", label: "All rules" },
  { value: "active", label: "Active" },
  { value: "ended", label: "Ended" },
  { value: "revoked", label: "Revoked" },
];

export function RuleStatusBadge({ status }: { status: AccessRuleStatus }) {
  if (status === "active") return <Badge variant="success">Active</Badge>;
  if (status === "ended") return <Badge variant="secondary">Ended</Badge>;
  return <Badge variant="outline">Revoked</Badge>;
}

function targetLabel(r: AccessRuleView) {
  return r.target.item_type === "plan" ? "Plan" : itemTypeLabel(r.target.item_type);
}

function RevokeButton({ platformKey, rule }: { platformKey: string; rule: AccessRuleView }) {
  const revoke = useRevokeAccessRule(platformKey);
  return (
    <AlertDialog>
      <AlertDialogTrigger asChild>
        <Button type="button" size="sm" variant="ghost" disabled={revoke.isPending} aria-label={`Revoke the rule for ${rule.target.name}`}>
          <Trash2 aria-hidden /> Revoke
        </Button>
      </AlertDialogTrigger>
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>Revoke this access rule?</AlertDialogTitle>
          <AlertDialogDescription>
            {rule.target.name} stops being granted to: {describeMatch(rule.match).toLowerCase()}, from their next visit on. Anyone who bought it keeps access. The rule stays listed as revoked; this cannot be undone.
          </AlertDialogDescription>
        </AlertDialogHeader>
        <AlertDialogFooter>
          <AlertDialogCancel>Cancel</AlertDialogCancel>
          <AlertDialogAction
            onClick={() =>
              revoke.mutate(rule.id, {
                onSuccess: () => toast.success("Access rule revoked"),
                onError: (e) => toast.error(`Could not revoke: ${e.message}`),
              })
            }
          >
            Revoke rule
          </AlertDialogAction>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}

function MatchCell({ rule }: { rule: AccessRuleView }) {
  const m = rule.match;
  if ("emails" in m) {
    const shown = m.emails.slice(0, 2).join(", ");
    return (
      <span title={m.emails.slice(0, 50).join("\n")}>
        {describeMatch(m)}
        <span className="block truncate text-xs text-muted-foreground">
          {shown}
          {m.emails.length > 2 ? ` +${m.emails.length - 2} more` : ""}
        </span>
      </span>
    );
  }
  return <span>{describeMatch(m)}</span>;
}

/** Monetization → Access rules: who gets an item or plan without paying, and until when. */
export function AccessRulesPanel({ platformKey }: { platformKey: string }) {
  const [status, setStatus] = useState<AccessRuleStatus | "all">("all");
  const [page, setPage] = useState(1);
  const [adding, setAdding] = useState(false);
  const rules = useAccessRules(platformKey, { page, page_size: PAGE_SIZE, ...(status === "all" ? {} : { status }) });

  return (
    <Card data-testid="access-rules-panel">
      <CardHeader>
        <CardTitle>Access rules</CardTitle>
        <CardDescription>
          Give an item or a plan to a whole e-mail domain (<code>@school.edu</code>), a platform role or a list of people — complimentary access, with an optional end date.
        </CardDescription>
        <CardAction>
          <Button type="button" size="sm" onClick={() => setAdding(true)}>
            <Plus aria-hidden /> New rule
          </Button>
        </CardAction>
      </CardHeader>
      <CardContent className="space-y-3">
        <div className="flex items-center gap-2">
          <Label htmlFor="access-rules-status">Show</Label>
          <Select
            value={status}
            onValueChange={(v) => {
              setStatus(v as AccessRuleStatus | "all");
              setPage(1);
            }}
          >
            <SelectTrigger id="access-rules-status" className="w-36">
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              {STATUS_FILTERS.map((f) => (
                <SelectItem key={f.value} value={f.value}>
                  {f.label}
                </SelectItem>
              ))}
            </SelectContent>
          </Select>
        </div>
        {rules.isPending && <TableSkeleton rows={3} label="Loading access rules" />}
        {rules.isError && <ErrorState error={rules.error} what="the access rules" onRetry={() => rules.refetch()} />}
        {rules.isSuccess && rules.data.count === 0 && (
          <EmptyState title={status === "all" ? "No access rules yet" : `No ${status} rules`} icon={<KeyRound className="size-5" aria-hidden />}>
            {status === "all" && <p>Create one to let a school, a team or a list of guests in without a purchase.</p>}
          </EmptyState>
        )}
        {rules.isSuccess && rules.data.count > 0 && (
          <>
            <div className="overflow-x-auto">
              <Table>
                <TableHeader>
                  <TableRow>
                    <TableHead>Grants</TableHead>
                    <TableHead>To</TableHead>
                    <TableHead>Ends</TableHead>
                    <TableHead>Status</TableHead>
                    <TableHead>Created</TableHead>
                    <TableHead>
                      <span className="sr-only">Actions</span>
                    </TableHead>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {rules.data.results.map((r) => (
                    <TableRow key={r.id} data-testid="access-rule-row">
                      <TableCell className="max-w-56">
                        <span className="block truncate font-medium">{r.target.name}</span>
                        <span className="text-xs text-muted-foreground">{targetLabel(r)}</span>
                      </TableCell>
                      <TableCell className="max-w-64">
                        <MatchCell rule={r} />
                      </TableCell>
                      <TableCell className="whitespace-nowrap">{r.ends_at ? formatDateTime(r.ends_at) : <span className="text-muted-foreground">Never</span>}</TableCell>
                      <TableCell>
                        <RuleStatusBadge status={r.status} />
                      </TableCell>
                      <TableCell className="whitespace-nowrap text-sm">
                        {formatDate(r.created_at)}
                        {r.created_by && <span className="block text-xs text-muted-foreground">{r.created_by}</span>}
                      </TableCell>
                      <TableCell className="text-right">{r.status !== "revoked" && <RevokeButton platformKey={platformKey} rule={r} />}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </div>
            <Pager page={page} pageSize={PAGE_SIZE} count={rules.data.count} onPage={setPage} label="Access rules pages" />
          </>
        )}
      </CardContent>
      {adding && <AccessRuleDialog platformKey={platformKey} onClose={() => setAdding(false)} />}
    </Card>
  );
}
