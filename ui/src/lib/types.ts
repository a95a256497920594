// Shapes of the core's JSON (src/api, src/domain, src/rules). Enum fields carry code names.
import type { CaseFilter } from './filter'

export interface Petitioner {
  name: string
  id_number?: string | null
  phone?: string | null
  address?: string | null
}

export interface NewCase {
  case_no: string
  unit: string
  source: string
  sender?: string | null
  sender_level?: string | null
  arrived_at: string
  /** 信访日期: when the petitioner wrote or came (`YYYY-MM-DD`), distinct from our arrival. */
  petition_date?: string | null
  form: string
  petitioners: Petitioner[]
  people_count?: number | null
  demand: string
  suggestions?: string | null
  facts?: string | null
  history?: string | null
  purpose: string
  category?: string | null
  hot_issue?: string | null
  cause?: string | null
  sensitive: boolean
  threat: boolean
  responsible_leader?: string | null
  case_owner_leader?: string | null
  /** 纳入满意度评价 (国家信访局/市信访办 items): needs a 包案 leader (N §二). */
  in_evaluation_scope?: boolean
  section?: string | null
  handler?: string | null
  repeat_of?: string | null
  statutory_due_date?: string | null
  notes?: string | null
}

export interface Signoff {
  role: string
  leader: string
  at: string
}
export interface Document {
  kind: string
  doc_no: string | null
  issued_at: string | null
  signoffs: Signoff[]
}
export interface Delivery {
  at: string
  method: string
  place: string | null
  recipient: string
  documents: string[]
  receipt_signed: boolean
  proxy_reason: string | null
  witness: string | null
  /** 签收日期 on the 送达回证 (`YYYY-MM-DD`). */
  signed_on?: string | null
  tracking_no?: string | null
  refusal_reason?: string | null
  server?: string | null
}
export interface AttachmentRecord {
  kind: string
  file_name: string
  sha256: string | null
  added_at: string
  reviewed_supervising_at: string | null
  reviewed_office_at: string | null
}
export interface Review {
  kind: string
  requested_at: string
  opinion_at: string | null
  result: string | null
  opinion_received_on?: string | null
  hearing_days?: number
}
export interface CaseEvent {
  kind: string
  label: string
  at: string
  actor: string
  detail: string
}

export interface Case extends NewCase {
  id: number
  status: string
  status_label: string
  confidential: boolean
  is_repeat: boolean
  signed_at: string | null
  accepted_at: string | null
  method: string | null
  method_reason: string | null
  decline_ground?: string | null
  redirect_to?: string | null
  extension_days: number
  extension_approved_by: string | null
  replied_at: string | null
  evaluation: string | null
  evaluated_at: string | null
  documents: Document[]
  deliveries: Delivery[]
  attachments: AttachmentRecord[]
  reviews: Review[]
  events: CaseEvent[]
  created_at: string
  updated_at: string
  deleted_at: string | null
}

export interface Deadline {
  rule_id: string
  name: string
  anchor: string
  anchor_at: string
  days: number
  count: string
  due_date: string
  status: string
  status_label: string
  met_at: string | null
  duty: string
  explanation: string
  warnings: string[]
  source: string
}

export interface Finding {
  code: string
  severity: 'error' | 'warning' | 'info'
  severity_label: string
  message: string
  source: string
}

export interface CheckReport {
  case_no: string
  verdict: string
  errors: number
  warnings: number
  findings: Finding[]
}

export interface CaseView {
  case: Case
  deadlines: Deadline[]
  check: CheckReport
}

export interface RepeatCandidate {
  case_no: string
  arrived_at: string
  demand: string
  matched_by: string
}

export interface AddOutcome {
  case_no: string
  possible_repeats: RepeatCandidate[]
  deadlines: Deadline[]
}

export interface CaseSummary {
  case_no: string
  unit: string
  source: string
  form: string
  purpose: string
  method: string | null
  arrived_at: string
  petitioner: string
  people_count: number
  demand: string
  status: string
  status_label: string
  next_due: string | null
  overdue: boolean
  confidential: boolean
  is_repeat: boolean
  responsible_leader: string | null
  handler: string | null
}

export interface CaseList {
  total: number
  items: CaseSummary[]
}

export interface CountedList {
  total: number
  items: CaseSummary[]
}

export interface TodaySummary {
  date: string
  day_kind: string
  is_working_day: boolean
  calendar_warning: string | null
  total_cases: number
  awaiting_sign: number
  awaiting_decision: number
  in_progress: number
  overdue: CountedList
  due_soon: CountedList
}

export interface Leader {
  name: string
  role: string
  role_label: string
}
export interface UnitInfo {
  name: string
  cases: number
  leaders: Leader[]
}

export interface Rate {
  id: string
  label: string
  numerator: number
  denominator: number
  value: number | null
  target: number
  on_target: boolean | null
  formula: string
}
export interface RateCounts {
  total: number
  accepted_in_time: number
  accepted_late: number
  overdue_unaccepted: number
  replied_in_time: number
  replied_late: number
  overdue_unanswered: number
  evaluation_scope: number
  evaluated: number
  satisfied: number
  repeats: number
}
export interface UnitRates {
  unit: string
  counts: RateCounts
  rates: Rate[]
  repeat_rate_last_year: number | null
  repeat_rate_change_pct: number | null
  named_for_repeats: boolean
  breaches_city: number
  breaches_district: number
  score: number
  score_items: { label: string; points: number }[]
}
export interface RatesReport {
  year: number
  profile: string
  as_of: string
  overall: UnitRates
  units: UnitRates[]
}
export interface MonthRates {
  month: number
  counts: RateCounts
  rates: Rate[]
}

export interface DeadlineRule {
  id: string
  name: string
  days: number
  count: string
  anchor: string
  met_by: string
  methods: string[]
  duty: string
  extendable: boolean
  source: string
}
export interface ScoreProfile {
  name: string
  weights: { rate: string; points: number }[]
  repeat_rise_penalty_per_pct: number
  breach_penalty_city: number
  breach_penalty_district: number
  targets: {
    timely_acceptance: number
    on_time_reply: number
    participation: number
    satisfaction: number
    repeat_rate_below: number
    repeat_rate_named_above: number
  }
  evaluation_scope_methods: string[]
  /** 检举控告 evaluations are recorded but not counted (条例 §30 keeps them confidential). */
  exclude_accusations?: boolean
}
export interface RuleSettings {
  deadline_rules: DeadlineRule[]
  due_soon_days: number
  score_profile: ScoreProfile
  /** Documents that need 分管 → 主要 sign-off before delivery (N §三.三). */
  signoff_scope?: string[]
  /** Per unit: `own_cases` (the higher body decides 复查/复核) or `reviewing_body`. */
  review_roles?: Record<string, string>
}

export interface DayOverride {
  date: string
  working: boolean
  note: string
}
export interface CalendarDay {
  date: string
  working: boolean
  description: string
  warning: string | null
}

export type { CaseFilter }
