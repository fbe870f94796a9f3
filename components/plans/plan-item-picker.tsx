"use client";

import { useRef, useState } from "react";
import { CheckIcon, XIcon } from "lucide-react";
import { cn } from "@/lib/utils";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Command, CommandGroup, CommandInput, CommandItem, CommandList } from "@/components/ui/command";
import { Spinner } from "@/components/ui/spinner";
import { itemTypeLabel } from "@/lib/platforms/item-types";
import { useCatalogSearch, type CatalogItem } from "@/lib/queries/catalog";
import { useDebouncedValue } from "@/lib/hooks/use-debounced-value";
import type { PlanItem } from "@/lib/queries/plans";

const keyOf = (item: { item_type: string; item_id: string }) => `${item.item_type}/${item.item_id}`;

type Props = {
  platformKey: string;
  value: PlanItem[];
  onChange: (items: PlanItem[]) => void;
  invalid?: boolean;
  describedBy?: string;
  disabled?: boolean;
};

/**
 * Picks the items of a plan from the catalog: search, then Enter or click toggles an item; the
 * list stays open for the next one. The chosen items are listed below with a remove button each.
 */
export function PlanItemPicker({ platformKey, value, onChange, invalid, describedBy, disabled }: Props) {
  const [query, setQuery] = useState("");
  const [open, setOpen] = useState(false);
  const debounced = useDebouncedValue(query.trim(), 300);
  const search = useCatalogSearch(platformKey, debounced, { enabled: open, limit: 10 });
  const wrapper = useRef<HTMLDivElement>(null);
  const chosen = new Set(value.map(keyOf));

  const typed = query.trim();
  // only results for what is typed now: stale rows would let Enter toggle the wrong item
  const current = search.data?.query === typed ? search.data : undefined;
  const groups = current?.groups ?? [];

  function toggle(item: CatalogItem) {
    const k = keyOf(item);
    onChange(chosen.has(k) ? value.filter((v) => keyOf(v) !== k) : [...value, { item_type: item.item_type, item_id: item.item_id, name: item.name }]);
  }

  return (
    <div className="space-y-3">
      <div
        ref={wrapper}
        className="relative"
        // the dialog around the picker reads this: Escape closes the results first, not the dialog
        data-results-open={open || undefined}
        onBlur={(e) => {
          // close only when focus leaves the whole search box
          if (!wrapper.current?.contains(e.relatedTarget as Node | null)) setOpen(false);
        }}
      >
        {/* the API ranks and filters; cmdk only provides the keyboard navigation */}
        <Command
          label="Search items to include"
          shouldFilter={false}
          loop
          className={cn(
            "overflow-visible rounded-md border bg-background shadow-xs **:data-[slot=command-input-wrapper]:border-0",
            invalid && "border-destructive",
          )}
        >
          <CommandInput
            value={query}
            disabled={disabled}
            onValueChange={(v) => {
              setQuery(v);
              setOpen(true);
            }}
            onFocus={() => setOpen(true)}
            onKeyDown={(e) => {
              if (e.key === "Escape") setOpen(false);
              else if (e.key === "Enter" && !current) e.preventDefault();
              else if (!open && (e.key === "ArrowDown" || e.key === "ArrowUp")) setOpen(true);
            }}
            placeholder="Search agents, courses, programs, pathways…"
            aria-label="Search items to include"
            aria-invalid={invalid || undefined}
            aria-describedby={describedBy}
            className="h-9"
          />
          <div hidden={!open} className="absolute inset-x-0 top-full z-50 mt-1 rounded-md border bg-popover shadow-md">
            <CommandList aria-label="Catalog items" onMouseDown={(e) => e.preventDefault()}>
              {open && (
                <>
                  {!current && !search.isError && (
                    <div className="flex items-center justify-center gap-2 py-6 text-sm text-muted-foreground">
                      <Spinner /> Searching…
                    </div>
                  )}
                  {search.isError && (
                    <div role="alert" className="py-6 text-center text-sm text-destructive">
                      Search failed: {search.error.message}
                    </div>
                  )}
                  {current && groups.length === 0 && (
                    <p className="py-6 text-center text-sm text-muted-foreground">{typed ? `No items match “${typed}”.` : "The catalog is empty."}</p>
                  )}
                  {groups.map((group) => (
                    <CommandGroup key={group.item_type} heading={itemTypeLabel(group.item_type)}>
                      {group.items.map((item) => {
                        const selected = chosen.has(keyOf(item));
                        return (
                          <CommandItem key={keyOf(item)} value={keyOf(item)} onSelect={() => toggle(item)}>
                            <CheckIcon aria-hidden className={cn("size-4 shrink-0", selected ? "opacity-100" : "opacity-0")} />
                            <div className="min-w-0 flex-1">
                              <div className="truncate font-medium">{item.name}</div>
                              {item.description && <div className="truncate text-xs text-muted-foreground">{item.description}</div>}
                            </div>
                            <span className="sr-only">{selected ? "(included, select to remove)" : "(select to include)"}</span>
                            <Badge variant="outline">{itemTypeLabel(item.item_type)}</Badge>
                          </CommandItem>
                        );
                      })}
                    </CommandGroup>
                  ))}
                </>
              )}
            </CommandList>
          </div>
        </Command>
      </div>

      {value.length > 0 ? (
        <ul className="max-h-56 space-y-1.5 overflow-y-auto" aria-label="Included items">
          {value.map((item) => (
            <li key={keyOf(item)} className="flex items-center gap-2 rounded-md border bg-muted/30 px-3 py-1.5 text-sm">
              <span className="min-w-0 flex-1 truncate">{item.name}</span>
              <Badge variant="outline">{itemTypeLabel(item.item_type)}</Badge>
              <Button
                type="button"
                variant="ghost"
                size="icon-sm"
                disabled={disabled}
                aria-label={`Remove ${item.name}`}
                onClick={() => onChange(value.filter((v) => keyOf(v) !== keyOf(item)))}
              >
                <XIcon aria-hidden />
              </Button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-sm text-muted-foreground">No items yet: search the catalog above.</p>
      )}
    </div>
  );
}
