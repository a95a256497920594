// Browser end-to-end (issue #21, "Done when"): a clerk's first day replayed on a fresh ledger
// at 1366×768, then again at 1280×720 in a second browser context, with a pass at 125%
// scaling (deviceScaleFactor 1.25, the CSS viewport shrunk to match). 8 varied cases are
// registered and worked through every view; at each view and dialog the page is checked for
// §12 (dialog buttons on screen, no label stacked one character per line, toasts clear of the
// case number and the header buttons and closable), §13 (no code names or developer text),
// §15 (search by 热点问题/内容分类/责任科室/来源机关/文号), §16 (unsaved work kept from Back and
// F5, 继续登记 keeps 来源/来源机关, Alt+N focuses 信访件编号) and §17 (the wizard's clerk name
// is the audit actor; its 机关代字 numbers documents without asking). Screenshots go to SHOTS.
import { join } from 'node:path'
import { assert, startServer, tempDir } from '../harness.mjs'

const CLERK = '王小红'
const CODE = '永住建信'

// §13: what must not reach the clerk's screen. Each pattern names what it catches.
const CODE_NAMES = [
  [/\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b/g, 'code name (snake_case)'],
  [/\bxinfang\s+[a-z][a-z-]*/gi, 'CLI command'],
  [/(?:^|\s)--[a-z][a-z-]+/g, 'CLI option'],
  [/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/g, 'ISO timestamp'],
  [/argon2|\bm=\d+|SQLCipher/gi, 'crypto parameters'],
  [/N\s*§|§\s*[一二三四五六]/g, 'notice citation code'],
  [/[（(][a-z][a-z_]*[)）]/g, 'argument name in brackets'],
  [/\b(?:undefined|null|NaN|\[object Object\])\b/g, 'developer value'],
]
// Texts the clerk typed or chose may hold ASCII: file paths and names, the temp folders.
const ALLOWED = [/\S*\/\S+/g, /\S+\.(?:pdf|xlsx|xls|csv|ods|png|jpe?g|zip|db)\b/gi]

export function codeNamesIn(text) {
  let rest = text
  for (const a of ALLOWED) rest = rest.replace(a, ' ')
  const found = []
  for (const [re, what] of CODE_NAMES) for (const m of rest.matchAll(re)) found.push(`${what}: “${m[0].trim()}”`)
  return [...new Set(found)]
}

/** In the page: what breaks §12 on the screen as it is now. */
function layoutProblems() {
  const bad = []
  const shown = (el) => {
    const r = el.getBoundingClientRect()
    const cs = getComputedStyle(el)
    return r.width > 0 && r.height > 0 && cs.visibility !== 'hidden' && cs.display !== 'none'
  }
  for (const d of document.querySelectorAll('.el-dialog, .el-message-box, .el-drawer')) {
    if (!shown(d)) continue
    const title = d.querySelector('.el-dialog__title, .el-message-box__title, .el-drawer__title')?.textContent?.trim() ?? ''
    for (const b of d.querySelectorAll('.el-dialog__footer button, .el-message-box__btns button, .el-drawer__footer button')) {
      if (!shown(b)) continue
      const r = b.getBoundingClientRect()
      if (r.bottom > innerHeight + 1 || r.top < -1 || r.right > innerWidth + 1 || r.left < -1) {
        bad.push(`dialog “${title}”: button “${b.innerText.trim()}” is off screen (${Math.round(r.top)}–${Math.round(r.bottom)} of ${innerHeight})`)
      }
    }
  }
  // Every element that holds text of its own: labels, buttons, links, table cells, tags…
  for (const el of document.querySelectorAll('body *')) {
    if (![...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim())) continue
    if (el.closest('svg, script, style') || !shown(el)) continue
    const text = [...el.childNodes].filter((n) => n.nodeType === 3).map((n) => n.textContent).join('').trim()
    if ([...text].length < 2) continue
    const rects = []
    for (const n of el.childNodes) {
      if (n.nodeType !== 3 || !n.textContent.trim()) continue
      const range = document.createRange()
      range.selectNodeContents(n)
      rects.push(...[...range.getClientRects()].filter((r) => r.width > 0))
    }
    const tops = new Set(rects.map((r) => Math.round(r.top)))
    const fs = parseFloat(getComputedStyle(el).fontSize)
    const widest = Math.max(0, ...rects.map((r) => r.width))
    if (tops.size >= 2 && widest < fs * 1.6) bad.push(`“${text.replace(/\s+/g, '')}” stacks one character per line`)
  }
  const cover = [...document.querySelectorAll('[data-test="case-no"], header.top button, header.top .el-input, [data-test="header-unit"]')].filter(shown)
  for (const m of document.querySelectorAll('.el-message')) {
    if (!shown(m)) continue
    const r = m.getBoundingClientRect()
    for (const c of cover) {
      const o = c.getBoundingClientRect()
      if (r.left < o.right && r.right > o.left && r.top < o.bottom && r.bottom > o.top) {
        bad.push(`toast “${m.innerText.trim().slice(0, 30)}” covers “${c.innerText.trim() || c.getAttribute('data-test') || c.closest('[data-test]')?.getAttribute('data-test') || c.className}”`)
      }
    }
    if ([...m.innerText.trim()].length > 20 && !m.querySelector('.el-message__closeBtn')) bad.push(`long toast “${m.innerText.trim().slice(0, 30)}…” cannot be dismissed`)
  }
  return bad
}

