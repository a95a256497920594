// Browser end-to-end: documents: drafting a notice PDF, final copies and sign-offs, 文号 and its register, the font settings.
// The steps run in order on the page and ledger that ../browser.mjs sets up; the body is
// kept flush left so template literals (the Python xlsx reader) keep their text.
import { spawnSync } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { assert, startServer } from '../harness.mjs'
import { CHEN_QI, LI_SI, WANG_WU, ZHANG_SAN } from '../personal-data.mjs'

export default async function steps({ bin, ui, shots, UNIT, work, db, fakeBin, opened, files, server, browser, page, pageErrors, t, settle, clearToasts, shot, fillInput, pickDate, api, newCase, act, fillInputOn, run, cleanup }) {
await run.step('case page drafts a notice PDF, refuses a final without sign-offs, allocates a 文号', async () => {
  const no = 'E2E-DOC'
  for (const [cmd, args] of [
    ['case_add', { case: { case_no: no, unit: UNIT, source: 'forwarded', sender: '永川区信访办', arrived_at: '2026-11-02 09:00', form: 'letter', petitioners: [{ name: CHEN_QI.name, id_number: CHEN_QI.id_number, phone: CHEN_QI.phone, address: CHEN_QI.address }], demand: CHEN_QI.demand, purpose: 'claim' } }],
    ['case_sign', { case_no: no, at: '2026-11-02 10:00' }],
    ['case_decide', { case_no: no, method: 'petition_channel', at: '2026-11-03 10:00' }],
  ]) {
    const r = await api(cmd, args)
    assert(r.status === 200, `${cmd}: ${JSON.stringify(r.body)}`)
  }
  await page.goto(`${server.base}/#/case/${no}`)
  await page.waitForSelector(t('doc-drafting'))
  const kinds = await page.$$eval(t('doc-kind-row'), (els) => els.map((e) => e.getAttribute('data-kind')))
  assert(JSON.stringify(kinds) === JSON.stringify(['acceptance_notice', 'handling_opinion', 'delivery_receipt']), `kinds: ${kinds}`)
  await fillInput('doc-folder', files)
  // The browser edition previews the draft in a browser tab (its PDF view), not a server-side viewer.
  const [tab] = await Promise.all([page.context().waitForEvent('page', { timeout: 15000 }), page.click(t('doc-draft-acceptance_notice'))])
  await page.waitForSelector(t('doc-file-acceptance_notice'), { timeout: 15000 })
  const pdf = join(files, `${no}-受理告知书-草稿.pdf`)
  assert(existsSync(pdf) && readFileSync(pdf).subarray(0, 5).toString() === '%PDF-', `no draft PDF at ${pdf}`)
  await tab.waitForURL(/^blob:/, { timeout: 15000 })
  await tab.close()
  assert(!existsSync(opened), 'the server opened a viewer instead of the browser')
  const served = await page.evaluate(async (path) => {
    const r = await fetch('/__xinfang/file', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-xinfang-token': sessionStorage.getItem('xinfang-token') ?? '' },
      body: JSON.stringify({ command: 'document', args: { path }, file_name: 'x.pdf' }),
    })
    const head = new TextDecoder().decode((await r.arrayBuffer()).slice(0, 5))
    return { status: r.status, type: r.headers.get('content-type'), disposition: r.headers.get('content-disposition'), head }
  }, pdf)
  assert(served.status === 200 && served.type === 'application/pdf' && served.head === '%PDF-' && served.disposition.startsWith('inline'), JSON.stringify(served))
  // 打印 goes to the browser's print dialog with the PDF, after the draft warning. Headless
  // Chromium has no print dialog, so the page's print hook records what would be printed.
  await page.evaluate(() => {
    window.xinfangPrinted = null
    window.xinfangPrintHook = async (url) => {
      const head = new TextDecoder().decode((await (await fetch(url)).arrayBuffer()).slice(0, 5))
      window.xinfangPrinted = { url, head }
    }
  })
  await page.click(t('doc-print-acceptance_notice'))
  await page.click('.el-message-box .el-button--primary')
  await page.waitForFunction(() => window.xinfangPrinted?.head === '%PDF-', null, { timeout: 15000 })
  await page.evaluate(() => delete window.xinfangPrintHook)
  await page.click(t('doc-final-handling_opinion'))
  const err = page.locator('.el-message--error').last()
  await err.waitFor({ state: 'visible', timeout: 10000 })
  const msg = await err.textContent()
  assert(msg.includes('签批'), `final without sign-offs: ${msg}`)
  assert(!existsSync(join(files, `${no}-处理意见书.pdf`)), 'a final was written without sign-offs')
  // #21 §17: the 机关代字 from the first-run wizard is used; 分配文号 no longer asks for it.
  await page.click(t('doc-allocate-handling_opinion'))
  await page.waitForSelector(t('doc-no-handling_opinion'), { timeout: 10000 })
  assert((await page.locator('.el-message-box').count()) === 0 || !(await page.locator('.el-message-box').isVisible()), '分配文号 asked for the 机关代字 again')
  const docNo = await page.textContent(t('doc-no-handling_opinion'))
  assert(/^永住建信〔\d{4}〕1号$/.test(docNo.trim()), docNo)
  // the clerk's own body text goes into the draft
  await page.click(t('doc-edit-handling_opinion'))
  await page.waitForSelector(t('doc-edit-dialog'), { state: 'visible' })
  await fillInput('doc-edit-body', '经本机关现场核查，{petitioner}反映的楼顶防水层破损属实。\n已责成物业公司于十日内维修完毕。')
  await page.click(t('doc-edit-save'))
  await page.waitForSelector(t('doc-edited-handling_opinion'))
  const [tab2] = await Promise.all([page.context().waitForEvent('page', { timeout: 15000 }), page.click(t('doc-draft-handling_opinion'))])
  await page.waitForSelector(t('doc-file-handling_opinion'), { timeout: 15000 })
  await tab2.close()
  const opinion = join(files, `${no}-处理意见书-草稿.pdf`)
  assert(existsSync(opinion), `no draft at ${opinion}`)
  const txt = spawnSync('pdftotext', [opinion, '-'], { encoding: 'utf8' })
  if (txt.status === 0) {
    const flat = txt.stdout.replace(/\s+/g, '')
    assert(flat.includes('陈七反映的楼顶防水层破损属实') && !flat.includes('请填写调查核实'), `edited body missing: ${txt.stdout}`)
  }
  await clearToasts() // a clean screenshot
  await page.evaluate((sel) => document.querySelector(sel)?.scrollIntoView({ block: 'center' }), t('doc-drafting'))
  await settle()
  await shot('12-case-documents')
})

