// The registration form (views/CaseForm.vue) → the core's NewCase (src/domain/mod.rs).
import { blankToNull } from './validate'
import type { NewCase, Petitioner } from './types'

/** What `case_add` receives: blanks as null, no sender for a direct case, the two #15 fields kept. */
export function newCasePayload(c: NewCase): NewCase {
  const { petitioners, ...rest } = c
  const out = blankToNull(rest as unknown as Record<string, unknown>) as unknown as NewCase
  out.petitioners = petitioners.map((p) => blankToNull(p as unknown as Record<string, unknown>) as unknown as Petitioner)
  if (!out.people_count) out.people_count = null
  if (out.source === 'direct') {
    out.sender = null
    out.sender_level = null
  }
  out.petition_date = out.petition_date || null
  out.in_evaluation_scope = !!out.in_evaluation_scope
  return out
}

/** 信访日期 is when the petitioner wrote or came: it cannot be after our arrival. */
export function petitionDateProblem(petitionDate: string | null | undefined, arrivedAt: string | null | undefined): string {
  if (!petitionDate || !arrivedAt) return ''
  return petitionDate > arrivedAt.slice(0, 10) ? '信访日期不能晚于到达日期' : ''
}

/** The 诉求摘要 offered from the demand: its first sentence, at most 60 characters ("……" marks a
 * cut). The same reading as the core's domain::summarize, which applies when the field is left empty. */
export function summarize(demand: string): string {
  const text = demand.trim()
  const end = text.search(/[。！？；\n]/)
  const first = (end < 0 ? text : text.slice(0, end)).trim().replace(/[，,、]+$/, '')
  const chars = Array.from(first)
  return chars.length <= 60 ? first : `${chars.slice(0, 60).join('')}……`
}
