// The ledger's column chooser: which columns show, kept in localStorage.

export interface Column {
  key: string
  label: string
  width?: number
  minWidth?: number
  /** Always shown; cannot be hidden. */
  fixed?: boolean
  /** Stays in view when the table scrolls sideways. */
  pin?: 'left' | 'right'
}

export const LEDGER_COLUMNS: Column[] = [
  { key: 'case_no', label: '信访件编号', width: 150, fixed: true, pin: 'left' },
  { key: 'petitioner', label: '信访人', width: 96 },
  { key: 'demand', label: '主要诉求', minWidth: 180 },
  { key: 'unit', label: '责任单位', width: 136 },
  { key: 'source', label: '来源', width: 76 },
  { key: 'form', label: '形式', width: 66 },
  { key: 'purpose', label: '目的', width: 86 },
  { key: 'method', label: '办理方式', width: 116 },
  { key: 'arrived_at', label: '到达时间', width: 136 },
  { key: 'status', label: '状态', width: 84, fixed: true },
  { key: 'next_due', label: '最近期限', width: 116, pin: 'right' },
  { key: 'people_count', label: '人数', width: 60 },
  { key: 'responsible_leader', label: '责任领导', width: 96 },
  { key: 'handler', label: '责任人', width: 86 },
  { key: 'supervisions', label: '督办次数', width: 86 },
]

export const DEFAULT_VISIBLE = [
  'case_no',
  'petitioner',
  'demand',
  'unit',
  'purpose',
  'method',
  'arrived_at',
  'status',
  'next_due',
]

const KEY = 'xinfang-ledger-columns'

interface Store {
  getItem(k: string): string | null
  setItem(k: string, v: string): void
}

export function loadColumns(store: Store | undefined = globalThis.localStorage): string[] {
  try {
    const raw = store?.getItem(KEY)
    if (!raw) return [...DEFAULT_VISIBLE]
    const parsed = JSON.parse(raw)
    if (!Array.isArray(parsed)) return [...DEFAULT_VISIBLE]
    const known = new Set(LEDGER_COLUMNS.map((c) => c.key))
    const keys = parsed.filter((k): k is string => typeof k === 'string' && known.has(k))
    for (const c of LEDGER_COLUMNS) if (c.fixed && !keys.includes(c.key)) keys.push(c.key)
    return keys
  } catch {
    return [...DEFAULT_VISIBLE]
  }
}

export function saveColumns(keys: string[], store: Store | undefined = globalThis.localStorage) {
  store?.setItem(KEY, JSON.stringify(keys))
}
