// Browser end-to-end: #15's inputs in the window (registration, 不予受理 ground and 去向, 邮寄送达, the rule settings).
// The steps run in order on the page and ledger that ../browser.mjs sets up; the body is
// kept flush left so template literals (the Python xlsx reader) keep their text.
import { spawnSync } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { assert, startServer } from '../harness.mjs'
import { CHEN_QI, LI_SI, WANG_WU, ZHANG_SAN } from '../personal-data.mjs'

export default async function steps({ bin, ui, shots, UNIT, work, db, fakeBin, opened, files, server, browser, page, pageErrors, t, settle, shot, fillInput, pickDate, api, newCase, act, confirmAction, fillInputOn, run, cleanup }) {
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
  await confirmAction()
  await page.waitForSelector(t('dialog-decide'), { state: 'hidden' })

  for (const document of [{ kind: 'decline_notice', issued_at: '2026-11-10 11:00' }, { kind: 'delivery_receipt' }]) {
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
  await confirmAction()
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
}
