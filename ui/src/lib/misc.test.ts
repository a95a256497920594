import { describe, expect, it } from 'vitest'
import { DEFAULT_VISIBLE, LEDGER_COLUMNS, loadColumns, saveColumns } from './columns'
import { isTypingTarget, matchShortcut } from './shortcuts'
import { blankToNull, idNumberProblem, phoneProblem } from './validate'
import { gaugePercent, targetText, trendSeries } from './rates'
import { defaultSettings, settingsProblems, withDefaultDeadlines } from './settings'

const key = (k: string, mods: Partial<{ altKey: boolean; ctrlKey: boolean; metaKey: boolean; shiftKey: boolean }> = {}) => ({
  key: k, altKey: false, ctrlKey: false, metaKey: false, shiftKey: false, ...mods,
})

describe('shortcuts', () => {
  it('maps the hot paths', () => {
    expect(matchShortcut(key('n', { altKey: true }), false)).toBe('new_case')
    expect(matchShortcut({ ...key('ñ', { altKey: true }), code: 'KeyN' }, false)).toBe('new_case')
    expect(matchShortcut(key('r', { altKey: true }), true)).toBe('round_done')
    expect(matchShortcut(key('k', { ctrlKey: true }), true)).toBe('focus_search')
    expect(matchShortcut(key('/'), false)).toBe('focus_search')
    expect(matchShortcut(key('?', { shiftKey: true }), false)).toBe('help')
    expect(matchShortcut(key('l', { ctrlKey: true }), true)).toBe('lock')
    expect(matchShortcut(key('l', { ctrlKey: true, altKey: true }), false)).toBeNull()
  })
  it('leaves plain keys alone while typing', () => {
    expect(matchShortcut(key('/'), true)).toBeNull()
    expect(matchShortcut(key('?'), true)).toBeNull()
    expect(matchShortcut(key('a'), false)).toBeNull()
    expect(isTypingTarget({ tagName: 'TEXTAREA' } as unknown as EventTarget)).toBe(true)
    expect(isTypingTarget({ tagName: 'DIV', isContentEditable: false } as unknown as EventTarget)).toBe(false)
  })
})

describe('column chooser', () => {
  const mem = () => {
    const m = new Map<string, string>()
    return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v) }
  }
  it('defaults, persists and drops unknown keys', () => {
    const s = mem()
    expect(loadColumns(s)).toEqual(DEFAULT_VISIBLE)
    saveColumns(['case_no', 'handler', 'bogus'], s)
    const got = loadColumns(s)
    expect(got).toContain('handler')
    expect(got).not.toContain('bogus')
    for (const c of LEDGER_COLUMNS.filter((c) => c.fixed)) expect(got).toContain(c.key)
  })
  it('survives garbage in storage', () => {
    const s = mem()
    s.setItem('xinfang-ledger-columns', '{not json')
    expect(loadColumns(s)).toEqual(DEFAULT_VISIBLE)
  })
})

describe('validation', () => {
  it('checks the ID number check digit', () => {
    expect(idNumberProblem('11010519491231002X')).toBeNull()
    expect(idNumberProblem('110105194912310021')).toMatch(/校验位/)
    expect(idNumberProblem('1234')).toMatch(/18 位/)
    expect(idNumberProblem('')).toBeNull()
  })
  it('checks phones and blanks optional fields', () => {
    expect(phoneProblem('023-4981 2345')).toBeNull()
    expect(phoneProblem('电话')).not.toBeNull()
    expect(blankToNull({ a: ' ', b: ' x ', c: 1 })).toEqual({ a: null, b: 'x', c: 1 })
  })
})

describe('rates and settings', () => {
  it('writes targets the way the notice does', () => {
    expect(targetText({ id: 'repeat_rate', target: 0.15 })).toBe('目标 < 15%')
    expect(targetText({ id: 'participation', target: 0.99 })).toBe('目标 ≥ 99%')
    expect(targetText({ id: 'timely_acceptance', target: 1 })).toBe('目标 100%')
    expect(gaugePercent({ value: 0.456 })).toBe(45.6)
    expect(gaugePercent({ value: null })).toBe(0)
  })
  it('builds one trend series per rate', () => {
    const s = trendSeries([
      { month: 1, counts: {} as never, rates: [{ id: 'satisfaction', label: '满意率', value: 0.5 } as never] },
      { month: 2, counts: {} as never, rates: [{ id: 'satisfaction', label: '满意率', value: null } as never] },
    ])
    expect(s).toEqual([{ id: 'satisfaction', name: '满意率', data: [50, null] }])
  })
  it('resets deadlines to the core defaults and flags bad days', () => {
    const d = defaultSettings()
    expect(d.deadline_rules.find((r) => r.id === 'decide')?.days).toBe(5)
    const changed = { ...d, deadline_rules: d.deadline_rules.map((r) => ({ ...r, days: 0 })), due_soon_days: 3 }
    expect(settingsProblems(changed)[0]).toMatch(/1 到 3650/)
    const back = withDefaultDeadlines(changed)
    expect(settingsProblems(back)).toEqual([])
    expect(back.due_soon_days).toBe(1)
  })
})
