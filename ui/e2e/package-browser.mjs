// Install test of the browser edition (scripts/package/test-browser.sh): the installed
// `xinfang serve --open` as the menu entry runs it, Debian's Chromium as the clerk's browser.
// The "default browser" is a stand-in (XINFANG_BROWSER) that records the address it is asked
// to open; Chromium then opens that address. Checks: a usable page (cold start measured from
// the launch), the bare address after load, a second launch only reopens the page, a restart
// keeps the address and the bookmark (cookie) working, a wrong or reset token gets the one
// reopen page, 退出 stops the server.
//
// env: XF_CMD (the menu entry's command, e.g. "xinfang serve --open"), XF_HOME (throwaway HOME)

import { chromium } from 'playwright-core'
import { spawn } from 'node:child_process'
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Runner, assert, tempDir } from './harness.mjs'

const home = process.env.XF_HOME
const cmd = (process.env.XF_CMD ?? 'xinfang serve --open').split(' ')
if (!home) throw new Error('XF_HOME is not set')
const work = tempDir('xinfang-pkg-browser-')
const opened = join(work, 'opened.txt')
const recorder = join(work, 'browser.sh')
writeFileSync(recorder, `#!/bin/sh\necho "$1" >> '${opened}'\n`)
chmodSync(recorder, 0o755)
const env = { PATH: '/usr/bin:/bin', HOME: home, LANG: 'C.UTF-8', XINFANG_BROWSER: recorder }
const ledger = join(home, '.local/share/xinfang-desk/ledger.db')
const REOPEN = '请从开始菜单重新打开信访工作台'

const openedUrls = () => (existsSync(opened) ? readFileSync(opened, 'utf8').trim().split('\n').filter(Boolean) : [])
const sleep = (ms) => new Promise((r) => setTimeout(r, ms))
async function waitFor(fn, ms, what) {
  const until = Date.now() + ms
  for (;;) {
    const v = fn()
    if (v) return v
    if (Date.now() > until) throw new Error(`timed out: ${what}`)
    await sleep(20)
  }
}
/** Launches the menu command; resolves with the child and the address it asked to open. */
async function launch(extra = []) {
  const before = openedUrls().length
  const child = spawn(cmd[0], [...cmd.slice(1), ...extra], { env, stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  child.stdout.on('data', (d) => (out += d))
  child.stderr.on('data', (d) => (out += d))
  child.exited = new Promise((r) => child.on('exit', (code) => r(code)))
  const url = await waitFor(() => openedUrls()[before], 20000, `the browser to be asked (${out})`)
  return { child, url, out: () => out, exited: child.exited }
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
})
const ctx = await browser.newContext({ viewport: { width: 1366, height: 860 }, locale: 'zh-CN' })
const page = await ctx.newPage()
const usable = (p) => p.waitForSelector('[data-test="wizard"], [data-test="today"]', { state: 'visible', timeout: 30000 })

const run = new Runner('browser edition install test')
let server
let firstUrl

await run.step('the menu command starts the server and the browser gets a usable page', async () => {
  const t0 = Date.now()
  server = await launch()
  firstUrl = server.url
  assert(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{32}$/.test(firstUrl), firstUrl)
  await page.goto(firstUrl)
  await usable(page)
  console.log(`       cold start to a usable page: ${Date.now() - t0} ms`)
  assert(existsSync(ledger), `no ledger at ${ledger}`)
  await waitFor(() => !page.url().includes('token='), 5000, `bare address, got ${page.url()}`)
  const port = new URL(firstUrl).port
  assert(Number(port) >= 20000 && Number(port) < 30000, `port ${port} is not the ledger's own`)
})

await run.step('the page fills in its first-run wizard through the API (the token works)', async () => {
  await page.locator('[data-test="wizard-clerk"] input, input[data-test="wizard-clerk"]').first().fill('王小红')
  await page.locator('[data-test="wizard-unit"] input, input[data-test="wizard-unit"]').first().fill('永川区某局')
  await page.locator('[data-test="wizard-agency-code"] input, input[data-test="wizard-agency-code"]').first().fill('永某信')
  await page.locator('[data-test="wizard-supervising"] input, input[data-test="wizard-supervising"]').first().fill('王分管')
  await page.locator('[data-test="wizard-principal"] input, input[data-test="wizard-principal"]').first().fill('李局长')
  await page.click('[data-test="wizard-submit"]')
  await page.waitForSelector('[data-test="wizard"]', { state: 'hidden' })
  await page.click('[data-test="nav-today"]')
  await page.waitForSelector('[data-test="today"]')
})

await run.step('a second launch on the same ledger only opens the page again', async () => {
  const t0 = Date.now()
  const second = await launch()
  const code = await second.exited
  assert(code === 0, `second launch exited with ${code}: ${second.out()}`)
  assert(second.url === firstUrl, `${second.url} != ${firstUrl}`)
  assert(server.child.exitCode === null, 'the first server stopped')
  console.log(`       second launch handed over in ${Date.now() - t0} ms`)
})

await run.step('after a restart the bookmarked bare address still works', async () => {
  server.child.kill('SIGINT')
  await server.exited
  const bare = new URL(firstUrl).origin + '/#/ledger'
  server = await launch()
  assert(server.url === firstUrl, `address changed: ${server.url} != ${firstUrl}`)
  const tab = await ctx.newPage()
  await tab.goto(bare)
  await tab.waitForSelector('[data-test="nav-today"]', { state: 'visible' })
  const text = await tab.textContent('body')
  assert(!text.includes(REOPEN), 'bookmark got the reopen page')
  await tab.click('[data-test="nav-today"]')
  await tab.waitForSelector('[data-test="today"]')
  await tab.close()
})

await run.step('a wrong token or no cookie gets the one reopen page', async () => {
  const stranger = await browser.newContext({ locale: 'zh-CN' })
  const origin = new URL(firstUrl).origin
  let p
  for (const addr of [`${origin}/?token=${'0'.repeat(32)}`, `${origin}/`, `${origin}/#/ledger`]) {
    // A fresh tab each time (a hash change alone would not load anything).
    p = await stranger.newPage()
    const resp = await p.goto(addr)
    assert(resp.status() === 401, `${addr}: status ${resp.status()}`)
    assert((await p.textContent('h1')) === REOPEN, `${addr}: ${await p.textContent('body')}`)
    assert((await p.locator('[data-test="nav-today"]').count()) === 0, 'half-built UI shown')
  }
  const api = await p.evaluate(async () => (await fetch('/api/today', { method: 'POST', body: '{}' })).status)
  assert(api === 401, `API without token: ${api}`)
  await stranger.close()
})

await run.step('a reset session turns the old bookmark into the reopen page', async () => {
  server.child.kill('SIGINT')
  await server.exited
  server = await launch(['--new-session'])
  assert(server.url !== firstUrl, 'token not renewed')
  const tab = await ctx.newPage()
  await tab.goto(new URL(firstUrl).origin + '/')
  assert((await tab.textContent('h1')) === REOPEN, await tab.textContent('body'))
  await tab.goto(server.url)
  await usable(tab)
  await page.close()
  await tab.click('[data-test="quit-server"]')
  await tab.click('.el-message-box .el-button--primary')
  await tab.waitForSelector('[data-test="server-stopped"]', { state: 'visible' })
  const code = await Promise.race([server.exited, sleep(5000).then(() => 'still running')])
  assert(code === 0, `server after 退出: ${code}`)
})

await browser.close()
process.exit(run.finish() ? 0 : 1)
