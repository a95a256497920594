import { describe, expect, it } from 'vitest'
import { activityReporter } from './lock'

describe('activity reporter', () => {
  it('sends at most once per interval', () => {
    let t = 0
    let sent = 0
    const report = activityReporter(async () => { sent++ }, 60_000, () => t)
    expect(report()).toBe(true)
    t = 30_000
    expect(report()).toBe(false)
    t = 60_000
    expect(report()).toBe(true)
    expect(sent).toBe(2)
  })
})
