import { describe, expect, it } from 'vitest'
import {
  DOC_KIND, METHOD, dayKindTag, REQUIRED_ATTACHMENTS, STATUS, deadlineTagType, documentsFor, label, methodOptions, methodSuits, nextSignoffRole, statusTagType,
} from './labels'

describe('label maps', () => {
  it('maps code names to Chinese and falls back to the code', () => {
    expect(label(STATUS, 'awaiting_sign')).toBe('待签收')
    expect(label(METHOD, 'return_case')).toBe('退件')
    expect(label(METHOD, null)).toBe('—')
    expect(label(METHOD, 'something_new')).toBe('something_new')
  })
  it('offers exactly the five lawful methods and never 存', () => {
    expect(methodOptions.map((o) => o.label)).toEqual(['直接回复', '信访途径受理', '其他法定途径受理', '不予受理', '退件'])
    expect(methodOptions.some((o) => o.label.includes('存') || (o.value as string) === 'store')).toBe(false)
    expect(methodOptions.some((o) => o.label.includes('不属于本部门'))).toBe(false)
  })
  it('every Chinese label is Chinese', () => {
    for (const l of [...Object.values(STATUS), ...Object.values(METHOD), ...Object.values(DOC_KIND)]) expect(l).toMatch(/[\u4e00-\u9fa5]/)
  })
  it('colours statuses and deadlines', () => {
    expect(statusTagType('awaiting_sign')).toBe('danger')
    expect(statusTagType('evaluated')).toBe('success')
    expect(deadlineTagType('overdue')).toBe('danger')
    expect(deadlineTagType('due_soon')).toBe('warning')
  })
})

describe('day kind on 工作台', () => {
  it('reads the calendar description', () => {
    expect(dayKindTag('星期四（工作日）', true)).toEqual({ text: '工作日', type: 'success' })
    expect(dayKindTag('调休上班日（国庆节）', true).text).toBe('调休上班')
    expect(dayKindTag('法定节假日（国庆节）', false).text).toBe('节假日')
    expect(dayKindTag('星期六（休息日）', false).text).toBe('休息日')
  })
})

describe('method rules mirrored from the core', () => {
  it('lists the attachments of each method (N §三.四)', () => {
    expect(REQUIRED_ATTACHMENTS.direct_reply).toEqual([['reply_letter'], ['delivery_receipt']])
    expect(REQUIRED_ATTACHMENTS.return_case).toEqual([])
    expect(documentsFor('statutory_channel')).toEqual(['acceptance_notice', 'reply_opinion', 'other_statutory_document', 'delivery_receipt'])
    expect(documentsFor(null)).toHaveLength(9) // the core's nine kinds, 其他法定文书, 延期告知书 and 办结报告 included
  })
  it('knows which methods suit which purposes', () => {
    expect(methodSuits('direct_reply', 'claim')).toBe(false)
    expect(methodSuits('petition_channel', 'claim')).toBe(true)
    expect(methodSuits('petition_channel', 'suggestion')).toBe(false)
    expect(methodSuits('return_case', 'accusation')).toBe(true)
  })
  it('signs off 分管 first, then 主要', () => {
    expect(nextSignoffRole([])).toBe('supervising_leader')
    expect(nextSignoffRole([{ role: 'supervising_leader' }])).toBe('principal_leader')
    expect(nextSignoffRole([{ role: 'supervising_leader' }, { role: 'principal_leader' }])).toBeNull()
  })
})
