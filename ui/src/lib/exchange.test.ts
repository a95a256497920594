import { describe, expect, it } from 'vitest'
import {
  documentPath,
  exportFileName,
  importSummary,
  isAbsolutePath,
  joinPath,
  mappingChanges,
  pathProblem,
  rowLabel,
  rowsWithErrors,
  safeFileName,
  withExtension,
} from './exchange'

describe('paths for export, import and documents', () => {
  it('knows full paths on Linux and Windows', () => {
    expect(isAbsolutePath('/home/clerk/台账.xlsx')).toBe(true)
    expect(isAbsolutePath('D:\\台账\\台账.xlsx')).toBe(true)
    expect(isAbsolutePath('\\\\server\\share\\a.csv')).toBe(true)
    expect(isAbsolutePath('台账.xlsx')).toBe(false)
    expect(isAbsolutePath('~/台账.xlsx')).toBe(false)
  })

  it('joins with the folder’s own separator', () => {
    expect(joinPath('/home/clerk', 'a.pdf')).toBe('/home/clerk/a.pdf')
    expect(joinPath('/home/clerk/', 'a.pdf')).toBe('/home/clerk/a.pdf')
    expect(joinPath('D:\\信访', 'a.pdf')).toBe('D:\\信访\\a.pdf')
  })

  it('names the export after the filter and the day', () => {
    expect(exportFileName({ today: '2026-11-26', format: 'xlsx' })).toBe('台账-2026-11-26.xlsx')
    expect(exportFileName({ unit: '永川区住房城乡建委', year: 2026, today: '2026-11-26', format: 'csv' })).toBe('台账-永川区住房城乡建委-2026年-2026-11-26.csv')
  })

  it('switches the extension between xlsx and csv', () => {
    expect(withExtension('/tmp/台账.xlsx', 'csv')).toBe('/tmp/台账.csv')
    expect(withExtension('/tmp/台账', 'xlsx')).toBe('/tmp/台账.xlsx')
    expect(withExtension('', 'xlsx')).toBe('')
  })

  it('keeps case numbers with slashes out of folder names', () => {
    expect(safeFileName('YC2026/0001')).toBe('YC2026_0001')
    expect(documentPath('/data/信访', 'YC2026-0001', '受理告知书', true)).toBe('/data/信访/YC2026-0001-受理告知书-草稿.pdf')
    expect(documentPath('/data/信访', 'YC2026-0001', '处理意见书', false)).toBe('/data/信访/YC2026-0001-处理意见书.pdf')
  })

  it('explains a bad path in Chinese', () => {
    expect(pathProblem('', ['xlsx'])).toContain('完整路径')
    expect(pathProblem('台账.xlsx', ['xlsx'])).toContain('完整路径')
    expect(pathProblem('/tmp/a.txt', ['xlsx', 'csv'])).toBe('文件须为 .xlsx、.csv 格式。')
    expect(pathProblem('/tmp/a.XLSX', ['xlsx'])).toBeNull()
  })
})

describe('import report helpers', () => {
  const err = (row: number) => ({ row, column: 'H（到达日期）', value: 'x', problem: 'p', fix: 'f' })

  it('labels rows and counts rows with errors once', () => {
    expect(rowLabel(4)).toBe('第 4 行')
    expect(rowLabel(0)).toBe('整个文件')
    expect(rowsWithErrors([err(4), err(4), err(7), err(0)])).toBe(2)
  })

  it('summarises a dry run', () => {
    const r = { rows: 12, to_add: 10, to_update: 0, skipped_existing: ['A', 'B'], errors_total: 0, blank_rows: 1 }
    expect(importSummary(r)).toBe('共读取 12 行，新增 10 件，跳过已有 2 件，空行 1 行，未发现错误')
    expect(importSummary({ ...r, skipped_existing: [], blank_rows: 0, to_update: 2, errors_total: 3 })).toBe('共读取 12 行，新增 10 件，更新 2 件，错误 3 处')
  })

  it('sends only the mapping the clerk changed', () => {
    const detected = [
      { column: 'A', field: 'case_no', ignored: false },
      { column: 'B', field: null, ignored: true },
      { column: 'C', field: 'demand', ignored: false },
    ]
    expect(mappingChanges(detected, { A: 'case_no', B: 'petitioner', C: '忽略' })).toEqual({ B: 'petitioner', C: '忽略' })
    expect(mappingChanges(detected, {})).toEqual({})
  })
})

describe('final documents', () => {
  it('names what a decision still needs before a final copy', async () => {
    const { finalBlocker } = await import('./exchange')
    const s = (role: string) => ({ role })
    expect(finalBlocker('acceptance_notice', undefined)).toBeNull()
    expect(finalBlocker('handling_opinion', undefined)).toBe('待分管领导签批')
    expect(finalBlocker('handling_opinion', { doc_no: null, signoffs: [s('supervising_leader')] })).toBe('待主要领导签批')
    expect(finalBlocker('handling_opinion', { doc_no: null, signoffs: [s('supervising_leader'), s('principal_leader')] })).toBe('待编文号')
    expect(finalBlocker('reply_opinion', { doc_no: null, signoffs: [s('supervising_leader'), s('principal_leader')] })).toBeNull()
  })
})

