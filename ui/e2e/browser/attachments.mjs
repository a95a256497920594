// Browser end-to-end: attachments: upload, findings, thumbnails with the seal box, 生成上传包, the attachment settings.
// The steps run in order on the page and ledger that ../browser.mjs sets up; the body is
// kept flush left so template literals (the Python xlsx reader) keep their text.
import { spawnSync } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { assert, startServer } from '../harness.mjs'
import { CHEN_QI, LI_SI, WANG_WU, ZHANG_SAN } from '../personal-data.mjs'

export default async function steps({ bin, ui, shots, UNIT, work, db, fakeBin, opened, files, server, browser, page, pageErrors, t, settle, clearToasts, shot, fillInput, pickDate, api, newCase, act, fillInputOn, run, cleanup }) {
await run.step('attachments: a draft PDF and a sealed scan show findings, thumbnails and the seal box; 生成上传包 with a reason', async () => {
  const no = 'E2E-ATT'
  for (const [cmd, args] of [
    ['case_add', { case: { case_no: no, unit: UNIT, source: 'forwarded', sender: '永川区信访办', arrived_at: '2026-11-02 09:00', form: 'letter', petitioners: [{ name: '周八' }], demand: '要求维修小区路灯', purpose: 'claim' } }],
    ['case_sign', { case_no: no, at: '2026-11-02 10:00' }],
    ['case_decide', { case_no: no, method: 'petition_channel', at: '2026-11-03 10:00' }],
  ]) {
    const r = await api(cmd, args)
    assert(r.status === 200, `${cmd}: ${JSON.stringify(r.body)}`)
  }
  // Fixtures made here: the project's own unsealed draft, and a "scan" of it with a red seal
  // (pdftoppm at 200 dpi + a 42 mm red ring drawn by ImageMagick at 150 mm / 230 mm).
  const draftPdf = join(files, `${no}-受理告知书-草稿.pdf`)
  const d = await api('document_draft', { case_no: no, kind: 'acceptance_notice', final: false, out: draftPdf })
  assert(d.status === 200 && existsSync(draftPdf), JSON.stringify(d.body))
  const png = join(work, 'scan-page')
  const pp = spawnSync('pdftoppm', ['-r', '200', '-png', '-singlefile', draftPdf, png])
  assert(pp.status === 0, `pdftoppm: ${pp.stderr}`)
  const scan = join(files, `${no}-送达回证.jpg`)
  const red = 'rgb(205,35,45)'
  const im = spawnSync('convert', [`${png}.png`, '-fill', 'none', '-stroke', red, '-strokewidth', '10', '-draw', 'circle 1181,1811 1346,1811',
    '-fill', red, '-stroke', 'none', '-draw', 'circle 1181,1811 1211,1811', '-quality', '90', scan])
  assert(im.status === 0 && existsSync(scan), `convert: ${im.stderr}`)

  await page.goto(`${server.base}/#/case/${no}`)
  await page.waitForSelector(t('attachments'))
  await page.waitForSelector(t('att-verdict'))
  // 1. the file picker (the browser's door): the draft PDF; its kind is read from the name.
  await page.setInputFiles(`input${t('att-file-input')}`, draftPdf)
  await page.waitForSelector(t('att-add-dialog'), { state: 'visible' })
  const active = await page.locator(`${t('pending-kind-0-acceptance_notice')}.is-active`).count()
  assert(active === 1, 'the draft was not pre-set to 受理告知书')
  await page.click(t('att-add-confirm'))
  await page.waitForSelector(t('att-add-dialog'), { state: 'hidden' })
  const draftCard = `${t('att-file')}[data-file="${no}-受理告知书-草稿.pdf"]`
  await page.waitForSelector(`${draftCard} [data-code="seal_missing"]`, { timeout: 20000 })
  const msg = await page.textContent(`${draftCard} [data-code="seal_missing"]`)
  assert(msg.includes('未检测到鲜章，请打印盖章后扫描上传'), msg)
  // 2. drag and drop onto the drop zone: the sealed scan, bytes through attachment_upload.
  const b64 = readFileSync(scan).toString('base64')
  const dt = await page.evaluateHandle(([name, data]) => {
    const bytes = Uint8Array.from(atob(data), (ch) => ch.charCodeAt(0))
    const transfer = new DataTransfer()
    transfer.items.add(new File([bytes], name, { type: 'image/jpeg' }))
    return transfer
  }, [`${no}-送达回证.jpg`, b64])
  await page.dispatchEvent(t('att-drop'), 'drop', { dataTransfer: dt })
  await page.waitForSelector(t('att-add-dialog'), { state: 'visible' })
  assert(await page.locator(`${t('pending-kind-0-delivery_receipt')}.is-active`).count() === 1, 'the scan was not pre-set to 送达回证')
  await page.click(t('att-add-confirm'))
  await page.waitForSelector(t('att-add-dialog'), { state: 'hidden' })
  const scanCard = `${t('att-file')}[data-file="${no}-送达回证.jpg"]`
  await page.waitForSelector(`${scanCard} ${t('seal-box')}`, { timeout: 20000 })
  // The seal box sits where the seal was drawn: centre 150/210 across, 230/297 down the page.
  const geo = await page.evaluate((sel) => {
    const box = document.querySelector(`${sel} [data-test="seal-box"]`).getBoundingClientRect()
    const img = document.querySelector(`${sel} [data-test="att-thumb"]`).getBoundingClientRect()
    return { x: (box.left + box.width / 2 - img.left) / img.width, y: (box.top + box.height / 2 - img.top) / img.height, w: box.width / img.width }
  }, scanCard)
  assert(Math.abs(geo.x - 150 / 210) < 0.03 && Math.abs(geo.y - 230 / 297) < 0.03 && Math.abs(geo.w - 42 / 210) < 0.04, `seal box ${JSON.stringify(geo)}`)
  assert(!(await page.$(`${scanCard} [data-code="seal_missing"]`)), 'the sealed scan was told to stamp')
  // The draft PDF has a page thumbnail (pdftoppm) or the 文字版 placeholder, never nothing.
  await page.waitForSelector(`${draftCard} ${t('att-thumb')}, ${draftCard} ${t('att-thumb-placeholder')}`, { timeout: 20000 })
  assert((await page.textContent(t('att-verdict'))).includes('需要处理'), 'verdict')
  const problems = await page.$$eval(t('att-problem'), (els) => els.map((e) => e.textContent))
  assert(problems.some((p) => p.includes('处理意见书')) && problems.some((p) => p.includes('鲜章')), problems.join('\n'))
  await clearToasts()
  await settle()
  // The page scrolls inside the app's main pane: a tall viewport shows the whole panel.
  await page.setViewportSize({ width: 1366, height: 2200 })
  await settle()
  await page.locator(t('attachments')).screenshot({ path: join(shots, '19-case-attachments.png') })
  await page.setViewportSize({ width: 1366, height: 860 })

  // 3. 生成上传包: blocked, so the clerk must give a reason; it is logged and the files are written.
  // The browser edition downloads the package as a .zip (no server folder path, issue #20).
  assert((await page.locator(t('att-folder')).count()) === 0, 'a server folder field in the browser')
  await page.click(t('att-package'))
  const box = page.locator('.el-message-box')
  await box.waitFor({ state: 'visible', timeout: 20000 })
  await box.locator('input').fill('区信访办要求当日先行上报，盖章件次日补传')
  const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 20000 }), box.locator('.el-button--primary').click()])
  assert(dl.suggestedFilename() === `${no}-上传包.zip`, dl.suggestedFilename())
  const zipFile = join(files, `${no}-上传包.zip`)
  await dl.saveAs(zipFile)
  const out = join(files, `${no}-上传包`)
  mkdirSync(out, { recursive: true })
  const unzip = spawnSync('unzip', ['-q', '-o', zipFile, '-d', out])
  assert(unzip.status === 0, `unzip: ${unzip.stderr}`)
  for (const f of [`${no}-受理告知书.pdf`, `${no}-送达回证.jpg`, '上传清单.txt']) assert(existsSync(join(out, f)), `missing ${f} in ${out}`)
  assert(statSync(join(out, `${no}-送达回证.jpg`)).size === statSync(scan).size, 'the packed scan differs from the original')
  const manifest = readFileSync(join(out, '上传清单.txt'), 'utf8')
  assert(manifest.includes('强制打包理由：区信访办要求当日先行上报'), manifest)
  const v = await api('case_show', { case_no: no })
  assert(v.body.case.events.some((e) => e.kind === 'attachments_packaged' && e.detail.includes('先行上报')), 'override not logged')
})

await run.step('attachment settings pane saves the clerk\'s thresholds', async () => {
  await page.click(t('nav-settings'))
  await page.waitForSelector(t('settings'))
  await page.click(t('tab-attachments'))
  await page.waitForSelector(`${t('settings-attachments')} ${t('att-name-pattern')}`)
  await fillInput('att-min-dpi', '150')
  await page.locator(`input${t('att-min-dpi')}, ${t('att-min-dpi')} input`).first().press('Tab')
  await page.click(t('att-settings-save'))
  await page.waitForSelector('.el-message--success', { timeout: 10000 })
  const s = await api('attachment_settings_get', {})
  assert(s.body.min_dpi === 150, JSON.stringify(s.body))
  await clearToasts()
  await settle()
  await shot('20-settings-attachments')
})

// ---- "2+2" check rounds (issue #4): a second server on its own ledger with a fixed clock
// (10/9 11:05, a Friday after 国庆): round 1 (09:00) is missed, round 2 (11:00) is open, and a
// case that arrived on 10/8 is due for 签收 today.
}
