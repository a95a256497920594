// Browser end-to-end: Debian's Chromium (playwright-core, no browser download) drives the
// real UI served by `xinfang serve` on a temp ledger, through the clerk's first day:
// first-run wizard → new case → deadlines → sign → decide (forbidden methods absent, 退件)
// → dashboard numbers change; petition text with HTML stays inert. Screenshots of every
// view go to docs/screenshots/. Then the Excel export/import wizard and drafting a notice PDF;
// then attachments: upload (file picker and drop), findings, thumbnails with the seal box, 生成上传包.
//
// env: XINFANG_BIN (the xinfang binary), XINFANG_UI (built ui/dist), SHOTS (screenshot dir)

import { chromium } from 'playwright-core'
import { spawnSync } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { Runner, assert, startServer, tempDir } from './harness.mjs'
import { CHEN_QI, LI_SI, WANG_WU, ZHANG_SAN } from './personal-data.mjs'

const bin = process.env.XINFANG_BIN
const ui = resolve(process.env.XINFANG_UI ?? 'dist')
const shots = resolve(process.env.SHOTS ?? '../docs/screenshots')
mkdirSync(shots, { recursive: true })
if (!bin) throw new Error('XINFANG_BIN is not set')

const UNIT = '永川区住房城乡建委'
const work = tempDir('xinfang-e2e-')
const db = join(work, 'ledger.db')
// The server opens PDFs with `xdg-open`: a stand-in records the path instead of starting a viewer.
const fakeBin = join(work, 'bin')
const opened = join(work, 'opened.txt')
mkdirSync(fakeBin)
writeFileSync(join(fakeBin, 'xdg-open'), `#!/bin/sh\necho "$1" >> '${opened}'\n`)
chmodSync(join(fakeBin, 'xdg-open'), 0o755)
const files = join(work, '文件')
mkdirSync(files)
const server = await startServer(bin, db, ui, [], { PATH: `${fakeBin}:${process.env.PATH}` })
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
})
const page = await browser.newPage({ viewport: { width: 1366, height: 860 }, locale: 'zh-CN' })
const pageErrors = []
page.on('pageerror', (e) => pageErrors.push(String(e)))
const t = (id) => `[data-test="${id}"]`
const settle = () => page.waitForTimeout(450) // let dialog and message animations finish
const shot = (name) => page.screenshot({ path: join(shots, `${name}.png`), fullPage: false })

async function fillInput(id, value) {
  // Element Plus passes data-test through to the native <input>/<textarea>; wrappers keep it.
  const box = page.locator(`input${t(id)}, textarea${t(id)}, ${t(id)} input, ${t(id)} textarea`).first()
  await box.fill(value)
}

/** Types a time into an Element Plus date picker, then clicks `dismiss` to close its panel. */
async function pickDate(id, value, dismiss) {
  const input = page.locator(`${t(id)} input`).first()
  await input.click()
  await input.fill(value)
  await input.press('Enter')
  await page.click(dismiss)
  const got = await input.inputValue()
  assert(got === value, `date picker ${id} shows ${got}, expected ${value}`)
}

