// Which actions a case allows now, and why not. This is the ONE place the window decides it:
// the buttons and dialogs only read `caseActions`. The core's answer (`CaseView.actions`,
// src/rules/actions.rs) is used when the view carries it; the local mirror below is the
// fallback (and what the tests pin down) for a view without it.
import type { Action } from '../gen/contract'
import { REQUIRED_ATTACHMENTS, nextSignoffRole, type MethodCode } from './labels'
import type { Case } from './types'

export type ActionKey =
  | 'sign' | 'decide' | 'document' | 'signoff' | 'reply' | 'deliver' | 'attachment' | 'evaluate' | 'extend'
  | 'review_request' | 'review_opinion' | 'review_details' | 'delete' | 'restore'

export interface ActionState {
  key: ActionKey
  enabled: boolean
  /** Why it is disabled, in Chinese (empty when enabled). */
  reason: string
}

/** The next 复查/复核 step (条例 §35, §36): a request, then its opinion; null when both are done. */
export function reviewStep(c: Case): { kind: 'review' | 're_review' | null; opinion: boolean } {
  const review = c.reviews.find((r) => r.kind === 'review')
  const again = c.reviews.find((r) => r.kind === 're_review')
  if (!review) return { kind: 'review', opinion: false }
  if (!review.opinion_at) return { kind: 'review', opinion: true }
  if (!again) return { kind: 're_review', opinion: false }
  if (!again.opinion_at) return { kind: 're_review', opinion: true }
  return { kind: null, opinion: false }
}

/** Documents a leader may still sign: anything but the 送达回证, until 主要领导 has signed (N §三.三). */
export function signableDocuments(c: Case) {
  return c.documents.filter((d) => d.kind !== 'delivery_receipt' && nextSignoffRole(d.signoffs))
}

/** Slots of the method's required files (N §三.四) with none of `have` in them. */
export function missingSlots(c: Case, have: string[]): string[][] {
  const m = c.method as MethodCode | null
  if (!m || !(m in REQUIRED_ATTACHMENTS)) return []
  return REQUIRED_ATTACHMENTS[m].filter((slot) => !slot.some((k) => have.includes(k)))
}

/**
 * Every action that applies to the case, in button order, each enabled or with the reason it is
 * not. Actions that never apply to this case are left out: 签收 for a direct case (N §一.二: only
 * 转送/交办/督办 items are signed for), 延期 and 复查/复核 outside the petition channel (条例 §34–36).
 */
export function caseActions(view: { case: Case; actions?: Action[] }): ActionState[] {
  if (view.actions?.length) return fromCore(view.case, view.actions)
  const c = view.case
  const out: ActionState[] = []
  // The first failing condition is the reason; none means enabled.
  const add = (key: ActionKey, ...checks: [boolean, string][]) => {
    const failed = checks.find(([ok]) => !ok)
    out.push({ key, enabled: !failed, reason: failed ? failed[1] : '' })
  }
  const live: [boolean, string] = [!c.deleted_at, '该件已删除，请先恢复']
  const decided: [boolean, string] = [!!c.method, '请先确定办理方式']
  const notReturned: [boolean, string] = [c.method !== 'return_case', '已退件，不再办理']
  const transferred = c.source !== 'direct'

  if (transferred) add('sign', live, [!c.signed_at, '已签收'])
  add('decide', live, [!transferred || !!c.signed_at, '请先签收（N §一.二）'], [!c.method, '已确定办理方式'])
  add('document', live, decided, notReturned)
  add('signoff', live, [signableDocuments(c).length > 0, c.documents.length ? '已登记的文书均已签批' : '请先登记需签批的文书'])
  add('reply', live, decided, notReturned, [!c.replied_at, '已登记答复'])
  add('deliver', live, decided, notReturned, [c.documents.length > 0, '请先登记要送达的文书'])
  add('attachment', live, decided, notReturned)
  // 其他法定途径 cases are outside the evaluation scope (domain.md §6); a 检举控告 evaluation is
  // recorded, and whether it counts is the score profile's setting.
  add('evaluate', live,
    [c.method !== 'statutory_channel', '其他法定途径受理件不纳入满意度评价'],
    [!!c.replied_at || c.method === 'decline', '答复后才能登记评价'],
    [!c.evaluation, '已登记评价'])
  if (c.method === 'petition_channel') {
    // 条例 §34: several steps allowed before the 60 days run out, 30 days in all.
    add('extend', live, [!c.replied_at, '已出具处理意见，不能再延期'], [c.extension_days < 30, '已延期满 30 日（条例 §34）'])
    // 条例 §35, §36: 复查 after the written opinion, 复核 after the 复查意见.
    const step = reviewStep(c)
    const replied: [boolean, string] = [!!c.replied_at, '出具处理意见书并答复后才有复查复核']
    add('review_request', live, replied, [step.kind !== null, '复查、复核均已办结'], [!step.opinion, '请先登记已申请的复查/复核意见'])
    add('review_opinion', live, replied, [step.kind !== null, '复查、复核均已办结'], [step.opinion, '尚无待作出意见的复查/复核申请'])
    add('review_details', live, [c.reviews.length > 0, '尚无复查/复核申请'])
  }
  out.push(c.deleted_at ? { key: 'restore', enabled: true, reason: '' } : { key: 'delete', enabled: true, reason: '' })
  return out
}

/**
 * The core's actions in the window's keys: its one 复查/复核 button becomes the request or the
 * opinion by the step, and 签收与听证 (details of a recorded step, no state change) follows it.
 */
function fromCore(c: Case, actions: Action[]): ActionState[] {
  const out: ActionState[] = []
  for (const a of actions) {
    const reason = a.enabled ? '' : (a.reason ?? '').replace(/。$/, '')
    if (a.key !== 'review') {
      out.push({ key: a.key, enabled: a.enabled, reason })
      continue
    }
    const step = reviewStep(c)
    out.push({ key: step.opinion ? 'review_opinion' : 'review_request', enabled: a.enabled, reason })
    out.push({ key: 'review_details', enabled: !c.deleted_at && c.reviews.length > 0, reason: c.reviews.length ? (c.deleted_at ? '该件已删除，请先恢复' : '') : '尚无复查/复核申请' })
  }
  return out
}

/** The step the clerk most likely takes next: the core's `next` when it says, else the mirror. */
export function nextAction(c: Case, actions?: Action[]): ActionKey | '' {
  if (actions?.length) {
    const n = actions.find((a) => a.next)
    if (!n) return ''
    return n.key === 'review' ? (reviewStep(c).opinion ? 'review_opinion' : 'review_request') : n.key
  }
  if (c.deleted_at) return 'restore'
  if (!c.signed_at && c.source !== 'direct') return 'sign'
  if (!c.method) return 'decide'
  if (c.method === 'return_case') return ''
  if (signableDocuments(c).length) return 'signoff'
  const docs = c.documents.map((d) => d.kind)
  if (missingSlots(c, docs).length && !(c.replied_at && c.deliveries.length)) return 'document'
  if (!c.replied_at) return 'reply'
  if (c.deliveries.length === 0) return 'deliver'
  if (missingSlots(c, c.attachments.map((a) => a.kind)).length) return 'attachment'
  if (!c.evaluation && !c.confidential && c.method !== 'statutory_channel') return 'evaluate'
  return ''
}
