"use client";

import { useRef, useState, type FocusEvent, type KeyboardEvent } from "react";
import { Spinner } from "@/components/ui/spinner";
import { useCatalogSearch, type CatalogItem } from "@/lib/queries/catalog";
import { useDebouncedValue } from "@/lib/hooks/use-debounced-value";

// The catalog search box of the paywall wizard and of the plan item picker: a cmdk list below
// an input, open while the box has focus, showing only the results for what is typed now.

export function useCatalogCombobox(platformKey: string, opts: { limit?: number } = {}) {
  const [query, setQuery] = useState("");
  const [open, setOpen] = useState(false);
  const debounced = useDebouncedValue(query.trim(), 300);
  const search = useCatalogSearch(platformKey, debounced, { enabled: open, limit: opts.limit });
  const wrapper = useRef<HTMLDivElement>(null);

  const typed = query.trim();
  // only results for what is typed now: stale rows would let Enter pick the wrong item
  const current = search.data?.query === typed ? search.data : undefined;
  const groups = current?.groups ?? [];

  /** For the wrapper around input and list: close only when focus leaves the whole search box. */
  function onBlur(e: FocusEvent<HTMLDivElement>) {
    if (!wrapper.current?.contains(e.relatedTarget as Node | null)) setOpen(false);
  }

  function onValueChange(v: string) {
    setQuery(v);
    setOpen(true);
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === "Escape") setOpen(false);
    // the results for what is typed have not arrived yet
    else if (e.key === "Enter" && !current) e.preventDefault();
    else if (!open && (e.key === "ArrowDown" || e.key === "ArrowUp")) setOpen(true);
  }

  return { query, setQuery, open, setOpen, search, wrapper, typed, current, groups, onBlur, onValueChange, onKeyDown };
}

/** Searching…, the failure, or "nothing matches", above the result groups. */
export function CatalogSearchStatus({ combobox }: { combobox: ReturnType<typeof useCatalogCombobox> }) {
  const { current, search, groups, typed } = combobox;
  return (
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
    </>
  );
}

/** A result row's name and description. */
export function CatalogItemText({ item }: { item: CatalogItem }) {
  return (
    <div className="min-w-0 flex-1">
      <div className="truncate font-medium">{item.name}</div>
      {item.description && <div className="truncate text-xs text-muted-foreground">{item.description}</div>}
    </div>
  );
}
