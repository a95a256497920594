// Greps every log file written during the end-to-end runs for the petitioners' names, ID
// numbers, phones, addresses and petition texts (personal-data.mjs). Fails on any hit, and
// also when a folder holds no log at all (a check that cannot fail proves nothing).
//
// node e2e/logcheck.mjs DIR...

import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { SECRETS } from './personal-data.mjs'

function files(dir) {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n)
    return statSync(p).isDirectory() ? files(p) : [p]
  })
}

const dirs = process.argv.slice(2)
if (dirs.length === 0) throw new Error('usage: node e2e/logcheck.mjs DIR...')
let failed = 0
let lines = 0
for (const dir of dirs) {
  const logs = files(dir)
  const text = logs.map((f) => readFileSync(f, 'utf8')).join('\n')
  const commands = (text.match(/command="/g) ?? []).length
  lines += text.split('\n').length
  if (logs.length === 0 || commands === 0) {
    console.log(`✗ ${dir}: no log with commands was written (${logs.length} files)`)
    failed++
    continue
  }
  for (const f of logs) {
    readFileSync(f, 'utf8').split('\n').forEach((line, i) => {
      for (const s of SECRETS) {
        if (line.includes(s)) {
          console.log(`✗ ${f}:${i + 1} contains personal data (${s.length} chars starting "${s.slice(0, 1)}…")`)
          failed++
        }
      }
    })
  }
  console.log(`${dir}: ${logs.length} file(s), ${commands} command lines checked against ${SECRETS.length} strings`)
}
console.log(`log privacy check: ${failed === 0 ? 'passed' : `${failed} problem(s)`} (${lines} lines)`)
process.exit(failed === 0 ? 0 : 1)
