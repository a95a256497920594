// Browser end-to-end: backup and restore, the audit chain, and the app lock.
// The steps run in order on the page and ledger that ../browser.mjs sets up; the body is
// kept flush left so template literals (the Python xlsx reader) keep their text.
import { spawnSync } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { assert, startServer } from '../harness.mjs'
import { CHEN_QI, LI_SI, WANG_WU, ZHANG_SAN } from '../personal-data.mjs'

export default async function steps({ bin, ui, shots, UNIT, work, db, fakeBin, opened, files, server, browser, page, pageErrors, t, settle, clearToasts, shot, fillInput, pickDate, api, newCase, act, fillInputOn, run, cleanup }) {
await run.step('设置 → 备份与核对: back up now, list, verify the audit chain, restore with confirmation', async () => {
  await page.click(t('nav-settings'))
  await page.click(t('tab-backup'))
  await page.waitForSelector(t('settings-backup'))
  await page.waitForFunction((sel) => document.querySelector(sel)?.textContent?.trim() !== '—', t('backup-last'), { timeout: 10000 })
  const before = await page.locator(`${t('backup-list')} .el-table__body tr`).count()
  await page.click(t('backup-now'))
  await page.waitForFunction(([sel, n]) => document.querySelectorAll(`${sel} .el-table__body tr`).length > n, [t('backup-list'), before], { timeout: 20000 })
  assert(await page.locator('.el-message--success').first().textContent().then((x) => x.includes('已备份')), 'no 已备份 message')
  await page.click(t('audit-verify'))
  await page.waitForSelector(t('audit-result'))
  const verdict = await page.locator(t('audit-result')).textContent()
  assert(verdict.includes('审计记录完整'), `audit verify says: ${verdict}`)
  // The browser edition can also download a backup as a .zip (issue #20).
  const [bdl] = await Promise.all([page.waitForEvent('download', { timeout: 30000 }), page.click(t('backup-download'))])
  const bzip = join(work, 'backup.zip')
  await bdl.saveAs(bzip)
  const listing = spawnSync('unzip', ['-l', bzip], { encoding: 'utf8' })
  assert(listing.status === 0 && listing.stdout.includes('manifest.json') && listing.stdout.includes('ledger.db'), listing.stdout)
  await clearToasts()
  await settle()
  await shot('21-settings-backup')
  // Restore the newest backup: a confirmation first; cancelling leaves everything as it was.
  const first = page.locator(`${t('backup-list')} .el-table__body tr`).first().locator('button')
  await first.click()
  const box = page.locator('.el-message-box')
  await box.waitFor({ state: 'visible' })
  assert((await box.textContent()).includes('先把当前台账另存为一份备份'), 'restore confirmation text')
  await box.locator('.el-button--primary').last().click()
  await page.waitForFunction(() => [...document.querySelectorAll('.el-message--success')].some((m) => m.textContent.includes('已恢复')), null, { timeout: 20000 })
  const status = await api('backup_status', {})
  assert(status.status === 200 && status.body.stale === false, `backup status after restore: ${JSON.stringify(status.body)}`)
})

await run.step('app lock: a password, Ctrl+L locks window and API, the lock screen unlocks', async () => {
  const PW = 'e2e密码123'
  await page.click(t('nav-settings'))
  await page.waitForSelector(t('settings'))
  await page.click(t('tab-security'))
  await page.waitForSelector(t('settings-security'))
  await fillInput('sec-new', PW)
  await fillInput('sec-confirm', PW)
  await page.click(t('sec-save'))
  await page.waitForSelector(t('lock-now'))
  await settle()
  await shot('settings-security')
  await page.click('.page-head')
  await page.keyboard.press('Control+l')
  await page.waitForSelector(t('lock-screen'), { state: 'visible' })
  // Enforced by the core, not only the screen: the API refuses too.
  const refused = await api('case_list', {})
  assert(refused.status === 400 && refused.body.code === 'locked', `locked API answered ${JSON.stringify(refused)}`)
  assert(refused.body.message.includes('工作台已锁定'), refused.body.message)
  await fillInput('unlock-password', '不对的密码')
  await page.click(t('unlock-submit'))
  await page.waitForFunction((sel) => document.querySelector(sel)?.textContent?.includes('密码不正确'), t('unlock-error'), { timeout: 10000 })
  await settle()
  await shot('lock-screen')
  await fillInput('unlock-password', PW)
  await page.click(t('unlock-submit'))
  await page.waitForSelector(t('lock-screen'), { state: 'hidden' })
  const open = await api('case_list', {})
  assert(open.status === 200 && open.body.total > 0, `after unlock: ${JSON.stringify(open).slice(0, 200)}`)
  await page.click(t('nav-ledger'))
  await page.waitForSelector(t('nav-ledger') + '.active')
})

}
