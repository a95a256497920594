import { describe, expect, it } from 'vitest'
import { activeFilterCount, emptyLedgerForm, toCaseFilter } from './filter'

describe('ledger form → CaseFilter', () => {
  it('sends only sort and the first page when nothing is set', () => {
    expect(toCaseFilter(emptyLedgerForm())).toEqual({ sort: 'arrived_desc', limit: 20, offset: 0 })
  })
  it('converts every filter to the core field names', () => {
    const f = {
      ...emptyLedgerForm(),
      search: '  工资 ',
      unit: '永川区住房城乡建委',
      source: 'forwarded' as const,
      purpose: 'claim' as const,
      method: 'return_case' as const,
      status: 'in_progress' as const,
      arrived: ['2026-01-01', '2026-03-31'] as [string, string],
      overdue: true,
      dueWithin: 3,
      sort: 'next_due' as const,
      page: 3,
      pageSize: 50,
    }
    expect(toCaseFilter(f)).toEqual({
      search: '工资',
      unit: '永川区住房城乡建委',
      source: 'forwarded',
      purpose: 'claim',
      method: 'return_case',
      status: 'in_progress',
      arrived_from: '2026-01-01',
      arrived_to: '2026-03-31',
      overdue: true,
      due_within: 3,
      sort: 'next_due',
      limit: 50,
      offset: 100,
    })
  })
  it('includes deleted cases when filtering for 已删除', () => {
    expect(toCaseFilter({ ...emptyLedgerForm(), status: 'deleted' }).include_deleted).toBe(true)
  })
  it('keeps 0 days as a filter but drops an empty one', () => {
    expect(toCaseFilter({ ...emptyLedgerForm(), dueWithin: 0 }).due_within).toBe(0)
    expect(toCaseFilter({ ...emptyLedgerForm(), dueWithin: null }).due_within).toBeUndefined()
  })
  it('guards page size and page number', () => {
    const c = toCaseFilter({ ...emptyLedgerForm(), pageSize: 33, page: 0 })
    expect(c.limit).toBe(20)
    expect(c.offset).toBe(0)
  })
  it('counts active filters', () => {
    expect(activeFilterCount(emptyLedgerForm())).toBe(0)
    expect(activeFilterCount({ ...emptyLedgerForm(), overdue: true, unit: '甲' })).toBe(2)
  })
})
