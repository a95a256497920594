// Dates and times as the clerk reads them. All times are China Standard Time (UTC+8, no DST);
// the server sends RFC 3339 with +08:00 and accepts `YYYY-MM-DD HH:mm` as China time.

const CST_OFFSET_MS = 8 * 3600 * 1000

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n)
}

/** `YYYY-MM-DD HH:mm` in China time, the form the server takes. */
export function chinaNow(now: Date = new Date()): string {
  const c = new Date(now.getTime() + CST_OFFSET_MS)
  return `${c.getUTCFullYear()}-${pad(c.getUTCMonth() + 1)}-${pad(c.getUTCDate())} ${pad(c.getUTCHours())}:${pad(c.getUTCMinutes())}`
}

/** Today's China date as `YYYY-MM-DD`. */
export function chinaToday(now: Date = new Date()): string {
  return chinaNow(now).slice(0, 10)
}

/** `2026-09-30T16:20:00+08:00` → `2026-09-30 16:20` (already China time on the wire). */
export function fmtTime(t: string | null | undefined): string {
  if (!t) return '—'
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})/.exec(t)
  return m ? `${m[1]} ${m[2]}` : t
}

/** `2026-10-01` → `2026年10月1日`. */
export function fmtDateZh(d: string | null | undefined): string {
  if (!d) return '—'
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(d)
  if (!m) return d
  return `${Number(m[1])}年${Number(m[2])}月${Number(m[3])}日`
}

const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六']

/** `2026-10-01` → `星期四`. */
export function weekdayZh(d: string): string {
  const [y, m, day] = d.split('-').map(Number)
  return `星期${WEEKDAYS[new Date(Date.UTC(y, m - 1, day)).getUTCDay()]}`
}

/** Whole days from `from` to `to` (both `YYYY-MM-DD`); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  const a = Date.UTC(+from.slice(0, 4), +from.slice(5, 7) - 1, +from.slice(8, 10))
  const b = Date.UTC(+to.slice(0, 4), +to.slice(5, 7) - 1, +to.slice(8, 10))
  return Math.round((b - a) / 86400000)
}

export interface Countdown {
  text: string
  tone: 'danger' | 'warning' | 'normal' | 'done'
}

/**
 * The countdown shown beside a deadline: 剩 N 天 / 今日到期 / 明日到期 / 已超期 N 天. A deadline
 * already met shows its status label instead (按期完成 / 超期完成).
 */
export function countdown(dueDate: string, today: string, status?: string, statusLabel?: string): Countdown {
  if (status === 'met_in_time' || status === 'met_late' || status === 'lapsed') {
    return { text: statusLabel ?? '已完成', tone: status === 'met_late' ? 'danger' : 'done' }
  }
  const n = daysBetween(today, dueDate)
  if (n < 0) return { text: `已超期 ${-n} 天`, tone: 'danger' }
  if (n === 0) return { text: '今日到期', tone: 'warning' }
  if (n === 1) return { text: '明日到期', tone: 'warning' }
  return { text: `剩 ${n} 天`, tone: status === 'due_soon' ? 'warning' : 'normal' }
}

/** 0.9876 → `98.76%`; null (nothing in the denominator) → `—`. */
export function fmtPct(v: number | null | undefined, digits = 2): string {
  if (v == null || Number.isNaN(v)) return '—'
  return `${(v * 100).toFixed(digits).replace(/\.?0+$/, '')}%`
}

/** A score with up to two decimals, signed when asked: `-0.5`, `+5`. */
export function fmtPoints(v: number, signed = false): string {
  const s = (Math.round(v * 100) / 100).toString()
  return signed && v > 0 ? `+${s}` : s
}

/** Thousands separators for counts: 100000 → `100,000`. */
export function fmtCount(n: number): string {
  return n.toLocaleString('en-US')
}

/** Arrival time as shown in lists: the server sends `YYYY-MM-DDTHH:mm...` or `YYYY-MM-DD HH:mm`. */
export const fmtArrived = fmtTime
