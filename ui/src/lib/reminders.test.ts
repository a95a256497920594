import { describe, expect, it } from 'vitest'
import {
  alertGroups,
  alertRoute,
  badgeCount,
  clock,
  confirmTitle,
  kindLedgerQuery,
  normalizeTimes,
  onTimeRate,
  pendingRounds,
  reportDays,
  shiftMonth,
  statusText,
  type Alert,
  type Inbox,
  type RoundStatus,
  type RoundView,
} from './reminders'

const TIMES = ['09:00', '11:00', '14:30', '16:30']

function round(date: string, seq: number, status: RoundStatus, extra: Partial<RoundView> = {}): RoundView {
  const at = `${date}T${TIMES[seq - 1]}:00+08:00`
  const label = `第 ${seq} 次查看（${seq <= 2 ? '上午' : '下午'}）`
  return {
    date, seq, at, label, message: `${label}：请登录重庆智能信访信息系统查看待办`,
    status, status_label: '', notified_at: null, caught_up: false, confirmed_at: null, new_items: null, ...extra,
  }
}

function alert(case_no: string, kind: Alert['kind'], deadline: string): Alert {
  const label = { overdue: '已超期', due_today: '今日到期', before_rest: '节前提醒', due_soon: '明日到期', guide_evaluation: '引导评价' }[kind]
  return {
    key: `${case_no}-${kind}-${deadline}`, at: '2026-10-09T09:00:00+08:00', date: '2026-10-09', round_seq: 1, kind,
    kind_label: label, case_no, unit: '永川区住房城乡建委', deadline, due: '2026-10-09', message: `${case_no} ${deadline}${label}`,
  }
}

function inbox(rounds: RoundView[], alerts: Alert[] = []): Inbox {
  return { date: '2026-10-09', is_working_day: true, rounds, current: null, alerts, missed_earlier: 0, next_round: null, grace_minutes: 60 }
}

describe('bell badge', () => {
  it('counts rounds to confirm or missed today and cases with an alert', () => {
    const rounds = [round('2026-10-09', 1, 'missed'), round('2026-10-09', 2, 'open'), round('2026-10-09', 3, 'upcoming'), round('2026-10-09', 4, 'upcoming')]
    const alerts = [alert('A-1', 'due_today', '签收'), alert('A-1', 'overdue', '受理'), alert('B-2', 'due_soon', '答复')]
    const box = inbox(rounds, alerts)
    expect(pendingRounds(box).map((r) => r.seq)).toEqual([1, 2])
    expect(badgeCount(box)).toBe(4) // 2 rounds + 2 cases
    expect(badgeCount(null)).toBe(0)
  })

  it('drops to zero once the round is confirmed and the alerts are met', () => {
    const box = inbox([round('2026-10-09', 1, 'on_time'), round('2026-10-09', 2, 'late'), round('2026-10-09', 3, 'upcoming')])
    expect(badgeCount(box)).toBe(0)
  })

  it('groups alerts per case, most urgent first, each line once', () => {
    const g = alertGroups([alert('B-2', 'due_soon', '答复'), alert('A-1', 'due_today', '签收'), alert('A-1', 'due_today', '签收'), alert('A-1', 'overdue', '受理')])
    expect(g.map((x) => [x.case_no, x.kind, x.lines.length])).toEqual([['A-1', 'overdue', 2], ['B-2', 'due_soon', 1]])
    expect(alertRoute({ case_no: 'A/1 号' })).toBe('/case/A%2F1%20%E5%8F%B7')
    expect(kindLedgerQuery('overdue')).toEqual({ overdue: '1' })
    expect(kindLedgerQuery('due_today')).toEqual({ due: '1' })
    expect(kindLedgerQuery('guide_evaluation')).toEqual({ evaluate: '1' })
    const e = alertGroups([alert('C-3', 'guide_evaluation', '满意度评价'), alert('C-3', 'due_soon', '答复')])
    expect(e.map((x) => x.kind)).toEqual(['due_soon'])
  })
})

describe('round wording', () => {
  it('shows a late confirmation as 补查（迟到）', () => {
    expect(statusText({ status: 'late', caught_up: false })).toBe('补查（迟到）')
    expect(statusText({ status: 'missed', caught_up: false })).toBe('漏查')
    expect(statusText({ status: 'open', caught_up: true })).toBe('待确认（补提醒）')
    const cur = { ...round('2026-10-09', 3, 'open'), late: true, confirmed_at: null }
    expect(confirmTitle(cur)).toBe('第 3 次查看（下午） · 补查（迟到）')
    expect(confirmTitle({ ...cur, late: false })).toBe('第 3 次查看（下午）')
    expect(confirmTitle(null)).toBe('确认本轮查看')
  })

  it('formats clock times from the wire', () => {
    expect(clock('2026-10-09T14:30:00+08:00')).toBe('14:30')
    expect(clock('2026-10-09 09:05')).toBe('09:05')
    expect(clock(null)).toBe('—')
  })

  it('normalises typed round times and names a bad one', () => {
    expect(normalizeTimes(['14:30', '9:00', '', '11：00', '09:00'])).toEqual({ times: ['09:00', '11:00', '14:30'], bad: null })
    expect(normalizeTimes(['25:00']).bad).toBe('25:00')
    expect(normalizeTimes(['9点']).bad).toBe('9点')
  })
})

describe('monthly report', () => {
  it('aggregates rounds per day: on time, late, missed, pending and new items', () => {
    const rows = [
      round('2026-10-08', 1, 'on_time', { new_items: 2 }),
      round('2026-10-08', 2, 'late', { new_items: 1 }),
      round('2026-10-08', 3, 'missed'),
      round('2026-10-08', 4, 'on_time', { new_items: 0 }),
      round('2026-10-09', 1, 'open'),
      round('2026-10-09', 2, 'upcoming'),
    ]
    expect(reportDays(rows)).toEqual([
      { date: '2026-10-08', planned: 4, on_time: 2, late: 1, missed: 1, pending: 0, new_items: 3 },
      { date: '2026-10-09', planned: 2, on_time: 0, late: 0, missed: 0, pending: 2, new_items: 0 },
    ])
    expect(reportDays([])).toEqual([])
  })

  it('rates only the rounds whose time has come; months roll over the year', () => {
    expect(onTimeRate({ on_time: 7, late: 1, missed: 0 })).toBe('87.5%')
    expect(onTimeRate({ on_time: 0, late: 0, missed: 0 })).toBe('—')
    expect(shiftMonth('2026-01', -1)).toBe('2025-12')
    expect(shiftMonth('2026-12', 1)).toBe('2027-01')
    expect(shiftMonth('2026-10', 0)).toBe('2026-10')
  })
})
