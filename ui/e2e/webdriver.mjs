// A minimal W3C WebDriver client (fetch only): enough to drive the real desktop window
// through tauri-driver without pulling a WebDriver library into the project.

const ELEMENT = 'element-6066-11e4-a52e-4f735466cecc'

export class Session {
  constructor(base, id) {
    this.base = base
    this.id = id
  }

  static async create(base, capabilities) {
    const r = await req(base, 'POST', '/session', { capabilities: { alwaysMatch: capabilities } })
    return new Session(base, r.sessionId)
  }

  cmd(method, path, body) {
    return req(this.base, method, `/session/${this.id}${path}`, body)
  }

  async find(css) {
    const r = await this.cmd('POST', '/element', { using: 'css selector', value: css })
    return elementId(r)
  }

  async findAll(css) {
    const r = await this.cmd('POST', '/elements', { using: 'css selector', value: css })
    return r.map(elementId)
  }

  /** Waits until `css` matches a displayed element; returns it. */
  async waitFor(css, timeoutMs = 15000) {
    const until = Date.now() + timeoutMs
    let last
    while (Date.now() < until) {
      try {
        const el = await this.find(css)
        const shown = await this.cmd('GET', `/element/${el}/displayed`)
        if (shown) return el
      } catch (e) {
        last = e
      }
      await sleep(100)
    }
    throw new Error(`timed out waiting for ${css}: ${last?.message ?? 'not displayed'}`)
  }

  /** Clicks `el`; while a closing popper or toast still covers it ("element click
   *  intercepted"), retries for up to 3 s instead of failing on an animation. */
  async click(el) {
    const until = Date.now() + 3000
    for (;;) {
      try {
        return await this.cmd('POST', `/element/${el}/click`, {})
      } catch (e) {
        if (!String(e?.message).includes('intercepted') || Date.now() > until) throw e
        await sleep(150)
      }
    }
  }

  type(el, text) {
    return this.cmd('POST', `/element/${el}/value`, { text })
  }

  text(el) {
    return this.cmd('GET', `/element/${el}/text`)
  }

  exec(script, args = []) {
    return this.cmd('POST', '/execute/sync', { script, args })
  }

  async screenshot(file) {
    const { writeFile } = await import('node:fs/promises')
    const b64 = await this.cmd('GET', '/screenshot')
    await writeFile(file, Buffer.from(b64, 'base64'))
  }

  close() {
    return req(this.base, 'DELETE', `/session/${this.id}`)
  }
}

/** W3C key, or the legacy one some drivers still send. */
function elementId(ref) {
  const id = ref?.[ELEMENT] ?? ref?.ELEMENT ?? Object.values(ref ?? {})[0]
  if (!id) throw new Error(`no element reference in ${JSON.stringify(ref)}`)
  return id
}

export function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms))
}

async function req(base, method, path, body) {
  const resp = await fetch(base + path, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const json = await resp.json().catch(() => ({}))
  if (!resp.ok || json.value?.error) {
    throw new Error(`${method} ${path}: ${json.value?.error ?? resp.status} ${json.value?.message ?? ''}`)
  }
  return json.value
}
