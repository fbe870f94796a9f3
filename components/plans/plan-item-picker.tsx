"use client";

import { CheckIcon, XIcon } from "lucide-react";
import { cn } from "@/lib/utils";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Command, CommandGroup, CommandInput, CommandItem, CommandList } from "@/components/ui/command";
import { itemTypeLabel } from "@/lib/platforms/item-types";
import type { CatalogItem } from "@/lib/queries/catalog";
import { CatalogItemText, CatalogSearchStatus, useCatalogCombobox } from "@/components/monetization/paywalls/catalog-search";
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
  const combobox = useCatalogCombobox(platformKey, { limit: 10 });
  const { query, open, setOpen, wrapper, groups } = combobox;
  const chosen = new Set(value.map(keyOf));

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
        onBlur={combobox.onBlur}
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
            onValueChange={combobox.onValueChange}
            onFocus={() => setOpen(true)}
            onKeyDown={combobox.onKeyDown}
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
                  <CatalogSearchStatus combobox={combobox} />
                  {groups.map((group) => (
                    <CommandGroup key={group.item_type} heading={itemTypeLabel(group.item_type)}>
                      {group.items.map((item) => {
                        const selected = chosen.has(keyOf(item));
                        return (
                          <CommandItem key={keyOf(item)} value={keyOf(item)} onSelect={() => toggle(item)}>
                            <CheckIcon aria-hidden className={cn("size-4 shrink-0", selected ? "opacity-100" : "opacity-0")} />
                            <CatalogItemText item={item} />
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
