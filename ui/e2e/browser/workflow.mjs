// Browser end-to-end: the platform's workflow states (issue #16) through the window — a 退件 waits
// for the sender, is refused and goes back to 待受理, then is accepted; a 督办 is recorded and the
// case is closed once its documents are served and uploaded. Runs on the page and ledger that
// ../browser.mjs sets up.
import { assert } from '../harness.mjs'
import { LI_SI } from '../personal-data.mjs'

export default async function steps({ page, t, settle, shot, fillInput, api, newCase, act, run, server }) {
const statusIs = async (label) => {
  await page.waitForFunction(([sel, l]) => document.querySelector(sel)?.textContent?.trim() === l, [t('case-status'), label], { timeout: 10000 })
}
const notices = async () => (await page.locator(t('case-notice')).allTextContents()).join('\n')

await run.step('#16 退件 → 来源机关不同意 → 回到待受理 → 受理, all in the window', async () => {
  const no = 'E2E-WF-1'
  await newCase({ no, arrived: '2026-11-16 09:00', name: LI_SI.name, phone: LI_SI.phone, demand: '要求处理小区违建', purpose: 'claim' })
  await page.click(t('go-detail'))
  await page.waitForSelector(t('case-detail'))
  await act('sign', '2026-11-16 10:00')
  await act('decide', '2026-11-17 10:00', async () => {
    await page.click(t('method-return_case'))
    await fillInput('decide-reason', '违建查处属永川区城市管理局职权，请改转该局')
  })
  await statusIs('退件待审核')
  let shown = await notices()
  assert(shown.includes('退件待来源机关审核') && shown.includes('受理期限照常计算'), `notices: ${shown}`)
  // The core offers the sender's answer next and holds the method until then.
  assert(await page.isDisabled(t('action-decide')), '确定办理方式 enabled while 退件待审核')
  const next = await page.getAttribute(t('action-return_result'), 'class')
  assert(next.includes('el-button--primary'), `退件审核结果 is not the next step: ${next}`)
  await shot('30-return-pending')
  await act('return_result', '2026-11-18 15:00', async () => {
    await page.locator(`${t('return-result')} label`, { hasText: '不同意退件' }).click()
    await fillInput('return-note', '市信访办认为属本单位职责')
    await settle()
    await shot('31-return-result-dialog')
  })
  await statusIs('待受理')
  shown = await notices()
  assert(shown.includes('来源机关不同意退件，已回到待受理') && shown.includes('2026-11-23'), `notices: ${shown}`)
  const history = await api('case_show', { case_no: no })
  assert(history.body.case.events.some((e) => e.kind === 'return_result' && e.detail.includes('城市管理局')), 'the refusal keeps the objection in the history')
  await shot('32-return-refused')
  await act('decide', '2026-11-19 09:00', async () => {
    await page.click(t('method-petition_channel'))
    // A 申诉求决 case takes the petition channel once the statutory routes are ruled out (条例 §31).
    if (await page.locator(t('decide-routes')).count()) {
      for (const code of ['litigation', 'arbitration', 'party_appeal', 'administrative', 'statutory_duty']) await page.click(t(`route-${code}`))
    }
  })
  await statusIs('办理中')
})

await run.step('#16 督办 recorded and counted, then 办结 once served and uploaded', async () => {
  const no = 'E2E-WF-2'
  await newCase({ no, arrived: '2026-11-16 09:30', name: LI_SI.name, phone: LI_SI.phone, demand: '建议增设公交站台', purpose: 'suggestion' })
  await page.click(t('go-detail'))
  await page.waitForSelector(t('case-detail'))
  await act('sign', '2026-11-16 10:00')
  await act('decide', '2026-11-16 11:00', async () => { await page.click(t('method-direct_reply')) })
  await act('supervise', '2026-11-18 09:00', async () => {
    await fillInput('supervise-note', '区信访办电话督办')
    await page.locator(`${t('supervise-deadline')} input`).fill('2026-11-25')
    await page.locator(`${t('supervise-deadline')} input`).press('Enter')
  })
  await page.waitForSelector(t('case-supervisions'))
  let sup = await page.textContent(t('case-supervisions'))
  assert(sup.includes('1 次') && sup.includes('区信访办电话督办') && sup.includes('2026-11-25'), `督办: ${sup}`)
  const deadlines = await page.textContent(t('deadlines'))
  assert(deadlines.includes('督办期限'), `deadlines: ${deadlines}`)
  // Close is offered but refused until the documents are served, uploaded and reported.
  const why = await page.getAttribute(t('action-wrap-close'), 'data-reason')
  assert(why && why.includes('未上传附件') && why.includes('办结报告'), `close's reason: ${why}`)
  for (const document of [{ kind: 'reply_letter', issued_at: '2026-11-19 09:00' }, { kind: 'delivery_receipt' }, { kind: 'completion_report', issued_at: '2026-11-20 09:00' }]) {
    const r = await api('case_document', { case_no: no, document })
    assert(r.status === 200, JSON.stringify(r.body))
  }
  for (const [command, args] of [
    ['case_reply', { case_no: no, at: '2026-11-19 10:00' }],
    ['case_deliver', { case_no: no, delivery: { at: '2026-11-19 11:00', method: 'in_person', recipient: LI_SI.name, documents: ['reply_letter'], receipt_signed: true } }],
    ['case_attachment', { case_no: no, kind: 'reply_letter', file_name: `${no}-回复.pdf`, at: '2026-11-19 12:00' }],
    ['case_attachment', { case_no: no, kind: 'delivery_receipt', file_name: `${no}-送达回证.pdf`, at: '2026-11-19 12:00' }],
  ]) {
    const r = await api(command, args)
    assert(r.status === 200, `${command}: ${JSON.stringify(r.body)}`)
  }
  await page.reload()
  await page.waitForSelector(t('case-detail'))
  assert(!(await page.isDisabled(t('action-close'))), '办结 still disabled')
  await act('close', '2026-11-20 10:00')
  await statusIs('已办结')
  assert((await page.textContent(t('case-closed-at'))).includes('2026-11-20'), '办结时间 not shown')
  sup = await page.textContent(t('case-supervisions'))
  assert(sup.includes('1 次'), `督办 after 办结: ${sup}`)
  await shot('33-closed-after-supervision')
})

await run.step('#16 满意度评价期限 set in the rules, shown on the case, 待引导评价 listed; 人次 on the dashboard', async () => {
  const no = 'E2E-WF-2'
  await page.click(t('nav-settings'))
  await page.click(t('tab-rules'))
  const win = page.locator(`${t('evaluation-window')} input`)
  await win.waitFor()
  await win.fill('10')
  await win.press('Tab')
  await page.locator(t('evaluation-window')).scrollIntoViewIfNeeded()
  await settle()
  await shot('34-evaluation-window-setting')
  await page.click(t('rules-save'))
  await page.locator('.el-message--success').last().waitFor({ state: 'visible' })
  const s = await api('settings_get', {})
  assert(s.body.evaluation_window_days === 10, `window: ${s.body.evaluation_window_days}`)
  // Delivered 11-19 → 10 days → 11-29 (Sunday) → Monday 11-30.
  const v = await api('case_show', { case_no: no })
  const d = v.body.deadlines.find((x) => x.rule_id === 'evaluation')
  assert(d && d.due_date === '2026-11-30' && d.duty === 'petitioner', JSON.stringify(d))
  const listed = await api('case_list', { to_evaluate: true, limit: 20 })
  const expected = listed.body.items.map((c) => c.case_no)
  assert(expected.includes(no), `API list: ${expected}`)
  // Where a 引导评价 notice leads: the ledger with only 待引导评价 ticked (other filters cleared).
  await page.goto(`${server.base}/#/ledger?evaluate=1`)
  await page.waitForSelector(t('filter-to-evaluate'))
  assert(await page.isChecked(`${t('filter-to-evaluate')} input`), '待引导评价 not ticked')
  // Exactly the cases the core lists, no others.
  await page.waitForFunction(([sel, want]) => {
    const rows = [...document.querySelectorAll(sel)].map((r) => r.textContent)
    return rows.length === want.length && want.every((n) => rows.some((r) => r.includes(n)))
  }, [t('ledger-row'), expected], { timeout: 10000 })
  await page.click(t('filter-to-evaluate'))
  await page.click(t('nav-dashboard'))
  await page.waitForSelector(t('dash-people'))
  // The dashboard opens on this year in China time, whatever the CI clock's year or zone.
  const year = Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()))
  const r = await api('rates', { year, unit: null })
  const people = await page.textContent(t('dash-people'))
  assert(people.includes(`${r.body.overall.counts.people} 人次`) && r.body.overall.counts.people >= r.body.overall.counts.total, `people: ${people}`)
  await settle()
  await shot('35-dashboard-people')
})
}
