// Paths and reports for the Excel export/import and the case documents. The core writes and
// reads files by path; the browser cannot see the clerk's disk, so the UI keeps one folder
// the clerk chose (remembered in localStorage) and builds file names in it.
import type { DocKind, DocumentDraftArgs } from '../gen/contract'

import type { DocKindCode } from './labels'

const FOLDER_KEY = 'xinfang-files-folder'
const PREFIX_KEY = 'xinfang-docno-prefix'

export function savedFolder(): string {
  try {
    return localStorage.getItem(FOLDER_KEY) ?? ''
  } catch {
    return ''
  }
}

export function saveFolder(dir: string) {
  try {
    localStorage.setItem(FOLDER_KEY, dir.trim())
  } catch {
    /* private mode: the clerk types it again next time */
  }
}

/** 机关代字 last used for a unit's 文号 (e.g. 永住建信). */
export function savedPrefix(unit: string): string {
  try {
    return (JSON.parse(localStorage.getItem(PREFIX_KEY) ?? '{}') as Record<string, string>)[unit] ?? ''
  } catch {
    return ''
  }
}

export function savePrefix(unit: string, prefix: string) {
  try {
    const all = JSON.parse(localStorage.getItem(PREFIX_KEY) ?? '{}') as Record<string, string>
    all[unit] = prefix.trim()
    localStorage.setItem(PREFIX_KEY, JSON.stringify(all))
  } catch {
    /* not remembered */
  }
}

/** A full path on Linux/UOS/Kylin (`/home/…`) or Windows (`D:\…`, `\\server\share`). */
export function isAbsolutePath(p: string): boolean {
  const s = p.trim()
  return s.startsWith('/') || /^[A-Za-z]:[\\/]/.test(s) || s.startsWith('\\\\')
}

/** Joins a folder and a file name with the folder's own separator. */
export function joinPath(dir: string, name: string): string {
  const d = dir.trim()
  if (!d) return name
  const sep = d.includes('\\') && !d.includes('/') ? '\\' : '/'
  return d.endsWith('/') || d.endsWith('\\') ? d + name : d + sep + name
}

