// Browser end-to-end: #16 triage in the window — repeat suggestions while registering and
// one-click 标记重复, the "三到位一处理" checklist, the statutory routes ruled out before a
// 申诉求决 case takes the petition channel, a joint visit's representatives, the 初信初访 watch
// card and the printable case sheet. Runs on the page and ledger ../browser.mjs sets up.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { assert } from '../harness.mjs'
import { CHEN_QI, LI_SI } from '../personal-data.mjs'

export default async function steps({ UNIT, files, page, t, settle, shot, fillInput, pickDate, api, confirmAction, run }) {
const base = { unit: UNIT, source: 'forwarded', sender: '重庆市永川区信访办', form: 'letter', purpose: 'claim' }

await run.step('#16 repeat triage: an earlier case about the same leaking garage is suggested while typing; one click links it', async () => {
  const first = await api('case_add', { case: { ...base, case_no: 'E2E-T1', arrived_at: '2026-10-12 09:00',
    petitioners: [{ name: '冯十', phone: '13900000016', address: '永川区中山路88号' }], demand: '小区地下车库渗水严重，要求开发商维修' } })
  assert(first.status === 200 && first.body.first_petition === true, JSON.stringify(first.body))
  await page.click(t('nav-new'))
  await page.waitForSelector(t('case-form'))
  await fillInput('f-case_no', 'E2E-T2')
  const unit = page.locator(`${t('f-unit')} input`).first()
  await unit.click()
  await unit.fill(UNIT)
  await unit.press('Enter')
  await page.click(t('f-source-forwarded'))
  await page.click(t('f-form-visit'))
  await pickDate('f-arrived_at', '2026-11-16 09:30', `${t('case-form')} .panel-title`)
  await fillInput('f-p-name-0', CHEN_QI.name)
  await fillInput('f-p-phone-0', CHEN_QI.phone)
  await fillInput('f-p-address-0', '永川区中山路88号')
  await fillInput('f-demand', '反映小区地下车库渗水一直没人维修，要求开发商尽快维修')
  await page.click(t('f-purpose-claim'))
  await page.waitForSelector(`${t('form-repeats')} ${t('repeat-cand-E2E-T1')}`, { timeout: 10000 })
  const why = await page.textContent(t('repeat-cand-E2E-T1'))
  assert(why.includes('住址相同') && why.includes('诉求相似'), `reasons: ${why}`)
  await page.locator(t('form-repeats')).scrollIntoViewIfNeeded()
  await settle()
  await shot('30-triage-form-suggestions')
  await page.click(`${t('repeat-cand-E2E-T1')} ${t('repeat-pick')}`)
  assert((await page.inputValue(`${t('f-repeat_of')} input, input${t('f-repeat_of')}`)) === 'E2E-T1', 'repeat_of not filled in')
  await page.click(t('case-save'))
  await page.waitForSelector(t('save-result'), { state: 'visible' })
  await page.click(t('go-detail'))
  await page.waitForSelector(t('repeat-checklist'))
  await page.click(`${t('check-counselled')} .el-checkbox`)
  await page.locator('.el-message-box input').fill('与信访人面谈，讲明物业维修责任')
  await page.locator('.el-message-box .el-button--primary').click()
  await page.waitForFunction((sel) => document.querySelector(sel)?.textContent?.includes('1/4'), t('repeat-checklist'), { timeout: 10000 })
  await settle()
  await shot('31-triage-checklist')
  const v = await api('case_show', { case_no: 'E2E-T2' })
  assert(v.body.case.repeat_of === 'E2E-T1' && v.body.case.first_petition === false, JSON.stringify(v.body.case.repeat_of))
  assert(v.body.case.repeat_checklist.length === 1 && v.body.case.repeat_checklist[0].item === 'counselled', JSON.stringify(v.body.case.repeat_checklist))
  // The first letter came back as a visit: the watch card counts it as 信转访.
  const w = await api('watch_list', {})
  assert(w.body.turned_visit >= 1 && w.body.items.some((i) => i.case_no === 'E2E-T1' && i.kind === '信转访'), JSON.stringify(w.body))
  await page.click(t('nav-today'))
  await page.waitForSelector(`${t('watch-card')} ${t('watch-items')}`, { timeout: 10000 })
  await page.locator(t('watch-card')).scrollIntoViewIfNeeded()
  await settle()
  await shot('32-triage-watch-card')
  assert((await page.textContent(t('watch-card'))).includes('E2E-T1'), 'E2E-T1 not on the watch card')
})

await run.step('#16 legal route: the petition channel for a 申诉求决 case asks which statutory routes were ruled out', async () => {
  const no = 'E2E-T3'
  const r = await api('case_add', { case: { ...base, case_no: no, arrived_at: '2026-11-16 09:00',
    petitioners: [{ name: LI_SI.name, phone: LI_SI.phone }], demand: '要求补发拆迁过渡费' } })
  assert(r.status === 200, JSON.stringify(r.body))
  assert((await api('case_sign', { case_no: no, at: '2026-11-16 10:00' })).status === 200, 'sign')
  await page.goto(page.url().replace(/#.*$/, `#/case/${no}`))
  await page.waitForSelector(t('case-detail'))
  await page.click(t('action-decide'))
  await page.waitForSelector(t('dialog-decide'), { state: 'visible' })
  await page.click(t('method-petition_channel'))
  await page.waitForSelector(t('decide-routes'))
  await page.click(`${t('route-litigation')}`)
  await pickDate('action-at', '2026-11-17 10:00', `${t('dialog-decide')} .el-dialog__header`)
  await confirmAction()
  await page.waitForSelector(`${t('dialog-decide')} .el-form-item__error`, { timeout: 5000 })
  const err = await page.textContent(`${t('dialog-decide')} .el-form-item__error`)
  assert(err.includes('五种法定途径'), `validation: ${err}`)
  for (const code of ['arbitration', 'party_appeal', 'administrative', 'statutory_duty']) await page.click(t(`route-${code}`))
  await settle()
  await shot('33-triage-decide-routes')
  await confirmAction()
  await page.waitForSelector(t('dialog-decide'), { state: 'hidden' })
  const v = await api('case_show', { case_no: no })
  assert(v.body.case.ruled_out_routes.length === 5, JSON.stringify(v.body.case.ruled_out_routes))
  assert((await page.textContent(t('case-ruled-out'))).includes('仲裁'), 'ruled-out routes not shown')
  // The core refuses a partial answer whatever door sent it (条例 §31).
  await api('case_add', { case: { ...base, case_no: 'E2E-T4', arrived_at: '2026-11-16 09:00', petitioners: [{ name: LI_SI.name }], demand: '要求赔偿' } })
  await api('case_sign', { case_no: 'E2E-T4', at: '2026-11-16 10:00' })
  const part = await api('case_decide', { case_no: 'E2E-T4', method: 'petition_channel', at: '2026-11-17 10:00', ruled_out_routes: ['arbitration'] })
  assert(part.status !== 200 && part.body.message.includes('尚未排除'), JSON.stringify(part.body))
})

await run.step('#16 joint visit: at most 5 representatives; the case sheet prints the history, A4', async () => {
  const reps = (n) => Array.from({ length: n }, (_, i) => ({ name: `代表${i + 1}`, representative: true }))
  const six = await api('case_add', { case: { ...base, form: 'visit', case_no: 'E2E-T5', arrived_at: '2026-11-16 09:00', petitioners: reps(6), people_count: 40, demand: '要求解决安置房产权证' } })
  assert(six.status !== 200 && six.body.message.includes('第二十条第三款'), JSON.stringify(six.body))
  const five = await api('case_add', { case: { ...base, form: 'visit', case_no: 'E2E-T5', arrived_at: '2026-11-16 09:00', petitioners: reps(5), people_count: 40, demand: '要求解决安置房产权证' } })
  assert(five.status === 200, JSON.stringify(five.body))
  await page.goto(page.url().replace(/#.*$/, '#/case/E2E-T5'))
  await page.waitForSelector(t('case-detail'))
  assert((await page.textContent(t('case-joint'))).includes('集体访 40 人'), 'joint tag')
  await page.evaluate((dir) => localStorage.setItem('xinfang-files-folder', dir), files)
  const [tab] = await Promise.all([page.context().waitForEvent('page'), page.click(t('case-sheet'))])
  const msg = page.locator('.el-message', { hasText: '办理经过单' }).last()
  await msg.waitFor({ state: 'visible', timeout: 15000 })
  assert((await msg.getAttribute('class')).includes('success'), await msg.textContent())
  await tab.close()
  const pdf = join(files, 'E2E-T5-办理经过单.pdf')
  assert(existsSync(pdf), `no sheet at ${pdf}`)
  const text = spawnSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }).stdout.replace(/\s/g, '')
  assert(text.includes('信访事项办理经过单') && text.includes('E2E-T5') && text.includes('代表1') && text.includes('领导批示'), text.slice(0, 400))
  const info = spawnSync('pdfinfo', [pdf], { encoding: 'utf8' }).stdout
  assert(info.includes('595.276 x 841.89'), `not A4: ${info}`)
})
}
