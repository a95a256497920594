// Chinese labels for the core's enum code names (src/domain/mod.rs). The UI sends code names
// and shows these labels; every list here keeps the core's order.

export interface Option<T extends string = string> {
  value: T
  label: string
}

function options<T extends string>(map: Record<T, string>): Option<T>[] {
  return (Object.keys(map) as T[]).map((value) => ({ value, label: map[value] }))
}

export const SOURCE = {
  forwarded: '转送',
  assigned: '交办',
  supervised: '督办',
  direct: '直接受理',
} as const

export const SENDER_LEVEL = { national: '国家', city: '市', district: '区' } as const

export const FORM = { letter: '来信', visit: '来访', online: '网上', phone: '来电' } as const

export const PURPOSE = {
  suggestion: '意见建议',
  accusation: '检举控告',
  claim: '申诉求决',
  other: '其他',
} as const

/** The five lawful handling methods (domain.md §1). "存" is forbidden and never offered (N §一.三). */
export const METHOD = {
  direct_reply: '直接回复',
  petition_channel: '信访途径受理',
  statutory_channel: '其他法定途径受理',
  decline: '不予受理',
  return_case: '退件',
} as const

export const METHOD_HINT: Record<keyof typeof METHOD, string> = {
  direct_reply: '意见建议、检举控告、其他类诉求，15 日内回复',
  petition_channel: '申诉求决类，受理后 60 日内出具处理意见书，经批准可延期 30 日',
  statutory_channel: '属诉讼、仲裁、行政复议等法定程序的，按该程序期限办理',
  decline: '须有法定理由（条例 §19.3、§36.3 等）',
  return_case: '不属本单位职权：5 个工作日内提出异议并说明理由后退回',
}

export const STATUS = {
  awaiting_sign: '待签收',
  awaiting_decision: '待受理',
  in_progress: '办理中',
  replied: '已答复',
  delivered: '已送达',
  evaluated: '已评价',
  returned: '已退件',
  deleted: '已删除',
} as const

export const EVALUATION = {
  satisfied: '满意',
  basically_satisfied: '基本满意',
  dissatisfied: '不满意',
  expired: '超期未评价',
} as const

export const DELIVERY_METHOD = {
  in_person: '直接送达',
  mail: '邮寄送达',
  entrusted: '委托送达',
  left: '留置送达',
  electronic: '电子送达',
  public_notice: '公告送达',
} as const

export const DOC_KIND = {
  acceptance_notice: '受理告知书',
  decline_notice: '不予受理告知书',
  handling_opinion: '处理意见书',
  reply_opinion: '答复意见书',
  reply_letter: '回复',
  delivery_receipt: '送达回证',
  other_statutory_document: '其他法定文书',
} as const

/**
 * 不予受理的法定理由 (mirrors DeclineGround in src/domain/method.rs): the label, the article the
 * 不予受理告知书 cites, and a hint for the clerk.
 */
export const DECLINE_GROUND = {
  // 条例 §19 ¶3: 已经受理或者正在办理的，在规定期限内向上级又提出同一信访事项的，上级不予受理
  same_matter_pending: { label: '同一信访事项已经受理或者正在办理', article: '《信访工作条例》第十九条第三款', hint: '在规定期限内又向上级机关提出同一信访事项' },
  // 条例 §36 ¶3: 对复核意见不服，仍以同一事实和理由提出投诉请求的，不再受理
  re_reviewed: { label: '已经复核，仍以同一事实和理由提出', article: '《信访工作条例》第三十六条第三款', hint: '对复核意见不服，仍以同一事实和理由提出投诉请求' },
  // 条例 §28 ¶2, §31(一)–(四): 诉讼与信访分离，导入相应法定程序
  legal_route: { label: '应当通过诉讼、仲裁、行政复议等法定途径解决', article: '《信访工作条例》第二十八条第二款、第三十一条', hint: '诉讼与信访分离，告知信访人通过相应法定程序解决' },
} as const
export type DeclineGroundCode = keyof typeof DECLINE_GROUND


export const LEADER_ROLE = { supervising_leader: '分管领导', principal_leader: '主要领导' } as const

export const REVIEWER = { supervising_leader: '分管领导', district_office: '区信访办' } as const

export const DAY_COUNT = { calendar_days: '自然日', working_days: '工作日' } as const

/** Deadline anchors, worded as the core's Anchor::label (src/rules/deadlines.rs). */
export const ANCHOR = {
  arrival: '到达日',
  acceptance: '受理日',
  written_opinion: '信访人收到书面意见之日',
  review_request: '收到复查请求之日',
  review_opinion_received: '信访人收到复查意见之日',
  re_review_request: '收到复核请求之日',
} as const

export const SEVERITY = { error: '错误', warning: '警告', info: '提示' } as const

