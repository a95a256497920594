import { describe, expect, it } from 'vitest'
import { chinaNow, chinaToday, countdown, daysBetween, fmtCount, fmtDateZh, fmtPct, fmtPoints, fmtTime, weekdayZh } from './format'

describe('China time', () => {
  it('formats now in UTC+8 whatever the machine zone', () => {
    // 2026-09-30 16:20 UTC is 2026-10-01 00:20 in China
    const t = new Date(Date.UTC(2026, 8, 30, 16, 20))
    expect(chinaNow(t)).toBe('2026-10-01 00:20')
    expect(chinaToday(t)).toBe('2026-10-01')
  })
  it('shortens RFC 3339 from the server', () => {
    expect(fmtTime('2026-09-30T16:20:00+08:00')).toBe('2026-09-30 16:20')
    expect(fmtTime('2026-09-30 16:20')).toBe('2026-09-30 16:20')
    expect(fmtTime(null)).toBe('—')
  })
  it('writes dates the Chinese way without zero padding', () => {
    expect(fmtDateZh('2022-12-06')).toBe('2022年12月6日')
    expect(weekdayZh('2026-10-01')).toBe('星期四')
  })
})

describe('countdown', () => {
  it('counts days left and days overdue', () => {
    expect(daysBetween('2026-09-30', '2026-10-08')).toBe(8)
    expect(countdown('2026-10-08', '2026-09-30')).toEqual({ text: '剩 8 天', tone: 'normal' })
    expect(countdown('2026-10-01', '2026-09-30').text).toBe('明日到期')
    expect(countdown('2026-09-30', '2026-09-30')).toEqual({ text: '今日到期', tone: 'warning' })
    expect(countdown('2026-09-27', '2026-09-30')).toEqual({ text: '已超期 3 天', tone: 'danger' })
  })
  it('crosses month and year ends', () => {
    expect(countdown('2027-01-02', '2026-12-30').text).toBe('剩 3 天')
    expect(countdown('2026-02-27', '2026-03-02').text).toBe('已超期 3 天')
  })
  it('marks due-soon deadlines', () => {
    expect(countdown('2026-10-05', '2026-09-30', 'due_soon').tone).toBe('warning')
  })
  it('shows the status of a met deadline instead of a count', () => {
    expect(countdown('2026-09-01', '2026-09-30', 'met_in_time', '按期完成')).toEqual({ text: '按期完成', tone: 'done' })
    expect(countdown('2026-09-01', '2026-09-30', 'met_late', '超期完成').tone).toBe('danger')
  })
})

describe('numbers', () => {
  it('formats rates, points and counts', () => {
    expect(fmtPct(0.9876)).toBe('98.76%')
    expect(fmtPct(1)).toBe('100%')
    expect(fmtPct(0.45, 1)).toBe('45%')
    expect(fmtPct(null)).toBe('—')
    expect(fmtPoints(-0.5, true)).toBe('-0.5')
    expect(fmtPoints(5, true)).toBe('+5')
    expect(fmtPoints(2.2500001)).toBe('2.25')
    expect(fmtCount(100000)).toBe('100,000')
  })
})
