// Presentation of the five rates (domain.md §6).
import type { MonthRates, Rate } from './types'
import { fmtPct } from './format'

/** `目标 ≥ 99%`, or `目标 < 15%` for the repeat rate (lower is better). */
export function targetText(r: Pick<Rate, 'id' | 'target'>): string {
  return r.id === 'repeat_rate' ? `目标 < ${fmtPct(r.target)}` : `目标 ${r.target >= 1 ? '' : '≥ '}${fmtPct(r.target)}`
}

/** Progress bar percentage 0–100 (the repeat rate shows its own value, capped). */
export function gaugePercent(r: Pick<Rate, 'value'>): number {
  if (r.value == null) return 0
  return Math.max(0, Math.min(100, Math.round(r.value * 1000) / 10))
}

export function rateColor(r: Pick<Rate, 'on_target'>): string {
  if (r.on_target == null) return '#b0b8c6'
  return r.on_target ? '#18a058' : '#d03050'
}

/** One series per rate over the months, values in percent (null where nothing was counted). */
export function trendSeries(months: MonthRates[]): { id: string; name: string; data: (number | null)[] }[] {
  const ids: { id: string; name: string }[] = []
  for (const m of months) for (const r of m.rates) if (!ids.some((x) => x.id === r.id)) ids.push({ id: r.id, name: r.label })
  return ids.map(({ id, name }) => ({
    id,
    name,
    data: months.map((m) => {
      const v = m.rates.find((r) => r.id === id)?.value
      return v == null ? null : Math.round(v * 10000) / 100
    }),
  }))
}
