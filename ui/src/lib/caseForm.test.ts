import { describe, expect, it } from 'vitest'
import { newCasePayload, petitionDateProblem } from './caseForm'
import type { NewCase } from './types'

const form = (over: Partial<NewCase> = {}): NewCase => ({
  case_no: ' YC-1 ', unit: '永川区住房城乡建委', source: 'forwarded', sender: '市信访办', sender_level: 'city', arrived_at: '2026-11-02 09:00',
  form: 'letter', petitioners: [{ name: '甲', id_number: '', phone: '', address: '' }], demand: '要求维修', purpose: 'claim',
  sensitive: false, threat: false, petition_date: '2026-10-28', in_evaluation_scope: true, case_owner_leader: '李局长', ...over,
})

describe('newCasePayload', () => {
  it('keeps 信访日期 and 纳入满意度评价 as the core names them', () => {
    const p = newCasePayload(form())
    expect(p).toMatchObject({ case_no: 'YC-1', petition_date: '2026-10-28', in_evaluation_scope: true, sender: '市信访办' })
    expect(p.petitioners[0]).toEqual({ name: '甲', id_number: null, phone: null, address: null })
  })
  it('an empty 信访日期 is null and the flag is a boolean', () => {
    const p = newCasePayload(form({ petition_date: '', in_evaluation_scope: undefined }))
    expect(p.petition_date).toBeNull()
    expect(p.in_evaluation_scope).toBe(false)
  })
  it('a joint visit keeps its representatives and the real people count (条例 §20 ¶3)', () => {
    const p = newCasePayload(form({ form: 'visit', people_count: 30, petitioners: [{ name: '甲', representative: true }, { name: '乙', representative: false }] }))
    expect(p.people_count).toBe(30)
    expect(p.petitioners.map((x) => x.representative)).toEqual([true, false])
  })
  it('a direct case has no sender', () => {
    expect(newCasePayload(form({ source: 'direct' }))).toMatchObject({ sender: null, sender_level: null })
  })
})

describe('petitionDateProblem', () => {
  it('refuses a 信访日期 after the arrival, allows the same day', () => {
    expect(petitionDateProblem('2026-11-03', '2026-11-02 09:00')).toBe('信访日期不能晚于到达日期')
    expect(petitionDateProblem('2026-11-02', '2026-11-02 09:00')).toBe('')
    expect(petitionDateProblem(null, '2026-11-02 09:00')).toBe('')
  })
})

describe('summarize (诉求摘要, issue #21 §3)', () => {
  it('takes the first sentence, cut at 60 characters', async () => {
    const { summarize } = await import('./caseForm')
    expect(summarize('要求维修电梯。另外还有很多话')).toBe('要求维修电梯')
    expect(summarize('长'.repeat(5000))).toBe(`${'长'.repeat(60)}……`)
    expect(summarize('  要求退还押金，  ')).toBe('要求退还押金')
  })
})
