"use client";

import { useState } from "react";
import { Search, Users } from "lucide-react";
import { STATUS_OPTIONS, TYPE_OPTIONS, type StatusFilter } from "@/components/purchases/purchase-filters";
import { priceLabel, statusMeta } from "@/components/purchases/purchase-format";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatDate } from "@/lib/format/format";
import { itemTypeLabel } from "@/lib/platforms/item-types";
import { useSubscribers, type SubscriberRow } from "@/lib/queries/revenue";
import { cn } from "@/lib/utils";
import { parseItemValue, useItemOptions } from "./item-options";
import { EmptyState, ErrorState, Pager, TableSkeleton } from "./states";
import { useDebouncedValue } from "@/lib/hooks/use-debounced-value";

const PAGE_SIZE = 10;

export function SubscribersTable({ platformKey }: { platformKey: string }) {
  const [search, setSearch] = useState("");
  const [status, setStatus] = useState<StatusFilter>("all");
  const [type, setType] = useState<string>("all");
  const [item, setItem] = useState<string>("all");
  const [page, setPage] = useState(1);
  const items = useItemOptions(platformKey);
  const term = useDebouncedValue(search.trim(), 300);
  const picked = item === "all" ? undefined : parseItemValue(item);
  const q = useSubscribers(platformKey, {
    page,
    page_size: PAGE_SIZE,
    search: term || undefined,
    status: status === "all" ? undefined : status,
    item_type: type === "all" || picked ? undefined : type,
    item: picked,
  });
  const filtered = !!term || status !== "all" || type !== "all" || !!picked;
  const reset = <T,>(set: (v: T) => void) => (v: T) => {
    set(v);
    setPage(1);
  };

  return (
    <Card className="min-w-0 gap-4 py-4" role="region" aria-labelledby="subscribers-heading">
      <CardHeader className="px-4">
        <CardTitle id="subscribers-heading" className="text-base">
          Subscribers {q.data && <span className="font-normal text-muted-foreground">({q.data.count})</span>}
        </CardTitle>
        <CardDescription>Everyone who bought or subscribes to an item, newest first.</CardDescription>
      </CardHeader>
      <CardContent className="space-y-3 px-4">
        <div className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-4">
          <div className="flex flex-col gap-1.5">
            <Label htmlFor="subscribers-search">Search subscribers</Label>
            <div className="relative">
              <Search className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-muted-foreground" aria-hidden />
              <Input
                id="subscribers-search"
                type="search"
                value={search}
                placeholder="E-mail, name or item id"
                className="pl-8"
                onChange={(e) => {
                  setSearch(e.target.value);
                  setPage(1);
                }}
              />
            </div>
          </div>
          <FilterSelect id="subscribers-status" label="Status" value={status} onChange={reset((v: string) => setStatus(v as StatusFilter))} options={STATUS_OPTIONS} />
          <FilterSelect
            id="subscribers-type"
            label="Item type"
            value={type}
            onChange={reset(setType)}
            options={TYPE_OPTIONS.map((o) => ({ value: o.value, label: o.label }))}
            disabled={!!picked}
          />
          <FilterSelect
            id="subscribers-item"
            label="Item"
            value={item}
            onChange={reset(setItem)}
            options={[{ value: "all", label: "All items" }, ...items]}
          />
        </div>

        {q.isPending ? (
          <TableSkeleton label="Loading subscribers" />
        ) : q.isError ? (
          <ErrorState error={q.error} what="the subscribers" onRetry={() => q.refetch()} />
        ) : q.data.results.length === 0 ? (
          <EmptyState title={filtered ? "No subscriber matches these filters" : "No subscribers yet"} icon={<Users className="size-5" aria-hidden />}>
            {!filtered && <p>Buyers appear here after their first payment.</p>}
          </EmptyState>
        ) : (
          <div className={cn(q.isPlaceholderData && "opacity-60")} aria-busy={q.isFetching}>
            <Table aria-label="Subscribers">
              <TableHeader>
                <TableRow>
                  <TableHead>Buyer</TableHead>
                  <TableHead>Item</TableHead>
                  <TableHead>Plan</TableHead>
                  <TableHead>Status</TableHead>
                  <TableHead>Since</TableHead>
                  <TableHead>Renews / ends</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {q.data.results.map((s) => (
                  <SubscriberTableRow key={s.unique_id} s={s} />
                ))}
              </TableBody>
            </Table>
          </div>
        )}
        {q.data && <Pager page={page} pageSize={PAGE_SIZE} count={q.data.count} onPage={setPage} label="Subscribers pages" />}
      </CardContent>
    </Card>
  );
}

function SubscriberTableRow({ s }: { s: SubscriberRow }) {
  const status = statusMeta(s.status);
  const ends = s.status === "canceled" ? formatDate(s.canceled_at) : s.is_one_time ? "—" : formatDate(s.current_period_end);
  return (
    <TableRow data-testid="subscriber-row">
      <TableCell className="max-w-56">
        <div className="truncate font-medium" title={s.email}>{s.email}</div>
        {s.username && <div className="truncate text-xs text-muted-foreground">{s.username}</div>}
      </TableCell>
      <TableCell className="max-w-56">
        <div className="truncate" title={s.item_name ?? s.item_id}>{s.item_name || s.item_id}</div>
        <div className="text-xs text-muted-foreground">{itemTypeLabel(s.item_type)}</div>
      </TableCell>
      <TableCell>
        <div>{s.price?.name ?? "—"}</div>
        <div className="text-xs text-muted-foreground">{priceLabel(s) ?? ""}</div>
      </TableCell>
      <TableCell>
        <div className="flex flex-wrap gap-1">
          <Badge variant={status.variant}>{status.label}</Badge>
          {s.cancel_at_period_end && s.status !== "canceled" && <Badge variant="warning">Cancels</Badge>}
        </div>
      </TableCell>
      <TableCell>{formatDate(s.created_at)}</TableCell>
      <TableCell>{ends ?? "—"}</TableCell>
    </TableRow>
  );
}

export function FilterSelect({
  id,
  label,
  value,
  onChange,
  options,
  disabled,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (v: string) => void;
  options: readonly { value: string; label: string }[];
  disabled?: boolean;
}) {
  return (
    <div className="flex min-w-0 flex-col gap-1.5">
      <Label htmlFor={id}>{label}</Label>
      <Select value={value} onValueChange={onChange} disabled={disabled}>
        <SelectTrigger id={id} className="w-full min-w-0">
          <SelectValue />
        </SelectTrigger>
        <SelectContent>
          {options.map((o) => (
            <SelectItem key={o.value} value={o.value}>
              {o.label}
            </SelectItem>
          ))}
        </SelectContent>
      </Select>
    </div>
  );
}
