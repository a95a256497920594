import { describe, expect, it } from 'vitest'
import type { Action } from '../gen/contract'
import { caseActions, nextAction, reviewStep } from './actions'
import type { Case } from './types'

// Which actions a case allows is the core's rule (src/rules/actions.rs, tested in
// tests/contract.rs against the lifecycle's guards); the window only maps its answer.
const core: Action[] = [
  { key: 'sign', label: '签收', enabled: false, reason: '该件已签收。', next: false, danger: false },
  { key: 'decide', label: '更改办理方式', enabled: true, reason: null, next: false, danger: false },
  { key: 'review_opinion', label: '复核意见', enabled: true, reason: null, next: true, danger: false },
  { key: 'delete', label: '删除', enabled: true, reason: null, next: false, danger: true },
]

describe("the core's actions", () => {
  it('are rendered as given: words, enabled, the reason without its full stop, danger', () => {
    expect(caseActions(core)).toEqual([
      { key: 'sign', label: '签收', enabled: false, reason: '该件已签收', danger: false },
      { key: 'decide', label: '更改办理方式', enabled: true, reason: '', danger: false },
      { key: 'review_opinion', label: '复核意见', enabled: true, reason: '', danger: false },
      { key: 'delete', label: '删除', enabled: true, reason: '', danger: true },
    ])
  })
  it('highlight the step the core marks as next, or none', () => {
    expect(nextAction(core)).toBe('review_opinion')
    expect(nextAction([core[0]])).toBe('')
    expect(nextAction([])).toBe('')
  })
})

describe('reviewStep (which 复查/复核 a dialog records)', () => {
  const T = '2026-11-03T10:00:00+08:00'
  const review = (kind: string, done: boolean) => ({ kind, requested_at: T, opinion_at: done ? T : null, result: null, hearing_days: 0 })
  const withReviews = (reviews: unknown[]) => ({ reviews }) as unknown as Case
  it('goes 复查 request, its opinion, then 复核 (条例 §35, §36)', () => {
    expect(reviewStep(withReviews([]))).toEqual({ kind: 'review', opinion: false })
    expect(reviewStep(withReviews([review('review', false)]))).toEqual({ kind: 'review', opinion: true })
    expect(reviewStep(withReviews([review('review', true)]))).toEqual({ kind: 're_review', opinion: false })
    expect(reviewStep(withReviews([review('review', true), review('re_review', true)])).kind).toBeNull()
  })
})
