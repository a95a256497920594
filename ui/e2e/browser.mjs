// Browser end-to-end: Debian's Chromium (playwright-core, no browser download) drives the
// real UI served by `xinfang serve` on a temp ledger, through the clerk's first day:
// first-run wizard → new case → deadlines → sign → decide (forbidden methods absent, 退件)
// → dashboard numbers change; petition text with HTML stays inert. Screenshots of every
// view go to docs/screenshots/. Then the Excel export/import wizard and drafting a notice PDF;
// then attachments: upload (file picker and drop), findings, thumbnails with the seal box, 生成上传包.
//
// One file per feature under browser/, run in this order on one page and ledger.
//
// env: XINFANG_BIN (the xinfang binary), XINFANG_UI (built ui/dist), SHOTS (screenshot dir)

import { chromium } from 'playwright-core'
import { spawnSync } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { Runner, assert, startServer, tempDir } from './harness.mjs'
import firstDay from './browser/first-day.mjs'
import ledgerExchange from './browser/ledger-exchange.mjs'
import documents from './browser/documents.mjs'
import documentsFlow from './browser/documents-flow.mjs'
import attachments from './browser/attachments.mjs'
import reminders from './browser/reminders.mjs'
import backupLock from './browser/backup-lock.mjs'
import importSheets from './browser/import-sheets.mjs'
import ruleInputs from './browser/rule-inputs.mjs'
import corrections from './browser/corrections.mjs'
import browserNotify from './browser/browser-notify.mjs'
import triage from './browser/triage.mjs'
import workflow from './browser/workflow.mjs'
import firstDayReplay from './browser/first-day-replay.mjs'
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
/**
 * Closes the toasts with their own × (as the clerk would) and waits until they are gone.
 * Removing their elements instead leaks Element Plus's message instances: after four
 * (messageConfig.max) every new toast is silently dropped.
 */
async function clearToasts(p = page) {
  await p.evaluate(() => document.querySelectorAll('.el-message .el-message__closeBtn').forEach((b) => b.click()))
  await p.waitForFunction(() => document.querySelectorAll('.el-message').length === 0, null, { timeout: 5000 })
}
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

/**
 * Clicks 确定 in the open action dialog and accepts the 请确认 box if one opens (a time
 * back-dated by more than a day, a leader's sign-off, a review): returns its text, or ''.
 */
async function confirmAction() {
  await page.click(t('action-confirm'))
  const box = page.locator('.confirm-step')
  try {
    await box.waitFor({ state: 'visible', timeout: 800 })
  } catch {
    return ''
  }
  const text = await box.locator('.el-message-box__message').textContent()
  await box.locator('.el-message-box__btns .el-button--primary').click()
  await box.waitFor({ state: 'hidden' })
  return text
}

async function act(action, at, extra) {
  await page.click(t(`action-${action}`))
  await page.waitForSelector(t(`dialog-${action}`), { state: 'visible' })
  if (extra) await extra()
  if (at) await pickDate('action-at', at, `${t(`dialog-${action}`)} .el-dialog__header`)
  await confirmAction()
  await page.waitForSelector(t(`dialog-${action}`), { state: 'hidden' })
}

async function fillInputOn(p, id, value) {
  await p.locator(`input${t(id)}, textarea${t(id)}, ${t(id)} input, ${t(id)} textarea`).first().fill(value)
}

// A preview tab left open (the browser edition opens one per draft) puts the page behind it:
// Chromium then runs its animation frames once a second and every click waits ~2 s for them.
const closeStrayTabs = async () => {
  for (const p of page.context().pages()) if (p !== page) await p.close().catch(() => {})
}
const run = new Runner('browser e2e', { afterEach: closeStrayTabs })
const cleanup = []
const ctx = { bin, ui, shots, UNIT, work, db, fakeBin, opened, files, server, browser, page, pageErrors, t, settle, clearToasts, shot, fillInput, pickDate, api, newCase, act, confirmAction, fillInputOn, run, cleanup }
const modules = { firstDay, ledgerExchange, documents, documentsFlow, attachments, reminders, backupLock, importSheets, ruleInputs, corrections, triage, workflow, browserNotify, firstDayReplay }
// E2E_ONLY=firstDay,ruleInputs runs just those step files (in this order) while iterating on them.
const only = process.env.E2E_ONLY?.split(',').map((s) => s.trim()).filter(Boolean)
for (const [name, steps] of Object.entries(modules)) {
  if (!only || only.includes(name)) await steps(ctx)
}

await run.step('no script errors in the page', async () => {
  assert(pageErrors.length === 0, pageErrors.join('\n'))
})


await browser.close()
server.child.kill()
for (const stop of cleanup) stop()
process.exit(run.finish() ? 0 : 1)
