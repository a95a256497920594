import { describe, expect, it } from 'vitest'
import { fmtSize, fmtStamp, restoreWarning, shortHash } from './backup'

describe('backup words', () => {
  it('formats times, sizes and hashes for the clerk', () => {
    expect(fmtStamp('2026-10-09T10:00:00+08:00')).toBe('2026-10-09 10:00')
    expect(fmtStamp(null)).toBe('—')
    expect(fmtSize(300)).toBe('1 KB')
    expect(fmtSize(5 * 1024 * 1024 + 100)).toBe('5.0 MB')
    expect(fmtSize(3 * 1024 ** 3)).toBe('3.00 GB')
    expect(shortHash('0ae4ffe3075555f5497ac18b9215c429')).toBe('0ae4 ffe3 0755 55f5')
  })

  it('says what a restore replaces and that the current ledger is kept', () => {
    const w = restoreWarning({ created_at: '2026-10-09T10:00:00+08:00', cases: 12, other_ledger: false })
    expect(w).toContain('2026-10-09 10:00 的备份（12 件）')
    expect(w).toContain('先把当前台账另存为一份备份')
    expect(restoreWarning({ path: 'D:\\备份\\x' })).toContain('“D:\\备份\\x”')
    expect(w).not.toContain('另一个台账')
  })

  it('warns when the backup belongs to another ledger sharing the folder', () => {
    const w = restoreWarning({ created_at: '2026-10-09T10:00:00+08:00', cases: 3, other_ledger: true })
    expect(w.startsWith('注意：这份备份来自另一个台账')).toBe(true)
  })
})