/** Calls the core through the page's own API door (same token, same surface). */
function api(command, args) {
  return page.evaluate(async ([command, args]) => {
    const r = await fetch(`/api/${command}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-xinfang-token': sessionStorage.getItem('xinfang-token') ?? '' },
      body: JSON.stringify(args),
    })
    return { status: r.status, body: await r.json() }
  }, [command, args])
}

async function newCase({ no, arrived, name, id_number, phone, address, demand, purpose = 'claim' }) {
  await page.click(t('nav-new'))
  await page.waitForSelector(t('case-form'))
  await fillInput('f-case_no', no)
  const unit = page.locator(`${t('f-unit')} input`).first()
  await unit.click()
  await unit.fill(UNIT)
  await unit.press('Enter')
  await page.click(t('f-source-forwarded'))
  await page.click(t('f-form-online'))
  await pickDate('f-arrived_at', arrived, `${t('case-form')} .panel-title`)
  await fillInput('f-p-name-0', name)
  if (id_number) await fillInput('f-p-id-0', id_number)
  await fillInput('f-p-phone-0', phone)
  if (address) await fillInput('f-p-address-0', address)
  await fillInput('f-demand', demand)
  await page.click(t(`f-purpose-${purpose}`))
  await page.click(t('case-save'))
  await page.waitForSelector(t('save-result'), { state: 'visible' })
}

async function act(action, at, extra) {
  await page.click(t(`action-${action}`))
  await page.waitForSelector(t(`dialog-${action}`), { state: 'visible' })
  if (extra) await extra()
  if (at) await pickDate('action-at', at, `${t(`dialog-${action}`)} .el-dialog__header`)
  await page.click(t('action-confirm'))
  await page.waitForSelector(t(`dialog-${action}`), { state: 'hidden' })
}

async function fillInputOn(p, id, value) {
  await p.locator(`input${t(id)}, textarea${t(id)}, ${t(id)} input, ${t(id)} textarea`).first().fill(value)
}

const run = new Runner('browser e2e')

await run.step('first-run wizard asks for the unit and its leaders', async () => {
  await page.goto(server.url)
  await page.waitForSelector(t('wizard'), { state: 'visible' })
  await shot('00-first-run-wizard')
  await fillInput('wizard-unit', UNIT)
  await fillInput('wizard-supervising', '王分管')
  await fillInput('wizard-principal', '李局长')
  await page.click(t('wizard-submit'))
  await page.waitForSelector(t('wizard'), { state: 'hidden' })
  const units = await api('unit_list', {})
  assert(units.body[0]?.name === UNIT && units.body[0].leaders.length === 2, JSON.stringify(units.body))
})

await run.step('today view after setup', async () => {
  await page.click(t('nav-today'))
  await page.waitForSelector(t('today'))
  const sign = await page.textContent(t('today-count-awaiting_sign'))
  assert(sign.includes('0'), `待签收 should be 0: ${sign}`)
  await shot('01-today-empty')
})

await run.step('a new case shows its deadlines with the National Day explanation', async () => {
  await newCase({ no: 'E2E-001', arrived: '2026-09-30 16:20', ...ZHANG_SAN })
  const text = await page.textContent(t('saved-deadlines'))
  assert(text.includes('签收') && text.includes('顺延至 10-08 24:00'), text)
  await shot('02-case-saved')
  await page.click(t('go-detail'))
  await page.waitForSelector(t('case-detail'))
  await page.click(`${t('deadline')} .dl-main`)
  const expl = await page.textContent(t('deadline-explanation'))
  assert(expl.includes('到达日 2026-09-30 不计入；第 1 日 10-01 为法定节假日（国庆节），顺延至 10-08 24:00'), expl)
})

await run.step('sign for the case', async () => {
  await act('sign', '2026-10-08 09:00')
  const status = await page.textContent(t('case-status'))
  assert(status.includes('待受理'), status)
})

await run.step('decide offers only lawful methods; 退件 with reasons works', async () => {
  await page.click(t('action-decide'))
  await page.waitForSelector(t('dialog-decide'), { state: 'visible' })
  const methods = await page.$$eval('[data-test^="method-"]', (els) => els.map((e) => e.getAttribute('data-test')))
  const expected = ['direct_reply', 'petition_channel', 'statutory_channel', 'decline', 'return_case'].map((m) => `method-${m}`)
  assert(JSON.stringify([...methods].sort()) === JSON.stringify([...expected].sort()), `methods: ${methods}`)
  const dialogText = await page.textContent(t('decide-method'))
  assert(!/(^|[^保])存/.test(dialogText.replace(/存在/g, '')) && !dialogText.includes('不属于本部门职权范围'), `forbidden method offered: ${dialogText}`)
  await page.click(t('method-return_case'))
  await fillInput('decide-reason', '属于区规划自然资源局职权，请改转该局办理')
  await pickDate('action-at', '2026-10-08 10:00', `${t('dialog-decide')} .el-dialog__header`)
  await shot('03-decide-dialog')
  await page.click(t('action-confirm'))
  await page.waitForSelector(t('dialog-decide'), { state: 'hidden' })
  const status = await page.textContent(t('case-status'))
  assert(status.includes('已退件'), status)
  // and the core refuses a forbidden method even if a client sends it
  const r = await api('case_decide', { case_no: 'E2E-001', method: '存', at: '2026-10-08 11:00' })
  assert(r.status === 400 && r.body.code === 'forbidden_method' && r.body.message.includes('退件'), JSON.stringify(r))
  await shot('04-case-detail')
})

await run.step('dashboard numbers change when an overdue case arrives', async () => {
  await page.click(t('nav-dashboard'))
  await page.waitForSelector(t('rate-value-timely_acceptance'))
  const before = (await page.textContent(t('rate-value-timely_acceptance'))).trim()
  assert(before.startsWith('100'), `before: ${before}`)
  await newCase({ no: 'E2E-002', arrived: '2026-09-01 09:00', ...LI_SI })
  await page.click(t('go-detail'))
  await page.click(t('nav-dashboard'))
  await page.waitForFunction(
    (sel) => document.querySelector(sel)?.textContent?.trim().startsWith('50'),
    t('rate-value-timely_acceptance'),
    { timeout: 10000 },
  )
  await shot('05-dashboard')
})

await run.step('petition text with HTML renders as inert text', async () => {
  const demand = WANG_WU.demand
  const r = await api('case_add', {
    case: { case_no: 'E2E-XSS', unit: UNIT, source: 'direct', arrived_at: '2026-11-20 09:00', form: 'letter',
      petitioners: [{ name: WANG_WU.name }], demand, purpose: 'suggestion' },
  })
  assert(r.status === 200, JSON.stringify(r.body))
  await page.goto(`${server.base}/#/case/E2E-XSS`)
  await page.waitForSelector(t('case-demand'))
  const shown = await page.textContent(t('case-demand'))
  assert(shown.includes('<script>window.__xss=1</script>'), `demand not shown literally: ${shown}`)
  assert((await page.evaluate(() => window.__xss)) === undefined, 'injected script ran')
  assert((await page.$$('img[src="x"]')).length === 0, 'injected element was created')
})

await run.step('ledger lists the cases and finds them by Chinese substring', async () => {
  await page.click(t('nav-ledger'))
  await page.waitForSelector(t('ledger-row'))
  const total = await page.textContent(t('ledger-total'))
  assert(total.includes('3'), total)
  await fillInput('filter-search', '电梯')
  await page.keyboard.press('Enter')
  await page.waitForFunction((sel) => document.querySelectorAll(sel).length === 1, t('ledger-row'), { timeout: 10000 })
  const row = await page.textContent(t('ledger-row'))
  assert(row.includes('E2E-001'), row)
  await fillInput('filter-search', '')
  await page.keyboard.press('Enter')
  await page.waitForFunction((sel) => document.querySelectorAll(sel).length === 3, t('ledger-row'), { timeout: 10000 })
  await shot('06-ledger')
})

await run.step('export the ledger to xlsx from the 导出 dialog', async () => {
  await page.click(t('nav-ledger'))
  await page.waitForSelector(t('ledger-row'))
  await page.click(t('ledger-export'))
  await page.waitForSelector(t('export-dialog'), { state: 'visible' })
  const target = join(files, '台账导出.xlsx')
  await settle()
  await shot('09-export-dialog')
  // The browser edition downloads the file (no path on the server's disk, issue #20).
  assert((await page.locator(t('export-path')).count()) === 0, 'a server path field in the browser')
  const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 15000 }), page.click(t('export-run'))])
  assert(/^台账.*\.xlsx$/.test(dl.suggestedFilename()), `download name: ${dl.suggestedFilename()}`)
  await dl.saveAs(target)
  assert(existsSync(target) && statSync(target).size > 1000, `no xlsx at ${target}`)
  assert(readFileSync(target).subarray(0, 2).toString() === 'PK', 'the download is not an xlsx (zip)')
  await page.waitForSelector(t('export-dialog'), { state: 'hidden' })
})

