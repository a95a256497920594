// Browser end-to-end, issue #21 §1–3, §8, §11: one flow per document (编辑正文 → 预览 → 签批 →
// 生成正式文书), the editor opening with the template's text and asking before Esc throws typed
// text away, a final copy refused while fill-in prompts remain, a sign-off voided by an edit,
// the 文号 asked only for the red-header document, a mailed receipt unticked and its return
// recorded from the case page, and the 工作台's 本周到期 and open problems.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { assert } from '../harness.mjs'
import { CHEN_QI } from '../personal-data.mjs'

export default async function steps({ UNIT, files, server, page, t, settle, clearToasts, shot, fillInput, api, run }) {
const no = 'E2E-FLOW'
const errorText = async () => {
  const err = page.locator('.el-message--error').last()
  await err.waitFor({ state: 'visible', timeout: 10000 })
  const msg = await err.textContent()
  await clearToasts()
  return msg
}
const signViaUi = async (leader) => {
  await page.click(t('doc-signoff-handling_opinion'))
  const box = page.locator('.el-message-box')
  await box.waitFor({ state: 'visible' })
  await box.locator('input').fill(leader)
  await box.locator('.el-button--primary').click()
  await box.waitFor({ state: 'hidden' })
  await page.locator('.el-message--success').last().waitFor({ state: 'visible', timeout: 10000 })
}

await run.step('编辑正文 opens with the template text; Esc asks before throwing typed text away', async () => {
  for (const [cmd, args] of [
    ['case_add', { case: { case_no: no, unit: UNIT, source: 'forwarded', sender: '永川区信访办', arrived_at: '2026-11-02 09:00', form: 'letter', petitioners: [{ name: CHEN_QI.name, phone: CHEN_QI.phone }], demand: '小区电梯长期故障无人维修，'.repeat(300), demand_summary: '要求维修小区电梯', purpose: 'claim' } }],
    ['case_sign', { case_no: no, at: '2026-11-02 10:00' }],
    ['case_decide', { case_no: no, method: 'petition_channel', at: '2026-11-03 10:00' }],
  ]) {
    const r = await api(cmd, args)
    assert(r.status === 200, `${cmd}: ${JSON.stringify(r.body)}`)
  }
  await page.goto(`${server.base}/#/case/${no}`)
  await page.waitForSelector(t('doc-drafting'))
  await fillInput('doc-folder', files)
  // Only the red-header 处理意见书 offers 分配文号.
  assert(await page.isVisible(t('doc-allocate-handling_opinion')), 'no 分配文号 on the 处理意见书')
  assert(!(await page.isVisible(t('doc-allocate-acceptance_notice'))), '分配文号 offered on the 受理告知书')
  await page.click(t('doc-edit-handling_opinion'))
  await page.waitForSelector(t('doc-edit-dialog'), { state: 'visible' })
  const body = page.locator(`textarea${t('doc-edit-body')}`)
  const text = await body.inputValue()
  assert(text.includes('（请填写调查核实的事实）') && text.includes('要求维修小区电梯'), `template text: ${text}`)
  assert(!text.includes('无人维修，小区电梯'), 'the whole demand is quoted instead of the 诉求摘要')
  await body.fill(`${text}\n补充一段`)
  await page.keyboard.press('Escape')
  const box = page.locator('.el-message-box')
  await box.waitFor({ state: 'visible' })
  assert((await box.textContent()).includes('放弃修改'), await box.textContent())
  await box.locator('.el-button', { hasText: '继续编辑' }).click()
  await box.waitFor({ state: 'hidden' })
  assert(await page.isVisible(t('doc-edit-dialog')), 'Esc threw the typed text away')
  assert((await body.inputValue()).endsWith('补充一段'), 'typed text lost')
  await body.fill(text)
  await page.click(`${t('doc-edit-stance')} .el-radio:has-text("支持")`)
  await fillInput('doc-edit-review-office', '重庆市永川区人民政府')
  await settle()
  await shot('41-doc-edit-template')
  await page.click(t('doc-edit-save'))
  await page.waitForSelector(t('doc-edit-dialog'), { state: 'hidden' })
})

await run.step('a final copy names each fill-in prompt left; the 文号 is asked first', async () => {
  for (const role of ['supervising_leader', 'principal_leader']) {
    const r = await api('case_signoff', { case_no: no, kind: 'handling_opinion', role, leader: role === 'supervising_leader' ? '王分管' : '李局长', at: '2026-11-10 09:00' })
    assert(r.status === 200, JSON.stringify(r.body))
  }
  await page.reload()
  await page.waitForSelector(t('doc-drafting'))
  // The 机关代字 was given in the first-run wizard: the 文号 is allocated without asking (#21 §17).
  await page.click(t('doc-final-handling_opinion'))
  const msg = await errorText()
  assert(!(await page.isVisible('.el-message-box')), 'the 机关代字 was asked again')
  assert(msg.includes('（请填写调查核实的事实）') && msg.includes('（请填写法律、法规、规章或者其他有关规定）'), `final with prompts: ${msg}`)
  assert(!existsSync(join(files, `${no}-处理意见书.pdf`)), 'a final copy was written with prompts in it')
  assert(/永住建信〔\d{4}〕\d+号/.test(await page.textContent(t('doc-no-handling_opinion'))), 'the 文号 was not allocated')
})

await run.step('editing after sign-off voids it and the case says so; re-signing gives the final copy', async () => {
  await page.click(t('doc-edit-handling_opinion'))
  await page.waitForSelector(t('doc-edit-dialog'), { state: 'visible' })
  const body = page.locator(`textarea${t('doc-edit-body')}`)
  const filled = (await body.inputValue())
    .replace('（请填写调查核实的事实）', '电梯已停运两个月，物业公司未按约定维修')
    .replace('（请填写法律、法规、规章或者其他有关规定）', '《重庆市物业管理条例》')
  await body.fill(filled)
  await page.click(t('doc-edit-save'))
  await page.waitForSelector(t('doc-edit-dialog'), { state: 'hidden' })
  await page.waitForSelector(t('signoff-void-handling_opinion'), { timeout: 10000 })
  await page.click(t('doc-final-handling_opinion'))
  const msg = await errorText()
  assert(msg.includes('原签批已失效'), `final after an edit: ${msg}`)
  await signViaUi('王分管')
  await signViaUi('李局长')
  await page.waitForSelector(t('signoff-void-handling_opinion'), { state: 'hidden', timeout: 10000 })
  await page.click(t('doc-final-handling_opinion'))
  await page.waitForSelector(t('doc-issued-handling_opinion'), { timeout: 15000 })
  assert(existsSync(join(files, `${no}-处理意见书.pdf`)), 'no final copy written')
  await clearToasts() // a clean screenshot
  await page.evaluate((sel) => document.querySelector(sel)?.scrollIntoView({ block: 'center' }), t('doc-drafting'))
  await settle()
  await shot('42-doc-flow-final')
})

await run.step('a mailed receipt is not ticked; its return is recorded from the case page', async () => {
  await page.click(t('action-deliver'))
  await page.waitForSelector(t('dialog-deliver'), { state: 'visible' })
  const receipt = page.locator(`${t('deliver-receipt')} input[type=checkbox]`).first()
  assert(await receipt.isChecked(), 'in person: the receipt is signed on the spot')
  await page.click(t('deliver-method'))
  await page.locator('.el-select-dropdown__item:visible', { hasText: '邮寄送达' }).first().click()
  assert(!(await receipt.isChecked()), '回证已签收 is ticked for a mailed delivery')
  const docs = await page.textContent(t('deliver-documents'))
  assert(!docs.includes('送达回证'), `the receipt is offered as a delivered document: ${docs}`)
  await fillInput('deliver-tracking', 'XA20261112001')
  await page.click(t('action-confirm'))
  await page.waitForSelector(t('dialog-deliver'), { state: 'hidden' })
  await page.waitForSelector(t('receipt-return-1'), { timeout: 10000 })
  assert((await page.textContent(t('receipt-state-1'))).includes('回证未返回'), 'receipt state')
  const today = await api('today', {})
  assert(today.body.open_problems.some((p) => p.case_no === no && p.receipts_unsigned === 1), JSON.stringify(today.body.open_problems))
  await page.click(t('receipt-return-1'))
  await page.waitForSelector(t('receipt-dialog'), { state: 'visible' })
  await page.click(t('receipt-save'))
  await page.waitForSelector(t('receipt-dialog'), { state: 'hidden' })
  await page.waitForFunction((sel) => document.querySelector(sel)?.textContent?.includes('回证已签收'), t('receipt-state-1'), { timeout: 10000 })
  const v = await api('case_show', { case_no: no })
  assert(v.body.case.deliveries[0].signed_on && v.body.deadlines.some((d) => d.rule_id === 'review_request'), 'the 复查 window did not start from the returned receipt')
})

await run.step('工作台 shows 本周到期 and the cases with uploads or receipts outstanding', async () => {
  await page.click(t('nav-today'))
  await page.waitForSelector(t('today-due-week'))
  await page.waitForSelector(t(`open-problem-${no}`), { timeout: 10000 })
  await clearToasts() // a clean screenshot
  await page.evaluate((sel) => document.querySelector(sel)?.scrollIntoView({ block: 'center' }), t('today-open-problems'))
  await settle()
  await shot('43-today-open-problems')
})
}
