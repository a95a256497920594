// Attachments on the case page (issue #6): the core's check reports, the seal box over a page
// thumbnail, guessing a dropped file's kind, reading a browser File as base64, and the
// attachment settings form. Pure functions, tested in attachments.test.ts.
import type { AttachmentFinding as AttFinding, SealHit, FileReport, CaseAttachmentReport, PageView, FilePages, PackageOutcome, AttachmentSettings, AttachmentSeverity as AttSeverity } from '../gen/contract'
export type { AttFinding, SealHit, FileReport, CaseAttachmentReport, PageView, FilePages, PackageOutcome, AttachmentSettings, AttSeverity }


import { DOC_KIND, REQUIRED_ATTACHMENTS, type DocKindCode, type MethodCode } from './labels'










/** Same cap as the core's UPLOAD_MAX_BYTES (src/api/attachments.rs). */
export const UPLOAD_MAX_BYTES = 32 * 1024 * 1024

export const ATT_SEVERITY: Record<AttSeverity, string> = { blocking: '必须处理', warning: '建议处理', info: '提示' }

export function attSeverityTag(s: AttSeverity): 'danger' | 'warning' | 'info' {
  return s === 'blocking' ? 'danger' : s === 'warning' ? 'warning' : 'info'
}

/** Blocking first, then warnings, then notes (the core sorts the same way). */
export function sortFindings(fs: AttFinding[]): AttFinding[] {
  const rank: Record<AttSeverity, number> = { blocking: 0, warning: 1, info: 2 }
  return [...fs].sort((a, b) => rank[a.severity] - rank[b.severity])
}

/** Every blocking problem of a case report, each prefixed with its file, as the core lists it. */
export function blockingList(r: CaseAttachmentReport): string[] {
  const out = r.findings.filter((f) => f.severity === 'blocking').map((f) => f.message)
  for (const f of r.files) for (const x of f.findings) if (x.severity === 'blocking') out.push(`${f.file_name}：${x.message}`)
  return out
}

/** The seal box as CSS percentages over the page thumbnail. */
export function sealBoxStyle(seal: SealHit | null | undefined): Record<string, string> | null {
  if (!seal || !Array.isArray(seal.bbox) || seal.bbox.length !== 4) return null
  const clamp = (v: number) => Math.min(1, Math.max(0, Number(v) || 0))
  const [l, t, r, b] = seal.bbox.map(clamp)
  if (r <= l || b <= t) return null
  const pct = (v: number) => `${(v * 100).toFixed(2)}%`
  return { left: pct(l), top: pct(t), width: pct(r - l), height: pct(b - t) }
}

/** The kinds a method uploads, in the platform's order. */
export function kindsFor(method: string | null | undefined): DocKindCode[] {
  if (!method || !(method in REQUIRED_ATTACHMENTS)) return Object.keys(DOC_KIND) as DocKindCode[]
  return [...new Set(REQUIRED_ATTACHMENTS[method as MethodCode].flat())]
}

/**
 * A dropped file's likely kind: a kind named in the file name (longest name first, so
 * 不予受理告知书 wins over 受理告知书), else the first slot of the method still without a file.
 */
export function guessKind(fileName: string, method: string | null | undefined, attached: { kind: string }[]): DocKindCode {
  const kinds = kindsFor(method)
  const byLength = (Object.entries(DOC_KIND) as [DocKindCode, string][]).sort((a, b) => b[1].length - a[1].length)
  for (const [code, name] of byLength) if (fileName.includes(name) && kinds.includes(code)) return code
  const slots = method && method in REQUIRED_ATTACHMENTS ? REQUIRED_ATTACHMENTS[method as MethodCode] : []
  for (const slot of slots) if (!attached.some((a) => slot.includes(a.kind as DocKindCode))) return slot[0]
  return kinds[0] ?? 'acceptance_notice'
}

/** The last path component of a dropped path (Windows or POSIX). */
export function baseName(path: string): string {
  const parts = path.split(/[\\/]/).filter(Boolean)
  return parts[parts.length - 1] ?? path
}

/** `<folder>/<case_no>-上传包`, with the folder's own separator. */
export function packageDir(folder: string, caseNo: string): string {
  const f = folder.trim().replace(/[\\/]+$/, '')
  const sep = f.includes('\\') && !f.includes('/') ? '\\' : '/'
  return `${f}${sep}${caseNo}-上传包`
}

/** Bytes → base64 without building one huge string of arguments. */
export function bytesToBase64(bytes: Uint8Array): string {
  let bin = ''
  const chunk = 0x8000
  for (let i = 0; i < bytes.length; i += chunk) bin += String.fromCharCode(...bytes.subarray(i, i + chunk))
  return btoa(bin)
}

export async function fileToBase64(file: Blob): Promise<string> {
  return bytesToBase64(new Uint8Array(await file.arrayBuffer()))
}

export function fmtSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`
  return `${bytes} 字节`
}

/** The settings form works in MB; the core stores bytes. */
export interface AttachmentForm extends Omit<AttachmentSettings, 'max_bytes'> {
  max_mb: number
}

// #21 §13: the clerk edits the naming rule with Chinese placeholders; the core keeps its codes.
const NAME_TOKENS: [string, string][] = [['{case_no}', '{信访件编号}'], ['{kind}', '{文书名称}'], ['{ext}', '{扩展名}']]
export const DEFAULT_NAME_PATTERN = '{信访件编号}-{文书名称}.{扩展名}'
export function patternToChinese(p: string): string {
  return NAME_TOKENS.reduce((s, [code, zh]) => s.replaceAll(code, zh), p)
}
export function patternToCodes(p: string): string {
  return NAME_TOKENS.reduce((s, [code, zh]) => s.replaceAll(zh, code), p)
}

export function settingsToForm(s: AttachmentSettings): AttachmentForm {
  const { max_bytes, ...rest } = s
  return { ...rest, name_pattern: patternToChinese(s.name_pattern), max_mb: Math.round((max_bytes / 1024 / 1024) * 10) / 10 }
}

export function formToSettings(f: AttachmentForm): AttachmentSettings {
  const { max_mb, ...rest } = f
  return { ...rest, name_pattern: patternToCodes(f.name_pattern), max_bytes: Math.round(max_mb * 1024 * 1024) }
}

/** What the settings pane checks before saving (the core checks again and names the field). */
export function validateForm(f: AttachmentForm): string | null {
  if (!f.allowed_types.length) return '请至少选择一种允许的文件类型'
  if (!(f.max_mb >= 0.1 && f.max_mb <= 100)) return '文件大小上限须在 0.1–100 MB 之间'
  if (!(f.min_dpi >= 50 && f.min_dpi <= 1200)) return '最低分辨率须在 50–1200 dpi 之间'
  if (!(f.max_skew_deg >= 0.5 && f.max_skew_deg <= 15)) return '歪斜上限须在 0.5–15 度之间'
  const p = patternToCodes(f.name_pattern.trim())
  if (!p.includes('{case_no}') || !p.includes('{kind}') || !p.endsWith('.{ext}')) return '命名规则须包含 {信访件编号} 和 {文书名称}，并以 .{扩展名} 结尾'
  return null
}

/** An example file name under a naming pattern, for the settings pane. */
export function exampleName(pattern: string, caseNo = 'YC2026100001', kind = '受理告知书', ext = 'pdf'): string {
  return patternToCodes(pattern).replaceAll('{case_no}', caseNo).replaceAll('{kind}', kind).replaceAll('{ext}', ext)
}
