import { describe, expect, it } from 'vitest'
import { caseActions, nextAction, reviewStep, type ActionKey } from './actions'
import type { Case } from './types'

/** A freshly registered transferred case; each test changes what its rule is about. */
function aCase(over: Record<string, unknown> = {}): Case {
  return ({
    id: 1, case_no: 'T-1', unit: '永川区住房城乡建委', source: 'forwarded', sender: '永川区信访办', arrived_at: '2026-11-02T09:00:00+08:00',
    form: 'letter', petitioners: [{ name: '甲' }], demand: '要求维修', purpose: 'claim', sensitive: false, threat: false,
    status: 'awaiting_sign', status_label: '待签收', confidential: false, is_repeat: false, signed_at: null, accepted_at: null,
    method: null, method_reason: null, extension_days: 0, extension_approved_by: null, replied_at: null, evaluation: null,
    evaluated_at: null, documents: [], deliveries: [], attachments: [], reviews: [], events: [],
    created_at: '2026-11-02T09:00:00+08:00', updated_at: '2026-11-02T09:00:00+08:00', deleted_at: null,
    ...over,
  }) as unknown as Case
}
const state = (c: Case, key: ActionKey) => caseActions({ case: c }).find((a) => a.key === key)
const keys = (c: Case) => caseActions({ case: c }).map((a) => a.key)
const T = '2026-11-03T10:00:00+08:00'

describe('caseActions', () => {
  it('a transferred case is signed for before it is decided (N §一.二)', () => {
    const c = aCase()
    expect(state(c, 'sign')).toEqual({ key: 'sign', enabled: true, reason: '' })
    expect(state(c, 'decide')).toMatchObject({ enabled: false, reason: '请先签收（N §一.二）' })
    const signed = aCase({ signed_at: T })
    expect(state(signed, 'sign')).toMatchObject({ enabled: false, reason: '已签收' })
    expect(state(signed, 'decide')?.enabled).toBe(true)
  })

  it('a direct case has no 签收 step and is decided at once', () => {
    const c = aCase({ source: 'direct' })
    expect(keys(c)).not.toContain('sign')
    expect(state(c, 'decide')?.enabled).toBe(true)
  })

  it('every disabled action says why, in Chinese', () => {
    for (const c of [aCase(), aCase({ signed_at: T, method: 'return_case' }), aCase({ deleted_at: T })]) {
      for (const a of caseActions({ case: c })) {
        if (a.enabled) expect(a.reason).toBe('')
        else expect(a.reason).toMatch(/[\u4e00-\u9fa5]/)
      }
    }
  })

  it('a deleted case only offers 恢复; everything else says to restore first', () => {
    const c = aCase({ signed_at: T, method: 'petition_channel', deleted_at: T })
    const enabled = caseActions({ case: c }).filter((a) => a.enabled).map((a) => a.key)
    expect(enabled).toEqual(['restore'])
    expect(state(c, 'document')?.reason).toBe('该件已删除，请先恢复')
    expect(keys(c)).not.toContain('delete')
  })

  it('a returned case is not handled further', () => {
    const c = aCase({ signed_at: T, method: 'return_case' })
    for (const k of ['document', 'reply', 'deliver', 'attachment'] as const) expect(state(c, k)).toMatchObject({ enabled: false, reason: '已退件，不再办理' })
  })

  it('delivery needs a registered document', () => {
    const c = aCase({ signed_at: T, method: 'direct_reply', purpose: 'suggestion' })
    expect(state(c, 'deliver')).toMatchObject({ enabled: false, reason: '请先登记要送达的文书' })
    const withDoc = aCase({ ...c, documents: [{ kind: 'reply_letter', doc_no: null, issued_at: null, signoffs: [] }] })
    expect(state(withDoc, 'deliver')?.enabled).toBe(true)
  })

  it('sign-off is offered until the 主要领导 has signed (N §三.三)', () => {
    const doc = (roles: string[]) => ({ kind: 'handling_opinion', doc_no: 'X〔2026〕1号', issued_at: null, signoffs: roles.map((role) => ({ role, leader: '某', at: T })) })
    const base = { signed_at: T, method: 'petition_channel' }
    expect(state(aCase({ ...base, documents: [doc(['supervising_leader'])] }), 'signoff')?.enabled).toBe(true)
    expect(state(aCase({ ...base, documents: [doc(['supervising_leader', 'principal_leader'])] }), 'signoff')).toMatchObject({ enabled: false, reason: '已登记的文书均已签批' })
  })

  it('a declined case can be evaluated without 答复; 其他法定途径 never', () => {
    expect(state(aCase({ signed_at: T, method: 'decline' }), 'evaluate')?.enabled).toBe(true)
    expect(state(aCase({ signed_at: T, method: 'direct_reply' }), 'evaluate')).toMatchObject({ enabled: false, reason: '答复后才能登记评价' })
    expect(state(aCase({ signed_at: T, method: 'statutory_channel', replied_at: T }), 'evaluate')?.reason).toContain('其他法定途径')
  })

  it('延期 only in the petition channel, before the opinion, 30 days in all (条例 §34)', () => {
    expect(keys(aCase({ signed_at: T, method: 'direct_reply' }))).not.toContain('extend')
    expect(state(aCase({ signed_at: T, method: 'petition_channel', extension_days: 20 }), 'extend')?.enabled).toBe(true)
    expect(state(aCase({ signed_at: T, method: 'petition_channel', extension_days: 30 }), 'extend')?.reason).toContain('30 日')
    expect(state(aCase({ signed_at: T, method: 'petition_channel', replied_at: T }), 'extend')?.enabled).toBe(false)
  })

  it('复查 then its opinion, then 复核 and its opinion (条例 §35, §36)', () => {
    const base = { signed_at: T, method: 'petition_channel', replied_at: T }
    const review = (kind: string, opinion: boolean) => ({ kind, requested_at: T, opinion_at: opinion ? T : null, result: null, hearing_days: 0 })
    const c0 = aCase({ signed_at: T, method: 'petition_channel' })
    expect(state(c0, 'review_request')?.reason).toContain('答复后')
    const c1 = aCase(base)
    expect(state(c1, 'review_request')?.enabled).toBe(true)
    expect(state(c1, 'review_opinion')?.enabled).toBe(false)
    expect(state(c1, 'review_details')?.reason).toBe('尚无复查/复核申请')
    const c2 = aCase({ ...base, reviews: [review('review', false)] })
    expect([state(c2, 'review_request')?.enabled, state(c2, 'review_opinion')?.enabled, state(c2, 'review_details')?.enabled]).toEqual([false, true, true])
    const c3 = aCase({ ...base, reviews: [review('review', true)] })
    expect(reviewStep(c3)).toEqual({ kind: 're_review', opinion: false })
    expect(state(c3, 'review_request')?.enabled).toBe(true)
    const c4 = aCase({ ...base, reviews: [review('review', true), review('re_review', true)] })
    expect(reviewStep(c4).kind).toBeNull()
    expect(state(c4, 'review_request')?.reason).toBe('复查、复核均已办结')
    expect(keys(aCase({ ...base, method: 'direct_reply' }))).not.toContain('review_request')
  })
})

