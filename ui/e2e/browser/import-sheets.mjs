// Browser end-to-end: a unit's own messy sheet through the import wizard.
// The steps run in order on the page and ledger that ../browser.mjs sets up; the body is
// kept flush left so template literals (the Python xlsx reader) keep their text.
import { spawnSync } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { assert, startServer } from '../harness.mjs'
import { CHEN_QI, LI_SI, WANG_WU, ZHANG_SAN } from '../personal-data.mjs'

export default async function steps({ bin, ui, shots, UNIT, work, db, fakeBin, opened, files, server, browser, page, pageErrors, t, settle, shot, fillInput, pickDate, api, newCase, act, fillInputOn, run, cleanup }) {
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

}