/** 8 varied cases: sources, forms, purposes and the searched text fields all differ. */
function eightCases(prefix) {
  const p = (n) => `${prefix}-${String(n).padStart(3, '0')}`
  return [
    { no: p(1), source: 'forwarded', sender: '重庆市永川区信访办', form: 'letter', purpose: 'claim', name: '赵一民', phone: '13800000001', demand: '小区电梯长期故障，要求物业公司维修', hot: '电梯安全', category: '城乡建设', section: '物业监管科' },
    { no: p(2), source: 'forwarded', sender: '重庆市永川区信访办', form: 'online', purpose: 'claim', name: '钱二红', phone: '13800000002', demand: '要求补发拖欠的农民工工资', hot: '拖欠农民工工资', category: '劳动社保', section: '建筑市场科' },
    { no: p(3), source: 'assigned', sender: '永川区人民政府办公室', form: 'visit', purpose: 'suggestion', name: '孙三妹', phone: '13800000003', demand: '建议增设老旧小区充电桩', hot: '充电设施', category: '城乡建设', section: '城市更新科' },
    { no: p(4), source: 'direct', sender: '', form: 'phone', purpose: 'claim', name: '李四海', phone: '13800000004', demand: '反映施工噪声夜间扰民', hot: '噪声扰民', category: '环境保护', section: '质量安全科' },
    { no: p(5), source: 'supervised', sender: '重庆市信访办', form: 'letter', purpose: 'other', name: '周五洲', phone: '13800000005', demand: '询问公租房申请进度', hot: '公租房', category: '住房保障', section: '住房保障科' },
    { no: p(6), source: 'forwarded', sender: '重庆市永川区信访办', form: 'online', purpose: 'claim', name: '吴六顺', phone: '13800000006', demand: '房屋漏水，开发商拒绝维修', hot: '商品房质量', category: '城乡建设', section: '物业监管科' },
    { no: p(7), source: 'direct', sender: '', form: 'visit', purpose: 'suggestion', name: '郑七巧', phone: '13800000007', demand: '建议公开维修资金使用情况', hot: '维修资金', category: '城乡建设', section: '物业监管科' },
    { no: p(8), source: 'assigned', sender: '永川区人民政府办公室', form: 'letter', purpose: 'claim', name: '王八达', phone: '13800000008', demand: '要求处理违规占用消防通道问题', hot: '消防通道', category: '公共安全', section: '质量安全科' },
  ]
}

