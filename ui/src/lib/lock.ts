// The app lock as the UI sees it. The core enforces it (every command but lock_status /
// unlock / lock is refused while locked); the UI only mirrors the state, reports activity
// and shows the lock screen.

import { reactive } from 'vue'
import { call } from '../api'

export interface LockStatus {
  locked: boolean
  has_password: boolean
  encrypted: boolean
  idle_minutes: number
  retry_after_seconds: number
  argon2: string
}

export const lock = reactive<LockStatus>({
  locked: false,
  has_password: false,
  encrypted: false,
  idle_minutes: 10,
  retry_after_seconds: 0,
  argon2: '',
})

export function apply(s: LockStatus) {
  Object.assign(lock, s)
}

export async function refreshLock(): Promise<LockStatus> {
  const s = await call<LockStatus>('lock_status')
  apply(s)
  return s
}

/** At most one `activity` call per interval: every other command already counts. */
export function activityReporter(send: () => Promise<unknown>, intervalMs = 60_000, now: () => number = Date.now) {
  let last = -Infinity
  return () => {
    const t = now()
    if (t - last < intervalMs) return false
    last = t
    send().catch(() => {})
    return true
  }
}
