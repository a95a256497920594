// Browser end-to-end: the browser edition's reminders (#20). On a ledger with a fixed clock
// (2026-10-09 11:05, a Friday) the page's own tick records the due rounds and shows the core's
// notices through Chromium's real Notification API when allowed; without permission it asks
// once in Chinese, and the title flashes while the page is not looked at.
import { join } from 'node:path'
import { assert, beginLedger, startServer } from '../harness.mjs'

export default async function steps({ bin, ui, UNIT, work, browser, pageErrors, t, shots, run, cleanup }) {
const NOW = ['--now', '2026-10-09 11:05']
const DUE = { case_no: 'E2E-N1', unit: UNIT, source: 'forwarded', sender: '永川区信访办', arrived_at: '2026-10-08 10:00', form: 'letter', petitioners: [{ name: '周八' }], demand: '要求维修路灯', purpose: 'claim' }

async function ledger(name) {
  // Begun at 08:00, so the 09:00 round is this ledger's to catch up at 11:05.
  beginLedger(bin, join(work, name), UNIT, '2026-10-09 08:00')
  const s = await startServer(bin, join(work, name), ui, NOW)
  cleanup.push(() => s.child.kill())
  for (const [cmd, args] of [['case_add', { case: DUE }]]) {
    const r = await fetch(`${s.base}/api/${cmd}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-xinfang-token': s.token },
      body: JSON.stringify(args),
    })
    assert(r.status === 200, `${cmd}: ${await r.text()}`)
  }
  return s
}

await run.step('browser notifications: the due rounds and the alert reach the clerk once, a click opens the round', async () => {
  const s = await ledger('notify-granted.db')
  const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' })
  cleanup.push(() => ctx.close().catch(() => {}))
  await ctx.grantPermissions(['notifications'], { origin: s.base })
  // Watch the real constructor: every notification the page shows is also listed here.
  await ctx.addInitScript(() => {
    const Real = window.Notification
    window.__notes = []
    window.Notification = class extends Real {
      constructor(title, opts) {
        super(title, opts)
        window.__notes.push({ title, body: opts?.body ?? '', note: this })
      }
      static get permission() { return Real.permission }
      static requestPermission(...a) { return Real.requestPermission(...a) }
    }
  })
  const p = await ctx.newPage()
  p.on('pageerror', (e) => pageErrors.push(String(e)))
  await p.goto(s.url)
  await p.waitForFunction(() => window.__notes.length >= 3, null, { timeout: 15000 })
  const notes = await p.evaluate(() => window.__notes.map(({ title, body }) => ({ title, body })))
  const titles = notes.map((n) => n.title)
  assert(titles.some((x) => x.includes('补提醒（09:00 已过）')), `caught-up round: ${titles}`)
  assert(titles.some((x) => x === '信访工作台：“2+2”查看'), `11:00 round: ${titles}`)
  const round = notes.find((n) => n.title === '信访工作台：“2+2”查看')
  assert(round.body.includes('第 2 次查看') && round.body.includes('重庆智能信访信息系统'), `round body: ${round.body}`)
  const alert = notes.find((n) => !n.title.includes('查看') && !n.title.includes('补提醒'))
  assert(alert && alert.body.includes('E2E-N1'), `alert: ${JSON.stringify(notes)}`)
  assert(!(await p.isVisible(t('notify-banner'))), 'the banner asks although notifications are allowed')
  await p.evaluate(() => window.__notes.find((n) => n.title.includes('“2+2”查看')).note.onclick())
  await p.waitForSelector(t('round-confirm-dialog'), { state: 'visible' })
  // Recorded in the ledger: a reload (or a second tab) does not show them again.
  await p.reload()
  await p.waitForSelector(t('today-reminders'))
  await p.waitForTimeout(2000)
  const again = await p.evaluate(() => window.__notes.length)
  assert(again === 0, `${again} notifications shown twice`)
})

await run.step('browser notifications: without permission the page asks once in Chinese and the title flashes', async () => {
  const s = await ledger('notify-ask.db')
  const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' })
  cleanup.push(() => ctx.close().catch(() => {}))
  // The clerk is in another window: the page is hidden and has no focus.
  await ctx.addInitScript(() => {
    Object.defineProperty(document, 'hidden', { get: () => true })
    document.hasFocus = () => false
  })
  const p = await ctx.newPage()
  p.on('pageerror', (e) => pageErrors.push(String(e)))
  await p.goto(s.url)
  const permission = await p.evaluate(() => Notification.permission)
  assert(permission === 'default', `permission: ${permission}`)
  await p.waitForSelector(t('notify-banner'), { state: 'visible' })
  const text = await p.textContent(t('notify-banner'))
  assert(text.includes('允许') && text.includes('固定'), `banner: ${text}`)
  await p.screenshot({ path: join(shots, 'browser-notify-banner.png') })
  await p.waitForFunction(() => document.title.startsWith('【提醒】'), null, { timeout: 10000 })
  const flashing = await p.title()
  assert(/补提醒|查看|期限/.test(flashing) && flashing.endsWith('信访工作台'), `title: ${flashing}`)
  await p.click(t('notify-later'))
  await p.waitForSelector(t('notify-banner'), { state: 'hidden' })
  await p.reload()
  await p.waitForSelector(t('today-reminders'))
  assert(!(await p.isVisible(t('notify-banner'))), 'asked again after 不用了')
})
}