describe("the core's answer", () => {
  it('is used as given; its one 复查/复核 action becomes the step, with 签收与听证 after it', () => {
    const c = aCase({ signed_at: T, method: 'petition_channel', replied_at: T, reviews: [{ kind: 'review', requested_at: T, opinion_at: null, result: null, hearing_days: 0 }] })
    const core = [
      { key: 'sign', label: '签收', enabled: false, reason: '该件已签收。', next: false, danger: false },
      { key: 'review', label: '复查意见', enabled: true, reason: null, next: true, danger: false },
      { key: 'delete', label: '删除', enabled: true, reason: null, next: false, danger: true },
    ] as const
    const got = caseActions({ case: c, actions: [...core] })
    expect(got).toEqual([
      { key: 'sign', enabled: false, reason: '该件已签收' },
      { key: 'review_opinion', enabled: true, reason: '' },
      { key: 'review_details', enabled: true, reason: '' },
      { key: 'delete', enabled: true, reason: '' },
    ])
    expect(nextAction(c, [...core])).toBe('review_opinion')
    expect(nextAction(c, [{ ...core[0] }])).toBe('')
  })
})

describe('nextAction', () => {
  it('walks the clerk through sign → decide → document → reply → deliver', () => {
    expect(nextAction(aCase())).toBe('sign')
    expect(nextAction(aCase({ source: 'direct' }))).toBe('decide')
    const decided = aCase({ signed_at: T, method: 'direct_reply' })
    expect(nextAction(decided)).toBe('document')
    const docs = [{ kind: 'reply_letter', doc_no: '1', issued_at: null, signoffs: [{ role: 'supervising_leader', leader: 'a', at: T }, { role: 'principal_leader', leader: 'b', at: T }] },
      { kind: 'delivery_receipt', doc_no: null, issued_at: null, signoffs: [] }]
    expect(nextAction(aCase({ ...decided, documents: docs }))).toBe('reply')
    expect(nextAction(aCase({ ...decided, documents: docs, replied_at: T }))).toBe('deliver')
    expect(nextAction(aCase({ deleted_at: T }))).toBe('restore')
  })
})
