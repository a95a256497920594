// Shared by the browser and desktop end-to-end runs: start `xinfang serve` on a temp
// ledger, a tiny step runner that prints a plain "N passed, N failed" summary.

import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export function tempDir(prefix) {
  return mkdtempSync(join(tmpdir(), prefix))
}

/**
 * Begins a ledger at an earlier clock with the command line: the unit's two leaders, entered
 * at `at`. "2+2" records start with the ledger's first entry, so a test that wants this
 * morning's rounds missed or caught up needs a ledger that existed this morning.
 */
export function beginLedger(bin, db, unit, at) {
  const cli = (...args) => {
    const r = spawnSync(bin, ['--db', db, '--now', at, ...args], { encoding: 'utf8', env: { ...process.env, XINFANG_ACTOR: 'e2e' } })
    if (r.status !== 0) throw new Error(`xinfang ${args.join(' ')}: ${r.stderr}`)
  }
  cli('init')
  cli('unit', 'add-leader', unit, '--name', '王分管', '--role', 'supervising_leader')
  cli('unit', 'add-leader', unit, '--name', '李局长', '--role', 'principal_leader')
}

/** Starts `xinfang serve`; resolves with { url, base, token, child } once it prints its address. */
export function startServer(bin, db, ui, extraArgs = [], extraEnv = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, ['--db', db, ...extraArgs, 'serve', '--ui', ui], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, XINFANG_ACTOR: 'e2e', ...extraEnv },
    })
    let out = ''
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${out}`)), 15000)
    child.stdout.on('data', (d) => {
      out += d
      const m = out.match(/http:\/\/127\.0\.0\.1:(\d+)\/\?token=([0-9a-f]+)/)
      if (m) {
        clearTimeout(timer)
        resolve({ url: m[0], base: `http://127.0.0.1:${m[1]}`, token: m[2], child })
      }
    })
    child.stderr.on('data', (d) => (out += d))
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${out}`)))
  })
}

export class Runner {
  /** `afterEach` runs after every step, passed or failed (e.g. to close stray tabs). */
  constructor(name, { afterEach } = {}) {
    this.name = name
    this.passed = 0
    this.failed = 0
    this.afterEach = afterEach
  }

  async step(title, fn) {
    const t0 = Date.now()
    try {
      await fn()
      this.passed++
      console.log(`  ok   ${title} (${Date.now() - t0} ms)`)
    } catch (e) {
      this.failed++
      console.log(`  FAIL ${title}\n       ${String(e?.stack ?? e).split('\n').slice(0, 4).join('\n       ')}`)
    }
    await this.afterEach?.()
  }

  finish() {
    console.log(`${this.name}: ${this.passed} passed, ${this.failed} failed`)
    return this.failed === 0 && this.passed > 0
  }
}

export function assert(cond, message) {
  if (!cond) throw new Error(message)
}
