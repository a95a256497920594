import { describe, expect, it } from 'vitest'
import {
  baseName, blockingList, bytesToBase64, exampleName, fileToBase64, formToSettings, guessKind, kindsFor, packageDir,
  sealBoxStyle, settingsToForm, sortFindings, validateForm, type AttachmentSettings, type CaseAttachmentReport,
} from './attachments'

const DEFAULTS: AttachmentSettings = {
  allowed_types: ['pdf', 'jpeg', 'png'],
  max_bytes: 10 * 1024 * 1024,
  min_dpi: 200,
  name_pattern: '{case_no}-{kind}.{ext}',
  require_seal: true,
  seal_min_mm: 34,
  seal_max_mm: 50,
  blank_ink_ratio: 0.001,
  blur_min_sharpness: 0.6,
  min_contrast: 60,
  max_skew_deg: 3,
  max_pages_analysed: 30,
}

describe('seal box over a thumbnail', () => {
  it('turns the core bbox fractions into CSS percentages', () => {
    const s = sealBoxStyle({ x_mm: 150, y_mm: 230, diameter_mm: 42, ring_coverage: 1, bbox: [0.614, 0.704, 0.814, 0.845] })
    expect(s).toEqual({ left: '61.40%', top: '70.40%', width: '20.00%', height: '14.10%' })
  })
  it('draws nothing without a seal or with a broken box', () => {
    expect(sealBoxStyle(null)).toBeNull()
    expect(sealBoxStyle({ x_mm: 0, y_mm: 0, diameter_mm: 0, ring_coverage: 0, bbox: [0.5, 0.5, 0.4, 0.6] })).toBeNull()
  })
  it('clamps a box that runs off the page', () => {
    const s = sealBoxStyle({ x_mm: 0, y_mm: 0, diameter_mm: 40, ring_coverage: 1, bbox: [-0.1, 0.9, 0.1, 1.2] })
    expect(s).toEqual({ left: '0.00%', top: '90.00%', width: '10.00%', height: '10.00%' })
  })
})

describe('the kind of a dropped file', () => {
  it('reads a kind named in the file name, longest name first', () => {
    expect(guessKind('YC-1-不予受理告知书.pdf', 'decline', [])).toBe('decline_notice')
    expect(guessKind('YC-1-受理告知书.pdf', 'petition_channel', [])).toBe('acceptance_notice')
    expect(guessKind('回证 送达回证.jpg', 'petition_channel', [])).toBe('delivery_receipt')
  })
  it('otherwise fills the first empty slot of the method', () => {
    expect(guessKind('scan001.jpg', 'petition_channel', [{ kind: 'acceptance_notice' }])).toBe('handling_opinion')
    expect(guessKind('scan002.jpg', 'direct_reply', [{ kind: 'reply_letter' }])).toBe('delivery_receipt')
  })
  it('ignores a kind the method does not upload', () => {
    expect(guessKind('X-受理告知书.pdf', 'direct_reply', [])).toBe('reply_letter')
    expect(kindsFor('statutory_channel')).toEqual(['acceptance_notice', 'reply_opinion', 'other_statutory_document', 'delivery_receipt'])
  })
})

describe('paths and bytes', () => {
  it('takes the last component of Windows and POSIX paths', () => {
    expect(baseName('C:\\扫描\\YC-1-送达回证.jpg')).toBe('YC-1-送达回证.jpg')
    expect(baseName('/home/用户/扫描/a.pdf')).toBe('a.pdf')
  })
  it('puts the package beside the chosen folder with its own separator', () => {
    expect(packageDir('/home/用户/上传/', 'YC-1')).toBe('/home/用户/上传/YC-1-上传包')
    expect(packageDir('D:\\信访\\上传', 'YC-1')).toBe('D:\\信访\\上传\\YC-1-上传包')
  })
  it('encodes bytes as base64, also beyond one chunk', async () => {
    expect(bytesToBase64(new Uint8Array([0x25, 0x50, 0x44, 0x46]))).toBe('JVBERg==')
    const big = new Uint8Array(100_000).map((_, i) => i % 251)
    const b64 = bytesToBase64(big)
    const back = Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0))
    expect(back).toEqual(big)
    expect(await fileToBase64(new Blob([new Uint8Array([1, 2, 3])]))).toBe('AQID')
  })
})

describe('findings', () => {
  const report: CaseAttachmentReport = {
    case_no: 'YC-1',
    method: 'petition_channel',
    verdict: '需要处理',
    ok: false,
    findings: [
      { code: 'attachment_missing', severity: 'blocking', message: '缺少送达回证' },
      { code: 'unexpected_kind', severity: 'warning', message: '多余' },
    ],
    files: [
      { file_name: 'a.pdf', size: 1, detected_type: 'pdf', kind: 'acceptance_notice', pages: [], ok: false,
        findings: [{ code: 'name_convention', severity: 'warning', message: '改名' }, { code: 'seal_missing', severity: 'blocking', message: '未检测到鲜章，请打印盖章后扫描上传' }] },
    ],
  }
  it('lists every blocking problem, with its file', () => {
    expect(blockingList(report)).toEqual(['缺少送达回证', 'a.pdf：未检测到鲜章，请打印盖章后扫描上传'])
  })
  it('sorts blocking first', () => {
    expect(sortFindings(report.files[0].findings).map((f) => f.code)).toEqual(['seal_missing', 'name_convention'])
  })
})

describe('attachment settings form', () => {
  it('round-trips through megabytes', () => {
    const f = settingsToForm(DEFAULTS)
    expect(f.max_mb).toBe(10)
    expect(formToSettings(f)).toEqual(DEFAULTS)
  })
  it('shows the naming rule with Chinese placeholders, stores the codes (#21 §13)', () => {
    const f = settingsToForm(DEFAULTS)
    expect(f.name_pattern).toBe('{信访件编号}-{文书名称}.{扩展名}')
    expect(f.name_pattern).not.toMatch(/[a-z_]{2,}/)
    expect(formToSettings({ ...f, name_pattern: '{文书名称}_{信访件编号}.{扩展名}' }).name_pattern).toBe('{kind}_{case_no}.{ext}')
    expect(exampleName('{文书名称}_{信访件编号}.{扩展名}')).toBe('受理告知书_YC2026100001.pdf')
  })
  it('refuses what the core would refuse', () => {
    const f = settingsToForm(DEFAULTS)
    expect(validateForm(f)).toBeNull()
    expect(validateForm({ ...f, allowed_types: [] })).toMatch('文件类型')
    expect(validateForm({ ...f, name_pattern: '{kind}.pdf' })).toMatch('命名规则')
    expect(validateForm({ ...f, max_skew_deg: 30 })).toMatch('歪斜')
    expect(exampleName('{kind}_{case_no}.{ext}')).toBe('受理告知书_YC2026100001.pdf')
  })
})