await run.step('import wizard checks the exported file, shows the mapping and skips existing case numbers', async () => {
  await page.click(t('ledger-import'))
  await page.waitForSelector(t('import-dialog'), { state: 'visible' })
  await fillInput('import-path', join(files, '台账导出.xlsx'))
  await settle()
  await shot('09b-import-choose')
  await page.click(t('import-check'))
  await page.waitForSelector(t('import-summary'), { state: 'visible', timeout: 15000 })
  const summary = await page.textContent(t('import-summary'))
  assert(summary.includes('共读取 3 行') && summary.includes('未发现错误'), summary)
  await settle()
  await shot('10-import-preview')
  await page.click(t('import-next'))
  await page.waitForSelector(t('import-plan'), { state: 'visible' })
  const plan = await page.textContent(t('import-plan'))
  assert(plan.includes('跳过 3 件'), plan)
  await settle()
  await shot('10a-import-existing')
  await page.click(t('import-run'))
  await page.waitForSelector(t('import-result'), { state: 'visible', timeout: 15000 })
  await settle()
  await shot('10b-import-result')
  const result = await page.textContent(t('import-result'))
  assert(result.includes('新增 0 件') && result.includes('跳过已有 3 件'), result)
  await page.click(t('import-close'))
  await page.waitForSelector(t('import-dialog'), { state: 'hidden' })
})

await run.step('export with 打码 masks every ID number and phone in the copy', async () => {
  await page.click(t('nav-ledger'))
  await page.waitForSelector(t('ledger-row'))
  await page.click(t('ledger-export'))
  await page.waitForSelector(t('export-dialog'), { state: 'visible' })
  await page.click(t('export-format-csv'))
  await page.click(t('export-mask'))
  const target = join(files, '台账-对外.csv')
  const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 15000 }), page.click(t('export-run'))])
  assert(dl.suggestedFilename().endsWith('.csv'), `download name: ${dl.suggestedFilename()}`)
  await dl.saveAs(target)
  const csv = readFileSync(target, 'utf8')
  assert(csv.includes(ZHANG_SAN.name), 'the masked copy still lists the cases')
  assert(!csv.includes(ZHANG_SAN.phone) && !csv.includes(ZHANG_SAN.id_number), 'a full phone or ID number in the masked copy')
  assert(csv.includes(ZHANG_SAN.phone.slice(0, 3) + '****'), `no masked phone in: ${csv.slice(0, 400)}`)
  await page.waitForSelector(t('export-dialog'), { state: 'hidden' })
})

await run.step('import of a file with errors says nothing was written', async () => {
  const bad = join(files, '有错误.csv')
  writeFileSync(bad, '\ufeff信访件编号,责任单位,来源,信访形式,到达日期,信访人,诉求摘要,信访目的\nE2E-BAD1,' + UNIT + ',直接,来信,2022-02-30,赵六,要求维修,求决\n')
  await page.click(t('ledger-import'))
  await page.waitForSelector(t('import-dialog'), { state: 'visible' })
  await fillInput('import-path', bad)
  await page.click(t('import-check'))
  // The row is previewed with its problem beside it; the errors tab lists the same.
  await page.waitForSelector(t('import-problem-2'), { state: 'visible', timeout: 15000 })
  const beside = await page.textContent(t('import-problem-2'))
  assert(beside.includes('到达'), beside)
  await page.click('#tab-errors')
  await page.waitForSelector(t('import-errors'), { state: 'visible', timeout: 15000 })
  const errors = await page.textContent(t('import-errors'))
  assert(errors.includes('第 2 行') && errors.includes('到达'), errors)
  assert(await page.isDisabled(t('import-next')), 'import allowed despite errors')
  await settle()
  await shot('11-import-errors')
  await page.keyboard.press('Escape')
  await page.waitForSelector(t('import-dialog'), { state: 'hidden' })
  const r = await api('case_show', { case_no: 'E2E-BAD1' })
  assert(r.status !== 200, 'a rejected import wrote a case')
})

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
  await page.click(t('doc-allocate-handling_opinion'))
  const box = page.locator('.el-message-box')
  await box.waitFor({ state: 'visible' })
  await box.locator('input').fill('永住建信')
  await box.locator('.el-button--primary').click()
  await page.waitForSelector(t('doc-no-handling_opinion'), { timeout: 10000 })
  await box.waitFor({ state: 'hidden' })
  const docNo = await page.textContent(t('doc-no-handling_opinion'))
  assert(/^永住建信〔\d{4}〕1号$/.test(docNo.trim()), docNo)
  // the clerk's own body text goes into the draft
  await page.click(t('doc-edit-handling_opinion'))
  await page.waitForSelector(t('doc-edit-dialog'), { state: 'visible' })
  await fillInput('doc-edit-body', '经本机关现场核查，{petitioner}反映的楼顶防水层破损属实。\n已责成物业公司于十日内维修完毕。')
  await page.click(t('doc-edit-save'))
  await page.waitForSelector(t('doc-edited-handling_opinion'))
  await page.click(t('doc-draft-handling_opinion'))
  await page.waitForSelector(t('doc-file-handling_opinion'), { timeout: 15000 })
  const opinion = join(files, `${no}-处理意见书-草稿.pdf`)
  assert(existsSync(opinion), `no draft at ${opinion}`)
  const txt = spawnSync('pdftotext', [opinion, '-'], { encoding: 'utf8' })
  if (txt.status === 0) {
    const flat = txt.stdout.replace(/\s+/g, '')
    assert(flat.includes('陈七反映的楼顶防水层破损属实') && !flat.includes('请填写调查核实'), `edited body missing: ${txt.stdout}`)
  }
  await page.evaluate((sel) => {
    document.querySelectorAll('.el-message').forEach((m) => m.remove()) // a clean screenshot
    document.querySelector(sel)?.scrollIntoView({ block: 'center' })
  }, t('doc-drafting'))
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
  await page.evaluate(() => document.querySelectorAll('.el-message').forEach((m) => m.remove()))
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
  await page.evaluate(() => document.querySelectorAll('.el-message').forEach((m) => m.remove()))
  await settle()
  await shot('20-settings-attachments')
})

