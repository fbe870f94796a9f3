"use client";

import { useState } from "react";
import { Plus } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Command, CommandGroup, CommandInput, CommandItem, CommandList } from "@/components/ui/command";
import { Tooltip, TooltipContent, TooltipTrigger } from "@/components/ui/tooltip";
import { itemTypeLabel } from "@/lib/platforms/item-types";
import type { CatalogItem } from "@/lib/queries/catalog";
import { CatalogItemText, CatalogSearchStatus, useCatalogCombobox } from "./catalog-search";

const CUSTOM_VALUE = "__custom__";
const itemValue = (item: CatalogItem) => `${item.item_type}/${item.item_id}`;

type Props = {
  platformKey: string;
  onSelect: (item: CatalogItem) => void;
  /** Opens Item Details for a custom item, optionally named after what was typed. */
  onAddCustom: (name?: string) => void;
};

export function ItemSearch({ platformKey, onSelect, onAddCustom }: Props) {
  const combobox = useCatalogCombobox(platformKey);
  const { query, setQuery, open, setOpen, wrapper, typed, current, groups } = combobox;

  // new results select their first row again, so Enter picks the best match
  const [selection, setSelection] = useState<{ value: string; results: unknown }>({ value: "", results: undefined });
  const values = [...groups.flatMap((g) => g.items.map(itemValue)), ...(typed ? [CUSTOM_VALUE] : [])];
  const active = selection.results === current && values.includes(selection.value) ? selection.value : (values[0] ?? "");

  function pick(item: CatalogItem) {
    setOpen(false);
    setQuery("");
    onSelect(item);
  }

  return (
    <div className="flex items-start gap-2">
      <div
        ref={wrapper}
        className="relative flex-1"
        onBlur={combobox.onBlur}
      >
        {/* the API ranks and filters; cmdk only provides the keyboard navigation */}
        <Command
          label="Search items"
          shouldFilter={false}
          loop
          value={active}
          onValueChange={(value) => setSelection({ value, results: current })}
          className="overflow-visible rounded-md border bg-background shadow-xs **:data-[slot=command-input-wrapper]:border-0"
        >
          <CommandInput
            value={query}
            onValueChange={combobox.onValueChange}
            onFocus={() => setOpen(true)}
            onKeyDown={combobox.onKeyDown}
            placeholder="Search agents, courses, programs, pathways…"
            aria-label="Search items"
            className="h-9"
          />
          {/* always in the DOM, hidden when closed: the input's aria-controls names it */}
          <div hidden={!open} className="absolute inset-x-0 top-full z-50 mt-1 rounded-md border bg-popover shadow-md">
            <CommandList aria-label="Items" onMouseDown={(e) => e.preventDefault()}>
              {open && (
                <>
                  <CatalogSearchStatus combobox={combobox} />
                  {groups.map((group) => (
                    <CommandGroup key={group.item_type} heading={itemTypeLabel(group.item_type)}>
                      {group.items.map((item) => (
                        <CommandItem key={itemValue(item)} value={itemValue(item)} onSelect={() => pick(item)}>
                          <CatalogItemText item={item} />
                          <Badge variant="outline">{itemTypeLabel(item.item_type)}</Badge>
                        </CommandItem>
                      ))}
                    </CommandGroup>
                  ))}
                  {typed && (
                    <CommandGroup heading="Custom">
                      <CommandItem
                        value={CUSTOM_VALUE}
                        onSelect={() => {
                          setOpen(false);
                          setQuery("");
                          onAddCustom(typed);
                        }}
                      >
                        <Plus aria-hidden /> Add “{typed}” as a custom item
                      </CommandItem>
                    </CommandGroup>
                  )}
                </>
              )}
            </CommandList>
          </div>
        </Command>
      </div>
      <Tooltip>
        <TooltipTrigger asChild>
          <Button type="button" size="icon" className="bg-brand-gradient text-white" aria-label="Add custom item" onClick={() => onAddCustom()}>
            <Plus aria-hidden />
          </Button>
        </TooltipTrigger>
        <TooltipContent>Add custom item</TooltipContent>
      </Tooltip>
    </div>
  );
}
