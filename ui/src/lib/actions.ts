// Which actions a case allows now, and why not: the core decides (src/rules/actions.rs); the
// buttons and dialogs only read `caseActions`.
import type { Action, ActionKey } from '../gen/contract'
import { REQUIRED_ATTACHMENTS, nextSignoffRole, type MethodCode } from './labels'
import type { Case } from './types'

export type { ActionKey }

export interface ActionState {
  key: ActionKey
  label: string
  danger: boolean
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
 * Every action that applies to the case now, in button order, each enabled or with the reason it
 * is not: the core's answer (`CaseView.actions`, src/rules/actions.rs), which the lifecycle's
 * guards also check. The window keeps no copy of these rules.
 */
export function caseActions(actions: Action[]): ActionState[] {
  return actions.map((a) => ({
    key: a.key,
    label: a.label,
    enabled: a.enabled,
    reason: a.enabled ? '' : (a.reason ?? '').replace(/。$/, ''),
    danger: a.danger,
  }))
}

/** The step the clerk most likely takes next, as the core says. */
export function nextAction(actions: Action[]): ActionKey | '' {
  return actions.find((a) => a.next)?.key ?? ''
}