/** Characters Windows refuses in file names (case numbers may contain `/`). */
export function safeFileName(s: string): string {
  return s.trim().replace(/[/\\:*?"<>|]/g, '_')
}

export type ExportFormat = 'xlsx' | 'csv'

/** `台账-永川区住房城乡建委-2026-2026-11-26.xlsx`; the unit and year only when filtered. */
export function exportFileName(opts: { unit?: string | null; year?: number | null; today: string; format: ExportFormat }): string {
  const parts = ['台账']
  if (opts.unit) parts.push(opts.unit)
  if (opts.year) parts.push(`${opts.year}年`)
  parts.push(opts.today)
  return `${safeFileName(parts.join('-'))}.${opts.format}`
}

/** Replaces the extension when the clerk switches between .xlsx and .csv. */
export function withExtension(path: string, format: ExportFormat): string {
  const p = path.trim()
  if (!p) return p
  return /\.(xlsx|csv)$/i.test(p) ? p.replace(/\.(xlsx|csv)$/i, `.${format}`) : `${p}.${format}`
}

/** Where a document PDF goes: `<folder>/<编号>-<文书名称>[-草稿].pdf` (the folder must exist). */
export function documentPath(folder: string, caseNo: string, kindLabel: string, draft: boolean): string {
  return joinPath(folder, `${safeFileName(caseNo)}-${kindLabel}${draft ? '-草稿' : ''}.pdf`)
}

/** A path check for the file inputs: null when fine, else what to do (Chinese). */
export function pathProblem(p: string, exts: string[]): string | null {
  const s = p.trim()
  if (!s) return '请填写文件的完整路径。'
  if (!isAbsolutePath(s)) return '请填写完整路径，如 /home/用户/台账.xlsx 或 D:\\台账\\台账.xlsx。'
  const ext = s.toLowerCase().match(/\.([a-z]+)$/)?.[1]
  if (!ext || !exts.includes(ext)) return `文件须为 ${exts.map((e) => '.' + e).join('、')} 格式。`
  return null
}

/** Kinds whose final copy needs a 文号 from the register (the red-header 处理意见书); the
 * clerk is asked for the 机关代字 only for these (issue #21 §2). */
export function takesDocNo(kind: DocKindCode): boolean {
  return kind === 'handling_opinion'
}

export interface RowErrorLike {
  row: number
  column: string
  value: string
  problem: string
  fix: string
}

/** `第 4 行` / `整个文件` for the error table's first column. */
export function rowLabel(row: number): string {
  return row > 0 ? `第 ${row} 行` : '整个文件'
}

/** Rows with at least one error (file-level errors not counted). */
export function rowsWithErrors(errors: RowErrorLike[]): number {
  return new Set(errors.filter((e) => e.row > 0).map((e) => e.row)).size
}

/** The summary line of a dry run. */
export function importSummary(r: { rows: number; to_add: number; to_update: number; skipped_existing: string[]; errors_total: number; blank_rows: number }): string {
  const parts = [`共读取 ${r.rows} 行`, `新增 ${r.to_add} 件`]
  if (r.to_update) parts.push(`更新 ${r.to_update} 件`)
  if (r.skipped_existing.length) parts.push(`跳过已有 ${r.skipped_existing.length} 件`)
  if (r.blank_rows) parts.push(`空行 ${r.blank_rows} 行`)
  parts.push(r.errors_total ? `错误 ${r.errors_total} 处` : '未发现错误')
  return parts.join('，')
}

/** Ledger columns an import can fill (code, Chinese name), mirrors src/exchange/columns.rs. */
export const IMPORT_FIELDS: [string, string][] = [
  ['case_no', '信访件编号'],
  ['unit', '责任单位'],
  ['source', '来源'],
  ['sender', '来源机关'],
  ['sender_level', '来源机关层级'],
  ['arrived_at', '到达时间'],
  ['petition_date', '信访日期'],
  ['form', '信访形式'],
  ['petitioner', '信访人'],
  ['id_number', '身份证号'],
  ['phone', '联系方式'],
  ['address', '住址'],
  ['people_count', '人数'],
  ['demand', '诉求摘要'],
  ['suggestions', '建议意见'],
  ['facts', '事实和理由'],
  ['history', '信访经过'],
  ['purpose', '信访目的'],
  ['category', '内容分类'],
  ['hot_issue', '热点问题'],
  ['cause', '信访原因'],
  ['sensitive', '敏感件'],
  ['threat', '扬言过激'],
  ['responsible_leader', '责任领导'],
  ['case_owner_leader', '包案领导'],
  ['in_evaluation_scope', '纳入满意度评价'],
  ['section', '责任科室'],
  ['handler', '责任人'],
  ['repeat_of', '重复信访原件编号'],
  ['statutory_due_date', '法定途径期限'],
  ['signed_at', '签收时间'],
  ['accepted_at', '受理时间'],
  ['method', '办理方式'],
  ['method_reason', '不予受理或退件理由'],
  ['replied_at', '答复时间'],
  ['evaluation', '评价'],
  ['evaluated_at', '评价时间'],
  ['outcome', '办结情况'],
  ['notes', '备注'],
]

/** Mapping adjustments for `ledger_import`: column letter → field code, or '忽略'. Only the
 * columns the clerk changed from what the core detected are sent. */
export function mappingChanges(
  detected: { column: string; field: string | null; ignored: boolean }[],
  chosen: Record<string, string>,
): Record<string, string> {
  const out: Record<string, string> = {}
  for (const d of detected) {
    const want = chosen[d.column]
    if (want === undefined) continue
    const had = d.ignored || !d.field ? '忽略' : d.field
    if (want !== had) out[d.column] = want
  }
  return out
}

/** One problem as the core reports it: `field` is the column code a fix goes to (null for a
 * whole row or the whole file); `keepable` when the value may be kept in 备注 instead. */
export interface ImportProblem extends RowErrorLike {
  field: string | null
  keepable: boolean
}

/** The clerk's choices in the import wizard, sent with every check and with the import. */
export interface ImportChoices {
  defaults: { source: string; form: string; purpose: string }
  /** `row:field` → new value. */
  fixes: Record<string, string>
  skips: number[]
  /** `row:field` cells (or `all`) kept in 备注. */
  keep: string[]
  skipAllWithErrors: boolean
}

export function emptyChoices(): ImportChoices {
  return { defaults: { source: '', form: '', purpose: '' }, fixes: {}, skips: [], keep: [], skipAllWithErrors: false }
}

export function cellKey(row: number, field: string): string {
  return `${row}:${field}`
}

/** The `ledger_import` options for the choices (only what is set). */
export function choiceOptions(c: ImportChoices): Record<string, unknown> {
  const o: Record<string, unknown> = {}
  if (c.defaults.source) o.default_source = c.defaults.source
  if (c.defaults.form) o.default_form = c.defaults.form
  if (c.defaults.purpose) o.default_purpose = c.defaults.purpose
  const fixes = Object.entries(c.fixes).map(([k, value]) => {
    const at = k.indexOf(':')
    return { row: Number(k.slice(0, at)), column: k.slice(at + 1), value }
  })
  if (fixes.length) o.fixes = fixes
  if (c.skips.length) o.skip_rows = [...c.skips].sort((a, b) => a - b)
  if (c.keep.length) o.keep_as_note = [...c.keep]
  if (c.skipAllWithErrors) o.skip_rows_with_errors = true
  return o
}

/** Toggles a row in the skip list. */
export function toggleSkip(c: ImportChoices, row: number) {
  c.skips = c.skips.includes(row) ? c.skips.filter((r) => r !== row) : [...c.skips, row]
}

/** Keeps a doubtful cell in 备注 (and drops a fix of the same cell). */
export function keepAsNote(c: ImportChoices, row: number, field: string) {
  const k = cellKey(row, field)
  delete c.fixes[k]
  if (!c.keep.includes(k)) c.keep = [...c.keep, k]
}

/** Sets a cell's value (and drops a keep-in-备注 of the same cell). */
export function fixCell(c: ImportChoices, row: number, field: string, value: string) {
  const k = cellKey(row, field)
  c.keep = c.keep.filter((x) => x !== k)
  c.fixes[k] = value
}

/** What the clerk changed on a row, for the row's 已选 column. */
export function rowChoices(c: ImportChoices, row: number, fieldName: (code: string) => string): string[] {
  const out: string[] = []
  if (c.skips.includes(row)) out.push('跳过此行')
  for (const [k, v] of Object.entries(c.fixes)) {
    const [r, f] = [Number(k.slice(0, k.indexOf(':'))), k.slice(k.indexOf(':') + 1)]
    if (r === row) out.push(`${fieldName(f)}改为“${v}”`)
  }
  for (const k of c.keep) {
    const [r, f] = [Number(k.slice(0, k.indexOf(':'))), k.slice(k.indexOf(':') + 1)]
    if (r === row) out.push(`${fieldName(f)}保留在备注`)
  }
  return out
}

/** The defaults the wizard asks for: 来源/形式/目的 some row lacks (责任单位 has its own select). */
export function defaultsAsked(needs: string[]): ('source' | 'form' | 'purpose')[] {
  return (['source', 'form', 'purpose'] as const).filter((f) => needs.includes(f))
}

/** Rows of the preview to show: all, or only those with problems; then one page of them. */
export function previewPage<T extends { problems: unknown[] }>(rows: T[], onlyProblems: boolean, page: number, size: number): { rows: T[]; total: number } {
  const list = onlyProblems ? rows.filter((r) => r.problems.length > 0) : rows
  const start = Math.max(0, (page - 1) * size)
  return { rows: list.slice(start, start + size), total: list.length }
}

/** 合计行 / 说明行 … for the skipped-rows list. */
export const SKIP_KIND: Record<string, string> = {
  total: '合计/小计',
  note: '说明',
  blank: '空行',
  header: '重复表头',
  chosen: '按选择跳过',
  invalid: '有问题，已跳过',
}

export interface GeneratedDoc {
  path: string
  draft: boolean
  pages: number
  at: string
}

const DOCS_KEY = 'xinfang-generated-docs'

/** The PDFs last generated for a case, per kind (so 打印/打开 work after a reload). */
export function generatedDocs(caseNo: string): Record<string, GeneratedDoc> {
  try {
    return (JSON.parse(localStorage.getItem(DOCS_KEY) ?? '{}') as Record<string, Record<string, GeneratedDoc>>)[caseNo] ?? {}
  } catch {
    return {}
  }
}

export function rememberDoc(caseNo: string, kind: string, doc: GeneratedDoc) {
  try {
    const all = JSON.parse(localStorage.getItem(DOCS_KEY) ?? '{}') as Record<string, Record<string, GeneratedDoc>>
    all[caseNo] = { ...(all[caseNo] ?? {}), [kind]: doc }
    localStorage.setItem(DOCS_KEY, JSON.stringify(all))
  } catch {
    /* not remembered */
  }
}

/** Key under which a generated PDF is remembered: drafts and finals separately. */
export function docKey(kind: string, draft: boolean): string {
  return draft ? `${kind}:draft` : kind
}

/** The PDF 打印/打开 use: the final copy when there is one, else the latest draft. */
export function preferredDoc(files: Record<string, GeneratedDoc>, kind: string): GeneratedDoc | null {
  return files[docKey(kind, false)] ?? files[docKey(kind, true)] ?? null
}

/** Why a final copy cannot be generated yet, as the core will say it (null: nothing missing
 * that the UI can see). Mirrors documents::final_needs_signoff; the core has the last word. */
export function finalBlocker(kind: string, doc: { doc_no?: string | null; signoffs: { role: string; void?: boolean }[] } | undefined): string | null {
  if (kind !== 'handling_opinion' && kind !== 'reply_opinion') return null
  if (doc?.signoffs.some((s) => s.void)) return '正文已改，须重新签批'
  const has = (r: string) => !!doc?.signoffs.some((s) => s.role === r && !s.void)
  if (!has('supervising_leader')) return '待分管领导签批'
  if (!has('principal_leader')) return '待主要领导签批'
  if (kind === 'handling_opinion' && !doc?.doc_no) return '待编文号'
  return null
}

/** The clerk's edits to a document before generating: the body (one paragraph per line,
 * placeholders allowed) and placeholder values such as the 复查 office. */
export interface DocEdit {
  body: string
  review_office: string
}

const EDITS_KEY = 'xinfang-doc-edits'

export function docEdit(caseNo: string, kind: string): DocEdit {
  try {
    const all = JSON.parse(localStorage.getItem(EDITS_KEY) ?? '{}') as Record<string, Partial<DocEdit>>
    return { body: '', review_office: '', ...(all[`${caseNo}\u0000${kind}`] ?? {}) }
  } catch {
    return { body: '', review_office: '' }
  }
}

export function saveDocEdit(caseNo: string, kind: string, edit: DocEdit) {
  try {
    const all = JSON.parse(localStorage.getItem(EDITS_KEY) ?? '{}') as Record<string, DocEdit>
    const key = `${caseNo}\u0000${kind}`
    if (!edit.body.trim() && !edit.review_office.trim()) delete all[key]
    else all[key] = { body: edit.body, review_office: edit.review_office.trim() }
    localStorage.setItem(EDITS_KEY, JSON.stringify(all))
  } catch {
    /* not remembered */
  }
}

/** Arguments of `document_draft`: the request fields are flattened beside case_no and out;
 * an empty body keeps the template's. */
export function draftArgs(caseNo: string, kind: DocKind, final: boolean, out: string, edit?: DocEdit): DocumentDraftArgs {
  const a: DocumentDraftArgs = { case_no: caseNo, out, kind, final }
  const body = edit?.body.replace(/\r\n/g, '\n').trim()
  if (body) a.body = body
  if (edit?.review_office.trim()) a.vars = { review_office: edit.review_office.trim() }
  return a
}