export default async function steps({ bin, ui, shots, UNIT, browser, run, cleanup }) {
  const work = tempDir('xinfang-replay-')
  // No XINFANG_ACTOR: the actor must come from the wizard's clerk name (§17).
  const server = await startServer(bin, join(work, 'ledger.db'), ui, [], { XINFANG_ACTOR: '' })
  cleanup.push(() => server.child.kill())
  const t = (id) => `[data-test="${id}"]`

  async function day(size, prefix, { wizard }) {
    const [w, h, scale] = size
    const tag = `${w}x${h}${scale > 1 ? '@125' : ''}`
    const context = await browser.newContext({ viewport: { width: w, height: h }, deviceScaleFactor: scale, locale: 'zh-CN' })
    const page = await context.newPage()
    const errors = []
    page.on('pageerror', (e) => errors.push(String(e)))
    const settle = () => page.waitForTimeout(450)
    const shot = (name) => page.screenshot({ path: join(shots, `replay-${tag}-${name}.png`) })
    const fill = (id, v) => page.locator(`input${t(id)}, textarea${t(id)}, ${t(id)} input, ${t(id)} textarea`).first().fill(v)
    const api = (command, args) => page.evaluate(async ([command, args]) => {
      const r = await fetch(`/api/${command}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-xinfang-token': sessionStorage.getItem('xinfang-token') ?? '' }, body: JSON.stringify(args) })
      return { status: r.status, body: await r.json() }
    }, [command, args])
    const problems = []
    /** §12 and §13 on what is on screen now. */
    async function look(where) {
      for (const p of await page.evaluate(layoutProblems)) problems.push(`${tag} ${where}: ${p}`)
      for (const p of codeNamesIn(await page.evaluate(() => document.body.innerText))) problems.push(`${tag} ${where}: ${p}`)
    }
    async function go(nav, ready) {
      await page.click(t(`nav-${nav}`))
      await page.waitForSelector(t(ready))
      await settle()
    }

    await run.step(`${tag}: the first-run wizard asks for the clerk and the 机关代字`, async () => {
      await page.goto(server.url)
      if (!wizard) {
        await page.waitForSelector(t('today'))
        return
      }
      await page.waitForSelector(t('wizard'), { state: 'visible' })
      await settle()
      await look('first-run wizard')
      await shot('00-wizard')
      await fill('wizard-clerk', CLERK)
      await fill('wizard-unit', UNIT)
      await fill('wizard-agency-code', CODE)
      await fill('wizard-supervising', '王分管')
      await fill('wizard-principal', '李局长')
      await page.click(t('wizard-submit'))
      await page.waitForSelector(t('wizard'), { state: 'hidden' })
      const p = await api('clerk_profile_get', {})
      assert(p.body.clerk_name === CLERK && p.body.agency_code === CODE, JSON.stringify(p.body))
    })

    const cases = eightCases(prefix)
    await run.step(`${tag}: 8 cases registered; 继续登记 keeps 来源 and 来源机关; Alt+N focuses 信访件编号`, async () => {
      await go('ledger', 'ledger')
      await page.keyboard.press('Alt+N')
      await page.waitForSelector(t('case-form'))
      await page.waitForFunction(() => document.activeElement?.matches('input[data-test="f-case_no"], [data-test="f-case_no"] input'), null, { timeout: 5000 })
      for (const [i, k] of cases.entries()) {
        if (i > 0) {
          // 继续登记 from the last result kept the last case's 来源 and 来源机关.
          const prev = cases[i - 1]
          const source = await page.locator(`${t(`f-source-${prev.source}`)}.is-active, ${t(`f-source-${prev.source}`)} .is-active, ${t('f-source')} .is-active${t(`f-source-${prev.source}`)}`).count()
          assert(source === 1, `继续登记 lost 来源 ${prev.source}`)
          if (prev.source !== 'direct') {
            const sender = await page.locator(`input${t('f-sender')}, ${t('f-sender')} input`).first().inputValue()
            assert(sender === prev.sender, `继续登记 lost 来源机关: “${sender}”, expected “${prev.sender}”`)
          }
          assert(await page.evaluate(() => document.activeElement?.matches('input[data-test="f-case_no"], [data-test="f-case_no"] input')), '继续登记 does not focus 信访件编号')
        }
        await fill('f-case_no', k.no)
        const unit = page.locator(`${t('f-unit')} input`).first()
        if (!(await page.locator(`${t('f-unit')}`).textContent()).includes(UNIT) && !(await unit.inputValue()).includes(UNIT)) {
          await unit.click()
          await unit.fill(UNIT)
          await unit.press('Enter')
        }
        await page.click(t(`f-source-${k.source}`))
        if (k.source !== 'direct') await fill('f-sender', k.sender)
        await page.click(t(`f-form-${k.form}`))
        await fill('f-p-name-0', k.name)
        await fill('f-p-phone-0', k.phone)
        await fill('f-demand', k.demand)
        await page.click(t(`f-purpose-${k.purpose}`))
        await fill('f-category', k.category)
        await fill('f-hot_issue', k.hot)
        await fill('f-section', k.section)
        if (i === 0) {
          await look('登记新件 (filled)')
          await shot('01-case-form')
        }
        await page.click(t('case-save'))
        await page.waitForSelector(t('save-result'), { state: 'visible' })
        await settle()
        if (i === 0) {
          await look('登记结果')
          await shot('02-save-result')
        }
        if (i < cases.length - 1) {
          await page.click(t('save-another'))
          await page.waitForSelector(t('save-result'), { state: 'hidden' })
        }
      }
      await page.click(t('go-detail'))
      await page.waitForSelector(t('case-detail'))
      const h = await api('case_history', { case_no: cases[0].no })
      assert(h.status === 200 && h.body.length > 0 && h.body.every((e) => e.actor === CLERK), `audit actor: ${JSON.stringify(h.body.map((e) => e.actor))}`)
    })

    await run.step(`${tag}: unsaved registration is kept from browser Back and F5`, async () => {
      await go('today', 'today')
      await page.click(t('nav-new'))
      await page.waitForSelector(t('case-form'))
      await fill('f-case_no', `${prefix}-未保存`)
      await fill('f-demand', '尚未保存的诉求')
      await page.goBack()
      const box = page.locator('.el-message-box')
      await box.waitFor({ state: 'visible', timeout: 5000 })
      const text = await box.innerText()
      assert(text.includes('尚未保存'), `Back asks: ${text}`)
      await look('离开确认')
      assert(await box.locator('button', { hasText: '继续填写' }).isVisible(), 'no 继续填写 button')
      await page.keyboard.press('Escape') // = 继续填写: the guard keeps the page
      await box.waitFor({ state: 'hidden' })
      assert((await page.locator(`input${t('f-case_no')}, ${t('f-case_no')} input`).first().inputValue()) === `${prefix}-未保存`, 'Back lost the typed number')
      // F5: the browser's own beforeunload confirm; dismissing it keeps the page as it is.
      let asked = ''
      page.once('dialog', async (d) => {
        asked = d.type()
        await d.dismiss()
      })
      await page.reload({ timeout: 3000 }).catch(() => {})
      await settle()
      assert(asked === 'beforeunload', `F5 with unsaved work did not ask (dialog: ${asked || 'none'})`)
      assert((await page.locator(`input${t('f-case_no')}, ${t('f-case_no')} input`).first().inputValue()) === `${prefix}-未保存`, 'F5 lost the typed number')
      await page.click('text=清空')
      await go('today', 'today')
    })

    await run.step(`${tag}: cases worked — 签收, 办理方式, 文号 without asking for the 机关代字`, async () => {
      for (const k of cases.slice(0, 3)) {
        await page.goto(`${server.base}/#/case/${encodeURIComponent(k.no)}`)
        await page.waitForSelector(t('case-detail'))
        if (k.source !== 'direct' && (await page.locator(t('action-sign')).count())) {
          await page.click(t('action-sign'))
          await page.waitForSelector(t('dialog-sign'), { state: 'visible' })
          await settle()
          await look('签收 dialog')
          if (k === cases[0]) await shot('03-sign-dialog')
          await page.click(t('action-confirm'))
          await page.waitForSelector(t('dialog-sign'), { state: 'hidden' })
          await page.locator('.el-message').first().waitFor({ state: 'visible', timeout: 5000 }).catch(() => {})
          await look('签收 toast')
          if (k === cases[0]) await shot('04-sign-toast')
        }
        await page.click(t('action-decide'))
        await page.waitForSelector(t('dialog-decide'), { state: 'visible' })
        await page.click(t('method-petition_channel'))
        // A 申诉求决 case takes the petition channel once the statutory routes are ruled out (条例 §31).
        if (await page.locator(t('decide-routes')).count()) {
          for (const code of ['litigation', 'arbitration', 'party_appeal', 'administrative', 'statutory_duty']) await page.click(t(`route-${code}`))
        }
        await settle()
        await look('办理方式 dialog')
        if (k === cases[0]) await shot('05-decide-dialog')
        await page.click(t('action-confirm'))
        await page.waitForSelector(t('dialog-decide'), { state: 'hidden' })
        await settle()
      }
      const first = cases[0].no
      await page.goto(`${server.base}/#/case/${encodeURIComponent(first)}`)
      await page.waitForSelector(t('doc-allocate-handling_opinion'))
      await page.click(t('doc-allocate-handling_opinion'))
      await page.waitForSelector(t('doc-no-handling_opinion'), { timeout: 10000 })
      assert(!(await page.locator('.el-message-box').isVisible().catch(() => false)), '分配文号 asked for the 机关代字')
      const docNo = (await page.textContent(t('doc-no-handling_opinion'))).trim()
      assert(docNo.startsWith(CODE), docNo)
      await settle()
      await look('事项详情')
      await shot('06-case-detail')
      // Every action dialog the case offers opens with its buttons on screen.
      const keys = await page.$$eval('[data-test^="action-wrap-"]', (els) => els.map((e) => e.getAttribute('data-test').slice('action-wrap-'.length)))
      for (const key of keys) {
        const btn = page.locator(t(`action-${key}`))
        if (!(await btn.isEnabled().catch(() => false))) continue
        await btn.click()
        const dialog = page.locator(`${t(`dialog-${key}`)}, .el-message-box`).first()
        if (!(await dialog.waitFor({ state: 'visible', timeout: 2000 }).then(() => true, () => false))) continue
        await settle()
        await look(`dialog ${key}`)
        await shot(`07-dialog-${key}`)
        await page.keyboard.press('Escape')
        await dialog.waitFor({ state: 'hidden', timeout: 3000 }).catch(() => {})
        await settle()
      }
      // 修改登记信息: the longest form in a dialog.
      await page.click(t('action-edit'))
      await page.waitForSelector(t('dialog-edit'), { state: 'visible' })
      await settle()
      await look('修改登记信息 dialog')
      await shot('07-dialog-edit')
      await page.keyboard.press('Escape')
      await page.waitForSelector(t('dialog-edit'), { state: 'hidden' }).catch(() => {})
      await settle()
      global.__replayDocNo = docNo
    })

    await run.step(`${tag}: the search finds cases by 热点问题, 内容分类, 责任科室, 来源机关 and 文号`, async () => {
      const docNo = global.__replayDocNo
      for (const [q, want] of [[cases[1].hot, cases[1].no], ['住房保障', cases[4].no], ['城市更新科', cases[2].no], ['重庆市信访办', cases[4].no], [docNo, cases[0].no]]) {
        await page.fill(`${t('global-search')} input, input${t('global-search')}`, q)
        await page.press(`${t('global-search')} input, input${t('global-search')}`, 'Enter')
        await page.waitForSelector(t('ledger'))
        await page.waitForFunction(([no]) => document.querySelector('[data-test="ledger"]')?.innerText.includes(no), [want], { timeout: 5000 })
        const text = await page.innerText(t('ledger'))
        assert(text.includes(want), `search “${q}” did not find ${want}`)
      }
      await settle()
      await look('台账 (search)')
      await shot('08-ledger-search')
    })

    await run.step(`${tag}: every view and settings tab fits and speaks Chinese`, async () => {
      await page.fill(`${t('global-search')} input, input${t('global-search')}`, '')
      for (const [nav, ready] of [['today', 'today'], ['ledger', 'ledger'], ['dashboard', 'rate-value-timely_acceptance'], ['rounds', 'rounds-report'], ['settings', 'settings']]) {
        if (await page.locator(t(`nav-${nav}`)).count() === 0) continue
        await go(nav, ready).catch(async () => { await page.waitForTimeout(1000) })
        await look(`view ${nav}`)
        await shot(`09-view-${nav}`)
      }
      await go('ledger', 'ledger')
      for (const [open, dialog] of [['ledger-export', 'export-dialog'], ['ledger-import', 'import-dialog']]) {
        await page.click(t(open))
        await page.waitForSelector(t(dialog), { state: 'visible' })
        await settle()
        await look(`dialog ${dialog}`)
        await shot(`09-${dialog}`)
        await page.keyboard.press('Escape')
        await page.waitForSelector(t(dialog), { state: 'hidden' }).catch(() => {})
        await settle()
      }
      await go('settings', 'settings')
      const tabs = await page.$$eval('[data-test^="tab-"]', (els) => els.map((e) => e.getAttribute('data-test')))
      for (const tab of tabs) {
        await page.click(t(tab))
        await page.waitForTimeout(600)
        await look(`settings ${tab}`)
        await shot(`10-settings-${tab}`)
      }
      await page.click(t('shortcut-help-open'))
      await settle()
      await look('快捷键 dialog')
      await page.keyboard.press('Escape')
      await page.click(t('round-done'))
      await settle()
      await look('本轮查看 dialog')
      await shot('11-round-dialog')
      await page.keyboard.press('Escape')
      await settle()
    })

    await run.step(`${tag}: the core's error messages name no code`, async () => {
      const calls = [
        ['doc_no_allocate', { prefix: CODE }],
        ['doc_no_allocate', { case_no: cases[0].no }],
        ['case_show', { case_no: '没有这件' }],
        ['case_add', { case: { case_no: '' } }],
        ['case_decide', { case_no: cases[3].no, method: '存', at: '2026-10-08 11:00' }],
        ['case_update', { case_no: cases[3].no, changes: { people_count: 'abc' } }],
        ['case_sign', { case_no: cases[0].no, at: '2026-13-40 25:00' }],
        ['clerk_profile_set', { clerk_name: '王\n小红' }],
        ['leader_add', { unit: '', name: '', role: 'nobody' }],
      ]
      for (const [command, args] of calls) {
        const r = await api(command, args)
        assert(r.status >= 400, `${command} ${JSON.stringify(args)} did not fail`)
        for (const p of codeNamesIn(r.body.message ?? '')) problems.push(`${tag} error of ${command}: ${p} in “${r.body.message}”`)
      }
    })

    await run.step(`${tag}: no layout or code-name problem on any screen`, async () => {
      // The runner prints only a failure's first lines: list them all here.
      for (const p of new Set(problems)) console.log(`       ${p}`)
      assert(problems.length === 0, `${new Set(problems).size} problems (listed above)`)
      assert(errors.length === 0, errors.join('\n'))
    })
    await context.close()
  }

  await day([1366, 768, 1], 'YC', { wizard: true })
  await day([1280, 720, 1], 'YD', { wizard: false })
  // 125% Windows scaling on a 1366×768 screen: 1093×614 CSS pixels, 1.25 device pixels each.
  await day([1093, 614, 1.25], 'YE', { wizard: false })
}
