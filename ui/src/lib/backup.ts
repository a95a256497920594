// Backups and the audit chain as the UI shows them (issue #8): the shapes returned by the
// backup_* and audit_verify commands, and the few words made from them.
import type { BackupInfo, BackupStatus, BackupSettings, ChainHead, ChainReport } from '../gen/contract'
export type { BackupInfo, BackupStatus, BackupSettings, ChainHead, ChainReport }







/** "2026-10-09T10:00:00+08:00" → "2026-10-09 10:00". */
export function fmtStamp(s: string | null | undefined): string {
  if (!s) return '—'
  return s.slice(0, 16).replace('T', ' ')
}

/** Bytes as the clerk reads them: KB below 1 MB, MB with one decimal above. */
export function fmtSize(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`
  if (bytes < 1024 ** 3) return `${(bytes / 1024 / 1024).toFixed(1)} MB`
  return `${(bytes / 1024 ** 3).toFixed(2)} GB`
}

/** The first 16 hex digits of a hash, grouped by four for reading aloud or copying by hand. */
export function shortHash(hash: string): string {
  return (hash.slice(0, 16).match(/.{1,4}/g) ?? []).join(' ')
}

/** What the restore confirmation says before anything is replaced. */
export function restoreWarning(b: Pick<BackupInfo, 'created_at' | 'cases' | 'other_ledger'> | { path: string }): string {
  const what = 'created_at' in b ? `${fmtStamp(b.created_at)} 的备份（${b.cases} 件）` : `“${b.path}”`
  const other = 'other_ledger' in b && b.other_ledger ? '注意：这份备份来自另一个台账（与本台账共用备份文件夹），不是本台账的历史版本。' : ''
  return `${other}将用${what}替换当前台账、附件和文书。恢复前会先把当前台账另存为一份备份，恢复后也可以从那份备份恢复回来。确定恢复吗？`
}