describe('document_draft arguments', () => {
  it('flattens the request and keeps the template body when none is edited', async () => {
    const { draftArgs } = await import('./exchange')
    expect(draftArgs('YC-1', 'acceptance_notice', false, '/d/a.pdf')).toEqual({ case_no: 'YC-1', out: '/d/a.pdf', kind: 'acceptance_notice', final: false })
    expect(draftArgs('YC-1', 'handling_opinion', true, '/d/b.pdf', { body: '  第一段\r\n第二段\n', review_office: ' 重庆市永川区人民政府 ' })).toEqual({
      case_no: 'YC-1', out: '/d/b.pdf', kind: 'handling_opinion', final: true, body: '第一段\n第二段', vars: { review_office: '重庆市永川区人民政府' },
    })
    expect(draftArgs('YC-1', 'reply_letter', false, '/d/c.pdf', { body: '   ', review_office: '' })).toEqual({ case_no: 'YC-1', out: '/d/c.pdf', kind: 'reply_letter', final: false })
  })
})

describe('generated documents', () => {
  it('prints the final copy when there is one, else the draft', async () => {
    const { docKey, preferredDoc } = await import('./exchange')
    const d = (path: string, draft: boolean) => ({ path, draft, pages: 1, at: '2026-11-26 10:00' })
    const files = { [docKey('handling_opinion', true)]: d('/a-草稿.pdf', true) }
    expect(preferredDoc(files, 'handling_opinion')?.path).toBe('/a-草稿.pdf')
    files[docKey('handling_opinion', false)] = d('/a.pdf', false)
    expect(preferredDoc(files, 'handling_opinion')?.path).toBe('/a.pdf')
    expect(preferredDoc(files, 'reply_letter')).toBeNull()
  })
})

describe('the import wizard’s choices', () => {
  it('sends only what the clerk set, rows sorted', async () => {
    const { emptyChoices, choiceOptions, toggleSkip, fixCell, keepAsNote } = await import('./exchange')
    const c = emptyChoices()
    expect(choiceOptions(c)).toEqual({})
    c.defaults.form = 'letter'
    toggleSkip(c, 9)
    toggleSkip(c, 4)
    fixCell(c, 7, 'source', '交办')
    keepAsNote(c, 8, 'id_number')
    expect(choiceOptions(c)).toEqual({
      default_form: 'letter',
      fixes: [{ row: 7, column: 'source', value: '交办' }],
      skip_rows: [4, 9],
      keep_as_note: ['8:id_number'],
    })
    toggleSkip(c, 9)
    expect(choiceOptions(c).skip_rows).toEqual([4])
  })

  it('a fix and keep-in-备注 of the same cell replace each other', async () => {
    const { emptyChoices, fixCell, keepAsNote, rowChoices } = await import('./exchange')
    const c = emptyChoices()
    fixCell(c, 8, 'id_number', '110105194912310020')
    keepAsNote(c, 8, 'id_number')
    expect(c.fixes).toEqual({})
    expect(c.keep).toEqual(['8:id_number'])
    fixCell(c, 8, 'id_number', '11010519491231002X')
    expect(c.keep).toEqual([])
    const names: Record<string, string> = { id_number: '身份证号' }
    expect(rowChoices(c, 8, (f) => names[f] ?? f)).toEqual(['身份证号改为“11010519491231002X”'])
    expect(rowChoices(c, 9, (f) => f)).toEqual([])
  })

  it('asks for the defaults some row lacks, and pages the preview', async () => {
    const { defaultsAsked, previewPage } = await import('./exchange')
    expect(defaultsAsked(['unit', 'purpose', 'source'])).toEqual(['source', 'purpose'])
    expect(defaultsAsked([])).toEqual([])
    const rows = Array.from({ length: 120 }, (_, i) => ({ row: i + 2, problems: i % 10 === 0 ? [{}] : [] }))
    expect(previewPage(rows, false, 3, 50)).toEqual({ rows: rows.slice(100, 120), total: 120 })
    const bad = previewPage(rows, true, 1, 50)
    expect(bad.total).toBe(12)
    expect(bad.rows[1].row).toBe(12)
  })
})

describe('finalBlocker with a void sign-off (issue #21 §1)', () => {
  it('asks for the sign-offs again after the text changed', async () => {
    const { finalBlocker } = await import('./exchange')
    const s = (role: string, v = false) => ({ role, void: v })
    expect(finalBlocker('handling_opinion', { doc_no: 'X', signoffs: [s('supervising_leader', true), s('principal_leader', true)] })).toBe('正文已改，须重新签批')
    expect(finalBlocker('handling_opinion', { doc_no: 'X', signoffs: [s('supervising_leader'), s('principal_leader')] })).toBeNull()
  })
})
