// Browser end-to-end: the clerk's first cases: first-run wizard, a new case with its deadlines, 签收, 办理方式 (forbidden methods absent, 退件), the dashboard, inert petition text.
// The steps run in order on the page and ledger that ../browser.mjs sets up; the body is
// kept flush left so template literals (the Python xlsx reader) keep their text.
import { spawnSync } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { assert, startServer } from '../harness.mjs'
import { CHEN_QI, LI_SI, WANG_WU, ZHANG_SAN } from '../personal-data.mjs'

export default async function steps({ bin, ui, shots, UNIT, work, db, fakeBin, opened, files, server, browser, page, pageErrors, t, settle, shot, fillInput, pickDate, api, newCase, act, confirmAction, fillInputOn, run, cleanup }) {
await run.step('first-run wizard asks for the unit and its leaders', async () => {
  await page.goto(server.url)
  await page.waitForSelector(t('wizard'), { state: 'visible' })
  await shot('00-first-run-wizard')
  await fillInput('wizard-clerk', '王小红')
  await fillInput('wizard-unit', UNIT)
  await fillInput('wizard-agency-code', '永住建信')
  await fillInput('wizard-supervising', '王分管')
  await fillInput('wizard-principal', '李局长')
  await page.click(t('wizard-submit'))
  await page.waitForSelector(t('wizard'), { state: 'hidden' })
  const units = await api('unit_list', {})
  assert(units.body[0]?.name === UNIT && units.body[0].leaders.length === 2, JSON.stringify(units.body))
  const clerk = await api('clerk_profile_get', {})
  assert(clerk.body.clerk_name === '王小红' && clerk.body.agency_code === '永住建信', JSON.stringify(clerk.body))
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
  await confirmAction()
  await page.waitForSelector(t('dialog-decide'), { state: 'hidden' })
  const status = await page.textContent(t('case-status'))
  // 条例 §23 ¶3: returned only once the sender agrees (issue #16); here it refuses, and the
  // case is accepted on the original clock (its 5 days end 10-08 after the National Day).
  assert(status.includes('退件待审核'), status)
  for (const [command, args] of [
    ['case_return_result', { case_no: 'E2E-001', result: 'refused', at: '2026-10-08 10:30' }],
    ['case_decide', { case_no: 'E2E-001', method: 'petition_channel', at: '2026-10-08 11:00' }],
  ]) {
    const r = await api(command, args)
    assert(r.status === 200, `${command}: ${JSON.stringify(r.body)}`)
  }
  await page.reload()
  await page.waitForFunction((sel) => document.querySelector(sel)?.textContent?.includes('办理中'), t('case-status'), { timeout: 10000 })
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

}
