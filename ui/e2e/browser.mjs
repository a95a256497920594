// Browser end-to-end: Debian's Chromium (playwright-core, no browser download) drives the
// real UI served by `xinfang serve` on a temp ledger, through the clerk's first day:
// first-run wizard → new case → deadlines → sign → decide (forbidden methods absent, 退件)
// → dashboard numbers change; petition text with HTML stays inert. Screenshots of every
// view go to docs/screenshots/. Then the Excel export/import wizard and drafting a notice PDF.
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
  await fillInput('export-path', target)
  await settle()
  await shot('09-export-dialog')
  await page.click(t('export-run'))
  await page.waitForSelector(t('export-result'), { state: 'visible', timeout: 15000 })
  const text = await page.textContent(t('export-result'))
  assert(text.includes('已导出 3 件') && text.includes(target), text)
  assert(existsSync(target) && statSync(target).size > 1000, `no xlsx at ${target}`)
  await page.keyboard.press('Escape')
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

await run.step('import of a file with errors says nothing was written', async () => {
  const bad = join(files, '有错误.csv')
  writeFileSync(bad, '\ufeff信访件编号,责任单位,来源,信访形式,到达日期,信访人,诉求摘要,信访目的\nE2E-BAD1,' + UNIT + ',直接,来信,2022-02-30,赵六,要求维修,求决\n')
  await page.click(t('ledger-import'))
  await page.waitForSelector(t('import-dialog'), { state: 'visible' })
  await fillInput('import-path', bad)
  await page.click(t('import-check'))
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
    ['case_add', { case: { case_no: no, unit: UNIT, source: 'direct', arrived_at: '2026-11-02 09:00', form: 'letter', petitioners: [{ name: CHEN_QI.name, id_number: CHEN_QI.id_number, phone: CHEN_QI.phone, address: CHEN_QI.address }], demand: CHEN_QI.demand, purpose: 'claim' } }],
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
  await page.click(t('doc-draft-acceptance_notice'))
  await page.waitForSelector(t('doc-file-acceptance_notice'), { timeout: 15000 })
  const pdf = join(files, `${no}-受理告知书-草稿.pdf`)
  assert(existsSync(pdf) && readFileSync(pdf).subarray(0, 5).toString() === '%PDF-', `no draft PDF at ${pdf}`)
  for (let i = 0; i < 50 && !existsSync(opened); i++) await page.waitForTimeout(100)
  assert(existsSync(opened) && readFileSync(opened, 'utf8').includes(pdf), 'the draft was not opened')
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

await run.step('settings view and new-case form render', async () => {
  await page.click(t('nav-settings'))
  await page.waitForSelector(t('settings'))
  await shot('07-settings')
  await page.click(t('nav-new'))
  await page.waitForSelector(t('case-form'))
  await shot('08-new-case-form')
})

await run.step('no script errors in the page', async () => {
  assert(pageErrors.length === 0, pageErrors.join('\n'))
})

await browser.close()
server.child.kill()
process.exit(run.finish() ? 0 : 1)