await run.step('文号登记簿 lists the number; voiding it keeps it recorded and frees the document', async () => {
  await page.click(t('doc-register'))
  await page.waitForSelector(t('doc-register-dialog'), { state: 'visible' })
  await page.waitForFunction((sel) => document.querySelector(sel)?.textContent?.includes('永住建信〔'), t('doc-register-table'), { timeout: 10000 })
  await page.click(t('doc-void-1'))
  const box = page.locator('.el-message-box')
  await box.waitFor({ state: 'visible' })
  await box.locator('input').fill('文书内容有误，重新编号')
  await box.locator('.el-button--danger, .el-button--primary').last().click()
  await box.waitFor({ state: 'hidden' })
  await page.waitForFunction((sel) => document.querySelector(sel)?.textContent?.includes('已作废'), t('doc-register-table'), { timeout: 10000 })
  await settle()
  await shot('13-doc-no-register')
  await page.keyboard.press('Escape')
  await page.waitForSelector(t('doc-register-dialog'), { state: 'hidden' })
  await page.waitForSelector(t('doc-allocate-handling_opinion'), { timeout: 10000 })
  assert((await page.$$(t('doc-no-handling_opinion'))).length === 0, 'voided 文号 still shown on the document')
})

await run.step('文书字体 settings show the faces in use and refuse a missing folder', async () => {
  await page.click(t('nav-settings'))
  await page.waitForSelector(t('settings'))
  await page.click(t('tab-fonts'))
  await page.waitForSelector(`${t('fonts-faces')} .el-table__row`)
  assert((await page.locator(`${t('fonts-faces')} .el-table__row`).count()) === 5, 'five font roles')
  await page.click(t('fonts-bundled'))
  await page.locator('.el-message--success').last().waitFor({ state: 'visible', timeout: 10000 })
  const first = await page.locator(`${t('fonts-faces')} .el-table__row`).first().textContent()
  assert(first.includes('内置 FandolFang') && first.includes('内置字体'), `row: ${first}`)
  assert((await page.textContent(t('fonts-advice'))).includes('始终使用内置字体'), 'advice for bundled fonts')
  await shot('07b-settings-fonts')
  await fillInput('fonts-folder', join(files, '没有这个文件夹'))
  await page.click(t('fonts-save'))
  const err = page.locator('.el-message--error').last()
  await err.waitFor({ state: 'visible', timeout: 10000 })
  assert((await err.textContent()).includes('字体文件夹'), `error: ${await err.textContent()}`)
  const stored = await api('font_settings_get', {})
  assert(stored.body.bundled_only === true && stored.body.folder === null, `stored: ${JSON.stringify(stored.body)}`)
  await fillInput('fonts-folder', '')
  await page.click(t('fonts-auto'))
  await page.locator('.el-message--success').last().waitFor({ state: 'visible', timeout: 10000 })
})

await run.step('settings view and new-case form render', async () => {
  await page.click(t('nav-settings'))
  await page.waitForSelector(t('settings'))
  await shot('07-settings')
  await page.click(t('nav-new'))
  await page.waitForSelector(t('case-form'))
  await shot('08-new-case-form')
})

}