// ---- "2+2" check rounds (issue #4): a second server on its own ledger with a fixed clock
// (10/9 11:05, a Friday after 国庆): round 1 (09:00) is missed, round 2 (11:00) is open, and a
// case that arrived on 10/8 is due for 签收 today.
const roundsDb = join(work, 'rounds.db')
const server2 = await startServer(bin, roundsDb, ui, ['--now', '2026-10-09 11:05'])
const page2 = await browser.newPage({ viewport: { width: 1366, height: 860 }, locale: 'zh-CN' })
page2.on('pageerror', (e) => pageErrors.push(String(e)))
async function api2(command, args) {
  const r = await fetch(`${server2.base}/api/${command}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-xinfang-token': server2.token },
    body: JSON.stringify(args),
  })
  return { status: r.status, body: await r.json() }
}
const shot2 = (name) => page2.screenshot({ path: join(shots, `${name}.png`), fullPage: false })

await run.step('reminders: the bell shows the open and missed rounds and the due-today case', async () => {
  for (const [cmd, args] of [
    ['leader_add', { unit: UNIT, name: '王分管', role: 'supervising_leader' }],
    ['leader_add', { unit: UNIT, name: '李局长', role: 'principal_leader' }],
    ['case_add', { case: { case_no: 'E2E-R1', unit: UNIT, source: 'forwarded', sender: '永川区信访办', arrived_at: '2026-10-08 10:00', form: 'letter', petitioners: [{ name: '周八' }], demand: '要求维修路灯', purpose: 'claim' } }],
  ]) {
    const r = await api2(cmd, args)
    assert(r.status === 200, `${cmd}: ${JSON.stringify(r.body)}`)
  }
  await page2.goto(server2.url)
  await page2.waitForSelector(t('today-reminders'))
  await page2.waitForFunction((sel) => document.querySelector(sel)?.textContent?.trim() === '3', t('reminder-badge'), { timeout: 10000 })
  const strip = await page2.$$eval(`${t('today-rounds')} [data-status]`, (els) => els.map((e) => e.getAttribute('data-status')))
  assert(JSON.stringify(strip) === JSON.stringify(['missed', 'open', 'upcoming', 'upcoming']), `rounds: ${strip}`)
  await page2.click(t('reminder-bell'))
  const pop = page2.locator('.reminder-pop')
  await pop.waitFor({ state: 'visible' })
  const r2 = await pop.locator(t('reminder-round-2')).textContent()
  assert(r2.includes('第 2 次查看（上午）') && r2.includes('待确认') && r2.includes('11:00'), r2)
  const r1 = await pop.locator(t('reminder-round-1')).textContent()
  assert(r1.includes('漏查'), r1)
  const al = await pop.locator(t('reminder-alert')).first().textContent()
  assert(al.includes('E2E-R1') && al.includes('今天到期'), al)
  await settle()
  await shot2('14-reminder-bell')
  await page2.click(t('reminder-bell'))
  await pop.waitFor({ state: 'hidden' })
})

await run.step('reminders: Alt+R opens 已查看，新增 N 件待签收; N=2 confirms round 2 and the list updates', async () => {
  await page2.evaluate(() => document.activeElement?.blur())
  await page2.keyboard.press('Alt+r')
  await page2.waitForSelector(t('round-confirm-dialog'), { state: 'visible' })
  const title = await page2.textContent(`${t('round-confirm-dialog')} .el-dialog__title`)
  assert(title.includes('第 2 次查看（上午）') && !title.includes('迟到'), title)
  const input = page2.locator(`${t('round-confirm-count')} input, input${t('round-confirm-count')}`).first()
  await input.fill('2')
  await settle()
  await shot2('15-round-confirm')
  await page2.click(t('round-confirm-submit'))
  await page2.waitForSelector(t('round-confirm-dialog'), { state: 'hidden' })
  const msg = await page2.locator('.el-message--success').last().textContent()
  assert(msg.includes('第 2 次查看（上午）：已查看，新增 2 件待签收'), msg)
  await page2.waitForFunction((sel) => document.querySelector(sel)?.textContent?.trim() === '2', t('reminder-badge'), { timeout: 10000 })
  assert((await page2.getAttribute(t('today-round-2'), 'data-status')) === 'on_time', 'round 2 not shown as on time')
  assert((await page2.$$(`${t('today-reminders')} ${t('reminder-round-2')}`)).length === 0, 'confirmed round still listed')
  const foot = await page2.textContent(t('today-round-2'))
  assert(foot.includes('11:05 确认') && foot.includes('新增 2 件'), foot)
  // the same round again: the header button opens the dialog, which says it is confirmed
  await page2.click(t('round-done'))
  await page2.waitForSelector(t('round-confirm-already'), { state: 'visible' })
  assert(await page2.isDisabled(t('round-confirm-submit')), 'a confirmed round can be confirmed again')
  await page2.keyboard.press('Escape')
  await page2.waitForSelector(t('round-confirm-dialog'), { state: 'hidden' })
  await shot2('16-today-reminders')
})

await run.step('reminders: an alert leads to its case', async () => {
  await page2.click(`${t('today-reminders')} ${t('reminder-alert')}[data-case="E2E-R1"]`)
  await page2.waitForSelector(t('case-detail'))
  assert(page2.url().includes('/case/E2E-R1'), page2.url())
})

let reportSummary = null
await run.step('reminders: the monthly report shows round 2 on time and round 1 missed', async () => {
  await page2.click(t('nav-rounds'))
  await page2.waitForSelector(t('rounds-days'))
  await page2.waitForFunction((sel) => document.querySelector(sel)?.textContent?.includes('72'), t('rounds-planned'), { timeout: 10000 })
  const tile = async (k) => (await page2.textContent(`${t(`rounds-${k}`)} .tile-value`)).trim()
  reportSummary = { on_time: await tile('on_time'), late: await tile('late'), missed: await tile('missed') }
  // 10/8: four missed; 10/9: round 1 missed, round 2 on time.
  assert(JSON.stringify(reportSummary) === JSON.stringify({ on_time: '1', late: '0', missed: '5' }), JSON.stringify(reportSummary))
  const s2 = await page2.textContent(t('round-status-2026-10-09-2'))
  assert(s2.includes('按时'), s2)
  const s1 = await page2.textContent(t('round-status-2026-10-09-1'))
  assert(s1.includes('漏查'), s1)
  const day = await page2.locator(`${t('rounds-days')} tr`, { has: page2.locator(t('rounds-day-2026-10-09')) }).textContent()
  assert(/2026-10-09.*星期五\s*4\s*1\s*0\s*1\s*2\s*2/.test(day.replace(/\s+/g, ' ')), `day row: ${day}`)
  assert(await page2.isVisible(t('rounds-chart')), 'no chart')
  // The 审计链头 is shown only when the report carries one.
  const rep = await api2('rounds_report', { month: '2026-10' })
  const chainShown = (await page2.$$(t('rounds-chain-head'))).length > 0
  assert(chainShown === Boolean(rep.body.chain_head), `chain head shown: ${chainShown}, in report: ${JSON.stringify(rep.body.chain_head)}`)
  await settle()
  await shot2('17-rounds-report')
})

await run.step('reminders: the report exports to a real xlsx that reads back', async () => {
  await page2.click(t('rounds-export-open'))
  await page2.waitForSelector(t('rounds-export-dialog'), { state: 'visible' })
  const target = join(files, '查看记录-2026-10.xlsx')
  await fillInputOn(page2, 'rounds-export-path', target)
  await page2.click(t('rounds-export-run'))
  await page2.waitForSelector(t('rounds-export-result'), { state: 'visible', timeout: 15000 })
  const text = await page2.textContent(t('rounds-export-result'))
  assert(text.includes('共 72 轮') && text.includes(target), text)
  assert(existsSync(target) && readFileSync(target).subarray(0, 2).toString() === 'PK', `no xlsx at ${target}`)
  // Read the workbook back (sheet XML + shared strings) with Python's zipfile.
  const py = `
import json, re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
ss = [re.sub(r'<[^>]+>', '', s) for s in re.findall(r'<si>(.*?)</si>', z.read('xl/sharedStrings.xml').decode(), re.S)]
def rows(n):
    out = []
    for row in re.findall(r'<row[^>]*>(.*?)</row>', z.read(f'xl/worksheets/sheet{n}.xml').decode(), re.S):
        cells = []
        for attrs, body in re.findall(r'<c([^>]*)>(.*?)</c>', row, re.S):
            v = re.search(r'<v>(.*?)</v>', body)
            v = v.group(1) if v else ''
            cells.append(ss[int(v)] if 't="s"' in attrs else v)
        out.append(cells)
    return out
print(json.dumps({'summary': rows(1), 'detail': rows(2)}, ensure_ascii=False))
`
  const r = spawnSync('python3', ['-c', py, target], { encoding: 'utf8' })
  assert(r.status === 0, r.stderr)
  const wb = JSON.parse(r.stdout)
  const day = wb.summary.find((row) => row[0] === '2026-10-09')
  assert(JSON.stringify(day) === JSON.stringify(['2026-10-09', '4', '1', '0', '1', '2', '2']), `summary row: ${JSON.stringify(day)}`)
  const r2 = wb.detail.find((row) => row[0] === '2026-10-09' && row[1].includes('第 2 次'))
  assert(r2 && r2[2] === '11:00' && r2[3] === '2026-10-09 11:05' && r2[4] === '2' && r2[5] === '按时', `detail row: ${JSON.stringify(r2)}`)
  await page2.keyboard.press('Escape')
})

await run.step('reminders: the settings pane shows the default round times', async () => {
  await page2.click(t('nav-settings'))
  await page2.click(t('tab-reminders'))
  await page2.waitForSelector(t('settings-reminders'))
  const times = await page2.$$eval('[data-test^="reminder-time-"]:not([data-test="reminder-time-new"])', (els) => els.map((e) => e.textContent.trim()))
  assert(JSON.stringify(times) === JSON.stringify(['09:00', '11:00', '14:30', '16:30']), `times: ${times}`)
  await fillInputOn(page2, 'reminder-time-new', '8:30')
  await page2.keyboard.press('Enter')
  await page2.click(t('reminder-save'))
  await page2.locator('.el-message--success').last().waitFor({ state: 'visible' })
  const s = await api2('reminder_settings_get', {})
  assert(JSON.stringify(s.body.round_times) === JSON.stringify(['08:30', '09:00', '11:00', '14:30', '16:30']), JSON.stringify(s.body))
  await settle()
  await shot2('18-settings-reminders')
})

await run.step('设置 → 备份与核对: back up now, list, verify the audit chain, restore with confirmation', async () => {
  await page.click(t('nav-settings'))
  await page.click(t('tab-backup'))
  await page.waitForSelector(t('settings-backup'))
  await page.waitForFunction((sel) => document.querySelector(sel)?.textContent?.trim() !== '—', t('backup-last'), { timeout: 10000 })
  const before = await page.locator(`${t('backup-list')} .el-table__body tr`).count()
  await page.click(t('backup-now'))
  await page.waitForFunction(([sel, n]) => document.querySelectorAll(`${sel} .el-table__body tr`).length > n, [t('backup-list'), before], { timeout: 20000 })
  assert(await page.locator('.el-message--success').first().textContent().then((x) => x.includes('已备份')), 'no 已备份 message')
  await page.click(t('audit-verify'))
  await page.waitForSelector(t('audit-result'))
  const verdict = await page.locator(t('audit-result')).textContent()
  assert(verdict.includes('审计记录完整'), `audit verify says: ${verdict}`)
  // The browser edition can also download a backup as a .zip (issue #20).
  const [bdl] = await Promise.all([page.waitForEvent('download', { timeout: 30000 }), page.click(t('backup-download'))])
  const bzip = join(work, 'backup.zip')
  await bdl.saveAs(bzip)
  const listing = spawnSync('unzip', ['-l', bzip], { encoding: 'utf8' })
  assert(listing.status === 0 && listing.stdout.includes('manifest.json') && listing.stdout.includes('ledger.db'), listing.stdout)
  await page.evaluate(() => document.querySelectorAll('.el-message').forEach((m) => m.remove()))
  await settle()
  await shot('21-settings-backup')
  // Restore the newest backup: a confirmation first; cancelling leaves everything as it was.
  const first = page.locator(`${t('backup-list')} .el-table__body tr`).first().locator('button')
  await first.click()
  const box = page.locator('.el-message-box')
  await box.waitFor({ state: 'visible' })
  assert((await box.textContent()).includes('先把当前台账另存为一份备份'), 'restore confirmation text')
  await box.locator('.el-button--primary').last().click()
  await page.waitForFunction(() => [...document.querySelectorAll('.el-message--success')].some((m) => m.textContent.includes('已恢复')), null, { timeout: 20000 })
  const status = await api('backup_status', {})
  assert(status.status === 200 && status.body.stale === false, `backup status after restore: ${JSON.stringify(status.body)}`)
})

await run.step('app lock: a password, Ctrl+L locks window and API, the lock screen unlocks', async () => {
  const PW = 'e2e密码123'
  await page.click(t('nav-settings'))
  await page.waitForSelector(t('settings'))
  await page.click(t('tab-security'))
  await page.waitForSelector(t('settings-security'))
  await fillInput('sec-new', PW)
  await fillInput('sec-confirm', PW)
  await page.click(t('sec-save'))
  await page.waitForSelector(t('lock-now'))
  await settle()
  await shot('settings-security')
  await page.click('.page-head')
  await page.keyboard.press('Control+l')
  await page.waitForSelector(t('lock-screen'), { state: 'visible' })
  // Enforced by the core, not only the screen: the API refuses too.
  const refused = await api('case_list', {})
  assert(refused.status === 400 && refused.body.code === 'locked', `locked API answered ${JSON.stringify(refused)}`)
  assert(refused.body.message.includes('工作台已锁定'), refused.body.message)
  await fillInput('unlock-password', '不对的密码')
  await page.click(t('unlock-submit'))
  await page.waitForFunction((sel) => document.querySelector(sel)?.textContent?.includes('密码不正确'), t('unlock-error'), { timeout: 10000 })
  await settle()
  await shot('lock-screen')
  await fillInput('unlock-password', PW)
  await page.click(t('unlock-submit'))
  await page.waitForSelector(t('lock-screen'), { state: 'hidden' })
  const open = await api('case_list', {})
  assert(open.status === 200 && open.body.total > 0, `after unlock: ${JSON.stringify(open).slice(0, 200)}`)
  await page.click(t('nav-ledger'))
  await page.waitForSelector(t('nav-ledger') + '.active')
})

await run.step('import wizard: a unit’s own sheet asks for defaults once, previews every row, keeps a bad ID in 备注', async () => {
  const own = join(files, '本单位台账.csv')
  writeFileSync(own, '\ufeff填报单位：' + UNIT + '\n' +
    '件号,收件日期,来源,问题类别,信访人,身份证号,反映问题,办结情况\n' +
    `E2E-OWN1,2024-06-01,区信访办转送,求决,${WANG_WU.name},,要求维修路灯,已办结\n` +
    `E2E-OWN2,2024-06-02,市信访办（交办）,建议,${LI_SI.name},500118198001011230,建议增设公交站,办理中\n` +
    '合计,,,,,,2 件,\n')
  await page.click(t('nav-ledger'))
  await page.waitForSelector(t('ledger-row'))
  await page.click(t('ledger-import'))
  await page.waitForSelector(t('import-dialog'), { state: 'visible' })
  await fillInput('import-path', own)
  await page.click(t('import-check'))
  // No 信访形式 column: the wizard asks once.
  await page.waitForSelector(t('import-defaults'), { state: 'visible', timeout: 15000 })
  const asked = await page.textContent(t('import-defaults'))
  assert(asked.includes('信访形式') && asked.includes(UNIT), asked)
  await page.click(t('import-default-form'))
  await page.locator('.el-select-dropdown__item:visible', { hasText: '来访' }).first().click()
  await settle()
  await shot('11a-import-defaults')
  await page.click(t('import-defaults-next'))
  await page.waitForSelector(t('import-problem-4'), { state: 'visible', timeout: 15000 })
  const problem = await page.textContent(t('import-problem-4'))
  assert(problem.includes('身份证号') && problem.includes('校验位'), problem)
  const rows = await page.textContent(t('import-preview'))
  assert(rows.includes('E2E-OWN1') && rows.includes('区信访办') && rows.includes('缺省'), rows)
  await settle()
  await shot('11b-import-rows')
  await page.click(t('import-keep-4-id_number'))
  await page.waitForFunction(() => document.querySelector('[data-test="import-summary"]')?.textContent?.includes('检查通过'), null, { timeout: 15000 })
  const summary = await page.textContent(t('import-summary'))
  assert(summary.includes('新增 2 件'), summary)
  await settle()
  await shot('11c-import-ready')
  await page.click('#tab-skipped')
  await page.waitForSelector(t('import-skipped'), { state: 'visible' })
  const skipped = await page.textContent(t('import-skipped'))
  assert(skipped.includes('合计'), skipped)
  await settle()
  await shot('11d-import-skipped')
  await page.click(t('import-next'))
  await page.waitForSelector(t('import-result'), { state: 'visible', timeout: 15000 })
  const result = await page.textContent(t('import-result'))
  assert(result.includes('新增 2 件') && result.includes('保留在备注'), result)
  await page.click(t('import-close'))
  await page.waitForSelector(t('import-dialog'), { state: 'hidden' })
  const v = await api('case_show', { case_no: 'E2E-OWN2' })
  assert(v.status === 200, JSON.stringify(v.body))
  const c = v.body.case
  assert(c.unit === UNIT && c.source === 'assigned' && c.sender === '市信访办' && c.form === 'visit', JSON.stringify(c))
  assert(c.notes.includes('保留在备注') && c.notes.includes('办结情况：办理中'), c.notes)
})

await run.step('#15 inputs: 信访日期 and 纳入满意度评价 at registration, 不予受理 with ground and 去向, 邮寄送达 with 签收日期', async () => {
  const no = 'E2E-R15'
  // The dialogs are looked at on the smaller laptop screen clerks use.
  await page.setViewportSize({ width: 1366, height: 768 })
  await page.click(t('nav-new'))
  await page.waitForSelector(t('case-form'))
  await fillInput('f-case_no', no)
  const unit = page.locator(`${t('f-unit')} input`).first()
  await unit.click()
  await unit.fill(UNIT)
  await unit.press('Enter')
  await page.click(t('f-source-forwarded'))
  await fillInput('f-sender', '重庆市信访办')
  await page.click(t('f-sender_level'))
  await page.locator('.el-select-dropdown__item:visible', { hasText: '市' }).first().click()
  await page.click(t('f-form-letter'))
  await pickDate('f-arrived_at', '2026-11-09 09:00', `${t('case-form')} .panel-title`)
  await pickDate('f-petition_date', '2026-11-05', `${t('case-form')} .panel-title`)
  await fillInput('f-p-name-0', CHEN_QI.name)
  await fillInput('f-p-phone-0', CHEN_QI.phone)
  await fillInput('f-demand', '要求撤销行政处罚决定')
  await page.click(t('f-purpose-claim'))
  await page.click(t('f-in_evaluation_scope'))
  await page.click(t('case-save'))
  await page.waitForSelector(t('save-result'), { state: 'visible' })
  await page.click(t('go-detail'))
  await page.waitForSelector(t('case-detail'))
  // Not signed yet: 确定办理方式 is disabled and says why.
  assert(await page.isDisabled(t('action-decide')), 'decide enabled before 签收')
  const why = await page.getAttribute(t('action-wrap-decide'), 'data-reason')
  assert(why && why.includes('签收'), `decide's reason: ${why}`)
  await act('sign', '2026-11-09 10:00')

  await page.click(t('action-decide'))
  await page.waitForSelector(t('dialog-decide'), { state: 'visible' })
  await page.click(t('method-decline'))
  await page.click(t('decide-ground'))
  await page.locator('.el-select-dropdown__item:visible', { hasText: '应当通过诉讼、仲裁、行政复议等法定途径解决' }).first().click()
  const hint = await page.textContent(t('decide-ground-hint'))
  assert(hint.includes('《信访工作条例》第二十八条第二款、第三十一条'), `ground hint: ${hint}`)
  await fillInput('decide-redirect', '向永川区人民政府申请行政复议')
  await pickDate('action-at', '2026-11-10 10:00', `${t('dialog-decide')} .el-dialog__header`)
  await settle()
  await shot('22-decide-decline-ground')
  const box = await page.locator(`${t('dialog-decide')} ${t('action-confirm')}`).boundingBox()
  assert(box && box.y + box.height <= 768, `确定 is below the 768-pixel screen: ${JSON.stringify(box)}`)
  await page.click(t('action-confirm'))
  await page.waitForSelector(t('dialog-decide'), { state: 'hidden' })

  for (const document of [{ kind: 'decline_notice', doc_no: '永某信〔2026〕31号', issued_at: '2026-11-10 11:00' }, { kind: 'delivery_receipt' }]) {
    const r = await api('case_document', { case_no: no, document })
    assert(r.status === 200, JSON.stringify(r.body))
  }
  await page.reload()
  await page.waitForSelector(t('case-detail'))
  await page.click(t('action-deliver'))
  await page.waitForSelector(t('dialog-deliver'), { state: 'visible' })
  await page.click(t('deliver-method'))
  await page.locator('.el-select-dropdown__item:visible', { hasText: '邮寄送达' }).first().click()
  await fillInput('deliver-tracking', 'XA20261111001')
  await fillInput('deliver-server', '赵送达')
  await pickDate('deliver-signed-on', '2026-11-13', `${t('dialog-deliver')} .el-dialog__header`)
  await pickDate('action-at', '2026-11-11 10:00', `${t('dialog-deliver')} .el-dialog__header`)
  await settle()
  await shot('23-deliver-mail')
  const dbox = await page.locator(`${t('dialog-deliver')} ${t('action-confirm')}`).boundingBox()
  assert(dbox && dbox.y + dbox.height <= 768, `确定 is below the 768-pixel screen: ${JSON.stringify(dbox)}`)
  await page.click(t('action-confirm'))
  await page.waitForSelector(t('dialog-deliver'), { state: 'hidden' })

  const v = await api('case_show', { case_no: no })
  assert(v.status === 200, JSON.stringify(v.body))
  const c = v.body.case
  assert(c.petition_date === '2026-11-05' && c.in_evaluation_scope === true, `registration: ${c.petition_date} ${c.in_evaluation_scope}`)
  assert(c.method === 'decline' && c.decline_ground === 'legal_route' && c.redirect_to === '向永川区人民政府申请行政复议', `decide: ${c.method} ${c.decline_ground} ${c.redirect_to}`)
  const d = c.deliveries[0]
  assert(d && d.method === 'mail' && d.tracking_no === 'XA20261111001' && d.signed_on === '2026-11-13' && d.server === '赵送达' && d.refusal_reason === null,
    `delivery: ${JSON.stringify(d)}`)
  // The case page shows what was recorded.
  await page.waitForFunction((sel) => document.querySelector(sel)?.textContent?.includes('邮件号码 XA20261111001'), t('deliveries'), { timeout: 10000 })
  const shown = await page.textContent(t('deliveries'))
  assert(shown.includes('送达人 赵送达') && shown.includes('签收日期 2026-11-13'), shown)
  assert((await page.textContent(t('case-redirect'))).includes('向永川区人民政府申请行政复议'), '告知去向 not shown')
  assert((await page.textContent(t('case-decline-ground'))).includes('第二十八条第二款'), 'ground article not shown')
  // 纳入满意度评价 without a 包案 leader is a finding of the core (N §二).
  assert(v.body.check.findings.some((f) => f.message.includes('包案')), JSON.stringify(v.body.check.findings.map((f) => f.message)))
  await page.setViewportSize({ width: 1366, height: 860 })
})

