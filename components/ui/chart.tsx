"use client"

import * as React from "react"
import { ResponsiveContainer } from "recharts"

import { cn } from "@/lib/utils"

/** The theme's chart colours (--chart-1 … --chart-5 in globals.css), for fills and strokes. */
export const CHART_COLORS = ["var(--chart-1)", "var(--chart-2)", "var(--chart-3)", "var(--chart-4)", "var(--chart-5)"] as const

export const chartColor = (index: number) => CHART_COLORS[index % CHART_COLORS.length]

/**
 * A sized frame for one recharts chart: fills its width, takes the theme's text and grid colours,
 * and names the chart for assistive technology (the SVG itself says nothing useful).
 */
function ChartContainer({
  className,
  children,
  label,
  ...props
}: Omit<React.ComponentProps<"div">, "children"> & { children: React.ReactElement; label: string }) {
  return (
    <div
      data-slot="chart"
      role="img"
      aria-label={label}
      className={cn(
        "h-56 w-full min-w-0 text-xs",
        "[&_.recharts-cartesian-axis-tick_text]:fill-muted-foreground [&_.recharts-cartesian-grid_line]:stroke-border [&_.recharts-reference-line_line]:stroke-border",
        "[&_.recharts-rectangle.recharts-tooltip-cursor]:fill-muted [&_.recharts-curve.recharts-tooltip-cursor]:stroke-border [&_.recharts-surface]:outline-none",
        className
      )}
      {...props}
    >
      <ResponsiveContainer width="100%" height="100%" minWidth={0}>
        {children}
      </ResponsiveContainer>
    </div>
  )
}

type TooltipEntry = { name?: React.ReactNode; value?: unknown; color?: string; dataKey?: unknown }

/** Tooltip body in the theme's popover style; pass as `<Tooltip content={<ChartTooltipContent … />} />`. */
function ChartTooltipContent({
  active,
  payload,
  label,
  labelFormatter,
  valueFormatter,
}: {
  active?: boolean
  payload?: readonly TooltipEntry[]
  label?: React.ReactNode
  labelFormatter?: (label: React.ReactNode) => React.ReactNode
  valueFormatter?: (value: unknown, entry: TooltipEntry) => React.ReactNode
}) {
  if (!active || !payload?.length) return null
  return (
    <div className="grid min-w-32 gap-1.5 rounded-lg border bg-popover px-2.5 py-1.5 text-xs text-popover-foreground shadow-md">
      {label !== undefined && label !== "" && <div className="font-medium">{labelFormatter ? labelFormatter(label) : label}</div>}
      {payload.map((entry, i) => (
        <div key={i} className="flex items-center gap-2">
          <span className="size-2.5 shrink-0 rounded-[2px]" style={{ background: entry.color }} aria-hidden />
          <span className="text-muted-foreground">{entry.name}</span>
          <span className="ml-auto font-mono font-medium tabular-nums">
            {valueFormatter ? valueFormatter(entry.value, entry) : String(entry.value ?? "")}
          </span>
        </div>
      ))}
    </div>
  )
}

/** A legend row for a chart: colour swatches and names. */
function ChartLegend({ items, className }: { items: { label: string; color: string }[]; className?: string }) {
  return (
    <ul className={cn("flex flex-wrap items-center gap-x-4 gap-y-1 text-xs text-muted-foreground", className)}>
      {items.map((item) => (
        <li key={item.label} className="flex items-center gap-1.5">
          <span className="size-2.5 rounded-[2px]" style={{ background: item.color }} aria-hidden />
          {item.label}
        </li>
      ))}
    </ul>
  )
}

export { ChartContainer, ChartTooltipContent, ChartLegend }