export const RATE = {
  timely_acceptance: '及时受理率',
  on_time_reply: '按期答复率',
  participation: '群众参评率',
  satisfaction: '满意率',
  repeat_rate: '重复率',
} as const

export type SourceCode = keyof typeof SOURCE
export type FormCode = keyof typeof FORM
export type PurposeCode = keyof typeof PURPOSE
export type MethodCode = keyof typeof METHOD
export type StatusCode = keyof typeof STATUS
export type DocKindCode = keyof typeof DOC_KIND
export type DeliveryMethodCode = keyof typeof DELIVERY_METHOD
export type EvaluationCode = keyof typeof EVALUATION
export type LeaderRoleCode = keyof typeof LEADER_ROLE
export type SeverityCode = keyof typeof SEVERITY
export type RateCode = keyof typeof RATE

export const sourceOptions = options(SOURCE)
export const senderLevelOptions = options(SENDER_LEVEL)
export const formOptions = options(FORM)
export const purposeOptions = options(PURPOSE)
export const methodOptions = options(METHOD)
export const statusOptions = options(STATUS)
export const evaluationOptions = options(EVALUATION)
export const deliveryMethodOptions = options(DELIVERY_METHOD)
export const docKindOptions = options(DOC_KIND)
export const leaderRoleOptions = options(LEADER_ROLE)
export const dayCountOptions = options(DAY_COUNT)

/** The label of a code, or the code itself when unknown (never an empty cell). */
export function label(map: Record<string, string>, code: string | null | undefined, empty = '—'): string {
  if (code == null || code === '') return empty
  return map[code] ?? code
}

/** Element Plus tag type for a case status. */
export function statusTagType(status: string): 'danger' | 'warning' | 'primary' | 'success' | 'info' {
  switch (status) {
    case 'awaiting_sign':
      return 'danger'
    case 'awaiting_decision':
      return 'warning'
    case 'in_progress':
      return 'primary'
    case 'replied':
    case 'delivered':
    case 'evaluated':
      return 'success'
    default:
      return 'info'
  }
}

/** Element Plus tag type for a deadline status. */
export function deadlineTagType(status: string): 'danger' | 'warning' | 'primary' | 'success' | 'info' {
  switch (status) {
    case 'overdue':
    case 'met_late':
      return 'danger'
    case 'due_soon':
      return 'warning'
    case 'met_in_time':
      return 'success'
    case 'lapsed':
      return 'info'
    default:
      return 'primary'
  }
}

export function severityTagType(s: string): 'danger' | 'warning' | 'info' {
  return s === 'error' ? 'danger' : s === 'warning' ? 'warning' : 'info'
}

/**
 * N §三.四: the attachments each method uploads, each a separate file; a slot lists the kinds
 * that satisfy it (其他法定途径: 答复意见书 or the other statutory document). Mirrors
 * Method::required_attachments in the core.
 */
export const REQUIRED_ATTACHMENTS: Record<MethodCode, DocKindCode[][]> = {
  direct_reply: [['reply_letter'], ['delivery_receipt']],
  decline: [['decline_notice'], ['delivery_receipt']],
  statutory_channel: [['acceptance_notice'], ['reply_opinion', 'other_statutory_document'], ['delivery_receipt']],
  petition_channel: [['acceptance_notice'], ['handling_opinion'], ['delivery_receipt']],
  return_case: [],
}

/** The documents a method drafts (for the 登记文书 choice), in the order they are issued. */
export function documentsFor(method: string | null | undefined): DocKindCode[] {
  if (!method || !(method in REQUIRED_ATTACHMENTS)) return Object.keys(DOC_KIND) as DocKindCode[]
  const kinds = REQUIRED_ATTACHMENTS[method as MethodCode].flat()
  return [...new Set(kinds)]
}

/** N §三.二 / 条例 §31: whether a method suits a purpose (mirrors Method::suits). */
export function methodSuits(method: MethodCode, purpose: string): boolean {
  if (method === 'direct_reply') return purpose !== 'claim'
  if (method === 'petition_channel' || method === 'statutory_channel') return purpose === 'claim'
  return true
}

/** The next leader to sign a document: 分管领导 first, then 主要领导 (N §三.三); null when done. */
export function nextSignoffRole(signoffs: { role: string }[]): LeaderRoleCode | null {
  const has = (r: string) => signoffs.some((s) => s.role === r)
  if (!has('supervising_leader')) return 'supervising_leader'
  if (!has('principal_leader')) return 'principal_leader'
  return null
}

/** The day tag on 工作台 from the calendar's description: 工作日 / 节假日 / 休息日 / 调休上班. */
export function dayKindTag(description: string, working: boolean): { text: string; type: 'success' | 'warning' | 'danger' } {
  if (description.includes('调休')) return { text: '调休上班', type: 'warning' }
  if (working) return { text: '工作日', type: 'success' }
  return { text: description.includes('法定') ? '节假日' : '休息日', type: 'danger' }
}
