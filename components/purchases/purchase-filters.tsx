"use client";

import { Search, X } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import type { SubscriptionStatus } from "@/lib/queries/subscriptions";

export const STATUS_OPTIONS: { value: "all" | SubscriptionStatus; label: string }[] = [
  { value: "all", label: "All" },
  { value: "active", label: "Active" },
  { value: "trialing", label: "Trialing" },
  { value: "past_due", label: "Past due" },
  { value: "canceled", label: "Canceled" },
  { value: "free", label: "Free" },
  { value: "grandfathered", label: "Grandfathered" },
  { value: "incomplete", label: "Incomplete" },
];

export const TYPE_OPTIONS = [
  { value: "all", label: "All" },
  { value: "mentor", label: "Agent" },
  { value: "course", label: "Course" },
  { value: "program", label: "Program" },
  { value: "pathway", label: "Pathway" },
] as const;

export type StatusFilter = (typeof STATUS_OPTIONS)[number]["value"];
export type TypeFilter = (typeof TYPE_OPTIONS)[number]["value"];

type Props = {
  search: string;
  onSearchChange: (value: string) => void;
  status: StatusFilter;
  onStatusChange: (value: StatusFilter) => void;
  type: TypeFilter;
  onTypeChange: (value: TypeFilter) => void;
  count: number | undefined;
};

export function PurchaseFilters({ search, onSearchChange, status, onStatusChange, type, onTypeChange, count }: Props) {
  return (
    <div className="flex flex-wrap items-end gap-3">
      <div className="flex min-w-56 flex-1 flex-col gap-1.5">
        <Label htmlFor="purchases-search">Search purchases</Label>
        <div className="relative">
          <Search className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-muted-foreground" aria-hidden />
          <Input
            id="purchases-search"
            type="search"
            value={search}
            onChange={(e) => onSearchChange(e.target.value)}
            placeholder="Item name or id"
            autoComplete="off"
            className="pr-8 pl-8 [&::-webkit-search-cancel-button]:hidden"
          />
          {search && (
            <Button
              type="button"
              variant="ghost"
              size="icon-sm"
              aria-label="Clear search"
              className="absolute top-1/2 right-0.5 size-7 -translate-y-1/2"
              onClick={() => onSearchChange("")}
            >
              <X aria-hidden />
            </Button>
          )}
        </div>
      </div>
      <div className="flex flex-col gap-1.5">
        <Label htmlFor="purchases-status">Status</Label>
        <Select value={status} onValueChange={(v) => onStatusChange(v as StatusFilter)}>
          <SelectTrigger id="purchases-status" className="w-40">
            <SelectValue />
          </SelectTrigger>
          <SelectContent>
            {STATUS_OPTIONS.map((o) => (
              <SelectItem key={o.value} value={o.value}>{o.label}</SelectItem>
            ))}
          </SelectContent>
        </Select>
      </div>
      <div className="flex flex-col gap-1.5">
        <Label htmlFor="purchases-type">Type</Label>
        <Select value={type} onValueChange={(v) => onTypeChange(v as TypeFilter)}>
          <SelectTrigger id="purchases-type" className="w-36">
            <SelectValue />
          </SelectTrigger>
          <SelectContent>
            {TYPE_OPTIONS.map((o) => (
              <SelectItem key={o.value} value={o.value}>{o.label}</SelectItem>
            ))}
          </SelectContent>
        </Select>
      </div>
      {count !== undefined && (
        <Badge variant="secondary" className="mb-2" aria-live="polite">
          {count} {count === 1 ? "purchase" : "purchases"}
        </Badge>
      )}
    </div>
  );
}
