// Server time of the ledger page (newest 50 of all cases + total) over a large ledger, read
// from the Server-Timing header of `xinfang serve`. Build a 100k ledger first with
//   XINFANG_BENCH_DB=/tmp/bench.db cargo bench --bench core
// then: XINFANG_BIN=... node e2e/measure-serve.mjs /tmp/bench.db
import { startServer } from './harness.mjs'

const db = process.argv[2]
const server = await startServer(process.env.XINFANG_BIN, db, process.env.XINFANG_UI ?? 'dist')
const times = []
for (const filter of [{ limit: 50 }, { limit: 50, offset: 5000 }, { limit: 50, overdue: true }, { limit: 50, search: '工资' }]) {
  for (let i = 0; i < 10; i++) {
    const r = await fetch(`${server.base}/api/case_list`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-xinfang-token': server.token },
      body: JSON.stringify(filter),
    })
    const body = await r.json()
    const dur = Number(/dur=([\d.]+)/.exec(r.headers.get('server-timing') ?? '')?.[1])
    times.push({ filter: JSON.stringify(filter), dur, total: body.total })
  }
}
server.child.kill()
const byFilter = {}
for (const t of times) (byFilter[t.filter] ??= []).push(t)
for (const [f, ts] of Object.entries(byFilter)) {
  const d = ts.map((t) => t.dur).sort((a, b) => a - b)
  console.log(`${f}: median ${d[Math.floor(d.length / 2)].toFixed(1)} ms, max ${d[d.length - 1].toFixed(1)} ms (total ${ts[0].total})`)
}
