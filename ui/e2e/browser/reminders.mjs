// Browser end-to-end: reminders on a second ledger with a fixed clock: the bell, Alt+R, alerts, the monthly report and its export, the settings pane.
// The steps run in order on the page and ledger that ../browser.mjs sets up; the body is
// kept flush left so template literals (the Python xlsx reader) keep their text.
import { spawnSync } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { assert, beginLedger, startServer } from '../harness.mjs'
import { CHEN_QI, LI_SI, WANG_WU, ZHANG_SAN } from '../personal-data.mjs'

export default async function steps({ bin, ui, shots, UNIT, work, db, fakeBin, opened, files, server, browser, page, pageErrors, t, settle, shot, fillInput, pickDate, api, newCase, act, fillInputOn, run, cleanup }) {
const roundsDb = join(work, 'rounds.db')
// The ledger was begun at 08:00, so at 11:05 the 09:00 round is a miss on record.
beginLedger(bin, roundsDb, UNIT, '2026-10-09 08:00')
const server2 = await startServer(bin, roundsDb, ui, ['--now', '2026-10-09 11:05'])
cleanup.push(() => server2.child.kill())
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
  // The page's own tick showed round 1 at 11:05 (a catch-up): confirming round 2 records it as
  // checked late, so only the due-today case is left on the bell.
  await page2.waitForFunction((sel) => document.querySelector(sel)?.textContent?.trim() === '1', t('reminder-badge'), { timeout: 10000 })
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
await run.step('reminders: the monthly report shows round 2 on time and round 1 checked late', async () => {
  await page2.click(t('nav-rounds'))
  await page2.waitForSelector(t('rounds-days'))
  await page2.waitForFunction((sel) => /\d/.test(document.querySelector(sel)?.textContent ?? ''), t('rounds-planned'), { timeout: 10000 })
  const planned = await page2.textContent(t('rounds-planned'))
  const tile = async (k) => (await page2.textContent(`${t(`rounds-${k}`)} .tile-value`)).trim()
  reportSummary = { on_time: await tile('on_time'), late: await tile('late'), missed: await tile('missed') }
  // The ledger began on 10/9 at 11:05 (#21 §9): October's four 10/8 rounds came before it and are
  // neither planned nor missed. 10/9: round 1, shown at 11:05, was checked with round 2 (late);
  // round 2 on time.
  assert(planned.includes('68') && JSON.stringify(reportSummary) === JSON.stringify({ on_time: '1', late: '1', missed: '0' }), `planned ${planned}: ${JSON.stringify(reportSummary)}`)
  const s2 = await page2.textContent(t('round-status-2026-10-09-2'))
  assert(s2.includes('按时'), s2)
  const s1 = await page2.textContent(t('round-status-2026-10-09-1'))
  assert(s1.includes('迟到'), s1)
  const day = await page2.locator(`${t('rounds-days')} tr`, { has: page2.locator(t('rounds-day-2026-10-09')) }).textContent()
  assert(/2026-10-09.*星期五\s*4\s*1\s*1\s*0\s*2\s*2/.test(day.replace(/\s+/g, ' ')), `day row: ${day}`)
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
  // The browser edition downloads the file: no server path to type (issue #20).
  assert(!(await page2.isVisible(t('rounds-export-path'))), 'the browser edition asks for a server path')
  const target = join(files, '查看记录-2026-10.xlsx')
  const [dl] = await Promise.all([page2.waitForEvent('download', { timeout: 15000 }), page2.click(t('rounds-export-run'))])
  assert(dl.suggestedFilename() === '查看记录-2026-10.xlsx', `download name: ${dl.suggestedFilename()}`)
  await dl.saveAs(target)
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
  assert(JSON.stringify(day) === JSON.stringify(['2026-10-09', '4', '1', '1', '0', '2', '2']), `summary row: ${JSON.stringify(day)}`)
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

}
