// Browser end-to-end: the ledger list and its Excel export/import: search, 导出, the import wizard, 打码, a file with errors.
// The steps run in order on the page and ledger that ../browser.mjs sets up; the body is
// kept flush left so template literals (the Python xlsx reader) keep their text.
import { spawnSync } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { assert, startServer } from '../harness.mjs'
import { CHEN_QI, LI_SI, WANG_WU, ZHANG_SAN } from '../personal-data.mjs'

export default async function steps({ bin, ui, shots, UNIT, work, db, fakeBin, opened, files, server, browser, page, pageErrors, t, settle, shot, fillInput, pickDate, api, newCase, act, fillInputOn, run, cleanup }) {
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

}
