// The ledger's filter form and its conversion to the core's CaseFilter (src/ledger/query.rs).
import { reactive } from 'vue'
import type { MethodCode, PurposeCode, SourceCode, StatusCode } from './labels'

export type SortKey = 'arrived_desc' | 'arrived_asc' | 'next_due' | 'case_no'

export const SORT_OPTIONS: { value: SortKey; label: string }[] = [
  { value: 'arrived_desc', label: '最新到达' },
  { value: 'arrived_asc', label: '最早到达' },
  { value: 'next_due', label: '期限最近' },
  { value: 'case_no', label: '信访件编号' },
]

export const PAGE_SIZES = [20, 50, 100]

export interface LedgerForm {
  search: string
  unit: string
  source: SourceCode | ''
  purpose: PurposeCode | ''
  method: MethodCode | ''
  status: StatusCode | ''
  /** [from, to] as `YYYY-MM-DD`, or null. */
  arrived: [string, string] | null
  overdue: boolean
  /** Answered, not yet evaluated (引导评价). */
  toEvaluate: boolean
  /** Days; null or '' when not filtering. */
  dueWithin: number | null
  includeDeleted: boolean
  sort: SortKey
  page: number
  pageSize: number
}

export function emptyLedgerForm(): LedgerForm {
  return {
    search: '',
    unit: '',
    source: '',
    purpose: '',
    method: '',
    status: '',
    arrived: null,
    overdue: false,
    toEvaluate: false,
    dueWithin: null,
    includeDeleted: false,
    sort: 'arrived_desc',
    page: 1,
    pageSize: 20,
  }
}

export interface CaseFilter {
  unit?: string
  source?: SourceCode
  purpose?: PurposeCode
  method?: MethodCode
  status?: StatusCode
  arrived_from?: string
  arrived_to?: string
  overdue?: boolean
  to_evaluate?: boolean
  due_within?: number
  search?: string
  include_deleted?: boolean
  sort?: SortKey
  limit?: number
  offset?: number
}

/** Only the filters that are set, so the server's `deny_unknown_fields` and defaults apply. */
export function toCaseFilter(f: LedgerForm): CaseFilter {
  const out: CaseFilter = {}
  const search = f.search.trim()
  if (search) out.search = search
  if (f.unit.trim()) out.unit = f.unit.trim()
  if (f.source) out.source = f.source
  if (f.purpose) out.purpose = f.purpose
  if (f.method) out.method = f.method
  if (f.status) {
    out.status = f.status
    if (f.status === 'deleted') out.include_deleted = true
  }
  if (f.arrived && f.arrived[0] && f.arrived[1]) {
    out.arrived_from = f.arrived[0]
    out.arrived_to = f.arrived[1]
  }
  if (f.overdue) out.overdue = true
  if (f.toEvaluate) out.to_evaluate = true
  if (f.dueWithin != null && String(f.dueWithin) !== '' && Number.isFinite(Number(f.dueWithin))) {
    out.due_within = Math.max(0, Math.floor(Number(f.dueWithin)))
  }
  if (f.includeDeleted) out.include_deleted = true
  out.sort = f.sort
  const size = PAGE_SIZES.includes(f.pageSize) ? f.pageSize : 20
  const page = Math.max(1, Math.floor(f.page) || 1)
  out.limit = size
  out.offset = (page - 1) * size
  return out
}

/** How many filters (besides sort and paging) are active, for the "已筛选 N 项" badge. */
export function activeFilterCount(f: LedgerForm): number {
  const c = toCaseFilter(f)
  return Object.keys(c).filter((k) => !['sort', 'limit', 'offset', 'search', 'include_deleted'].includes(k)).length
}

/** The ledger's filters for the whole session (kept while the clerk opens cases and comes back). */
export const ledgerForm = reactive<LedgerForm>(emptyLedgerForm())
