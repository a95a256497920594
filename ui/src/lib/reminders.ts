// The "2+2" check rounds and deadline alerts as the UI shows them (issue #4): the bell's badge,
// the in-app reminder list, the confirm dialog's wording and the monthly report's per-day
// table. The core decides what is due (`reminder_inbox`, `rounds_report`); this file only
// counts, groups and words it, so it is tested without a server.
import type { PlannedRound, Alert, Inbox, ChainHead, RoundsReport, ReminderSettings, RoundStatus } from '../gen/contract'
export type { PlannedRound, Alert, Inbox, ChainHead, RoundsReport, ReminderSettings, RoundStatus }




export interface RoundView extends PlannedRound {
  status: RoundStatus
  status_label: string
  notified_at: string | null
  caught_up: boolean
  confirmed_at: string | null
  new_items: number | null
}


export interface CurrentRound extends PlannedRound {
  late: boolean
  confirmed_at: string | null
}





/** `2026-10-09T11:00:00+08:00` → `11:00` (times on the wire are already China time). */
export function clock(t: string | null | undefined): string {
  if (!t) return '—'
  const m = /[T ](\d{2}:\d{2})/.exec(t)
  return m ? m[1] : t
}

/** How a round's status reads in the list and the report; a late confirmation is 补查（迟到）. */
export function statusText(r: Pick<RoundView, 'status' | 'caught_up'>): string {
  switch (r.status) {
    case 'on_time':
      return '按时'
    case 'late':
      return '补查（迟到）'
    case 'missed':
      return '漏查'
    case 'open':
      return r.caught_up ? '待确认（补提醒）' : '待确认'
    default:
      return '未到时间'
  }
}

export function statusTone(s: RoundStatus): 'success' | 'warning' | 'danger' | 'info' | 'primary' {
  return { on_time: 'success', late: 'warning', missed: 'danger', open: 'primary', upcoming: 'info' }[s] as
    | 'success'
    | 'warning'
    | 'danger'
    | 'info'
    | 'primary'
}

/** Rounds that need the clerk: due and not confirmed (open), or missed today. */
export function pendingRounds(inbox: Inbox | null): RoundView[] {
  return inbox ? inbox.rounds.filter((r) => r.status === 'open' || r.status === 'missed') : []
}

export interface AlertGroup {
  case_no: string
  unit: string
  /** The most urgent kind first (overdue, due today, before a break, due soon, 引导评价). */
  kind: Alert['kind']
  kind_label: string
  lines: string[]
}

const KIND_ORDER: Alert['kind'][] = ['overdue', 'due_today', 'before_rest', 'due_soon', 'guide_evaluation']

/** Today's alerts, one entry per case (a case can have several deadlines and both "due today"s). */
export function alertGroups(alerts: Alert[]): AlertGroup[] {
  const byCase = new Map<string, AlertGroup>()
  for (const a of alerts) {
    const g = byCase.get(a.case_no)
    if (!g) {
      byCase.set(a.case_no, { case_no: a.case_no, unit: a.unit, kind: a.kind, kind_label: a.kind_label, lines: [a.message] })
      continue
    }
    if (!g.lines.includes(a.message)) g.lines.push(a.message)
    if (KIND_ORDER.indexOf(a.kind) < KIND_ORDER.indexOf(g.kind)) Object.assign(g, { kind: a.kind, kind_label: a.kind_label })
  }
  return [...byCase.values()].sort((x, y) => KIND_ORDER.indexOf(x.kind) - KIND_ORDER.indexOf(y.kind) || x.case_no.localeCompare(y.case_no))
}

/** The bell's number: rounds to confirm or missed today, plus cases with an alert. */
export function badgeCount(inbox: Inbox | null): number {
  if (!inbox) return 0
  return pendingRounds(inbox).length + alertGroups(inbox.alerts).length
}

/** Where an alert leads: the case; the "all" link of a kind leads to the filtered 台账. */
export function alertRoute(a: { case_no: string }): string {
  return `/case/${encodeURIComponent(a.case_no)}`
}

export function kindLedgerQuery(kind: Alert['kind']): Record<string, string> {
  if (kind === 'guide_evaluation') return { evaluate: '1' }
  return kind === 'overdue' ? { overdue: '1' } : { due: '1' }
}

/** The confirm dialog's title: 第 2 次查看（上午）, or 补查（迟到） when past the grace period. */
export function confirmTitle(current: CurrentRound | null): string {
  if (!current) return '确认本轮查看'
  return current.late ? `${current.label} · 补查（迟到）` : current.label
}

export interface ReportDay {
  date: string
  planned: number
  on_time: number
  late: number
  missed: number
  pending: number
  new_items: number
}

/** The month's rounds grouped per day, in date order (the report table and chart). */
export function reportDays(rows: RoundView[]): ReportDay[] {
  const days: ReportDay[] = []
  for (const r of rows) {
    let d = days[days.length - 1]
    if (!d || d.date !== r.date) {
      d = { date: r.date, planned: 0, on_time: 0, late: 0, missed: 0, pending: 0, new_items: 0 }
      days.push(d)
    }
    d.planned++
    if (r.status === 'on_time') d.on_time++
    else if (r.status === 'late') d.late++
    else if (r.status === 'missed') d.missed++
    else d.pending++
    d.new_items += r.new_items ?? 0
  }
  return days
}

/** Share of the rounds whose time has come that were confirmed on time, e.g. `87.5%`. */
export function onTimeRate(r: Pick<RoundsReport, 'on_time' | 'late' | 'missed'>): string {
  const due = r.on_time + r.late + r.missed
  if (due === 0) return '—'
  return `${Math.round((r.on_time / due) * 1000) / 10}%`
}

/** The month before/after `YYYY-MM`. */
export function shiftMonth(month: string, by: number): string {
  const [y, m] = month.split('-').map(Number)
  const i = y * 12 + (m - 1) + by
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`
}

/** `HH:MM` on a 24-hour clock. */
export function isClockTime(s: string): boolean {
  return /^([01]\d|2[0-3]):[0-5]\d$/.test(s.trim())
}

/** Round times as typed (`9:00`, `09:00`, `14:30`) → sorted `HH:MM`, or the first bad one. */
export function normalizeTimes(list: string[]): { times: string[]; bad: string | null } {
  const out: string[] = []
  for (const raw of list) {
    const s = raw.trim().replace('：', ':')
    if (!s) continue
    const m = /^(\d{1,2}):(\d{2})$/.exec(s)
    const t = m ? `${m[1].padStart(2, '0')}:${m[2]}` : s
    if (!isClockTime(t)) return { times: [], bad: raw }
    if (!out.includes(t)) out.push(t)
  }
  return { times: out.sort(), bad: null }
}