await run.step('#15 settings: sign-off scope, a unit as reviewing body, accusations counted — saved to the core', async () => {
  await page.setViewportSize({ width: 1366, height: 768 })
  await page.click(t('nav-settings'))
  await page.click(t('tab-rules'))
  await page.waitForSelector(t('signoff-scope'))
  await page.click(t('signoff-scope-acceptance_notice'))
  await page.click(t(`review-role-${UNIT}-reviewing_body`))
  await page.click(t('exclude-accusations'))
  await page.locator(t('exclude-accusations')).scrollIntoViewIfNeeded()
  await settle()
  await shot('24-settings-rules-15')
  await page.click(t('rules-save'))
  await page.locator('.el-message--success').last().waitFor({ state: 'visible' })
  const s = await api('settings_get', {})
  assert(s.body.signoff_scope.includes('acceptance_notice') && s.body.signoff_scope.includes('handling_opinion'), JSON.stringify(s.body.signoff_scope))
  assert(s.body.review_roles[UNIT] === 'reviewing_body', JSON.stringify(s.body.review_roles))
  assert(s.body.score_profile.exclude_accusations === false, 'exclude_accusations still true')
  await page.setViewportSize({ width: 1366, height: 860 })
})

await run.step('no script errors in the page', async () => {
  assert(pageErrors.length === 0, pageErrors.join('\n'))
})

await browser.close()
server.child.kill()
server2.child.kill()
process.exit(run.finish() ? 0 : 1)
