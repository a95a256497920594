// One shared reminder state for the header bell, the 工作台 list and the confirm dialog.
// It reads `reminder_inbox` (read-only: the shell's loop records delivery) every 30 s, at
// once when the shell says something became due (`reminders` event), and after a confirmation.
// The shell's events also open the confirm dialog (tray "现在查看一轮", a round notification
// clicked) or a view (an alert notification clicked).

import { ref } from 'vue'
import type { Router } from 'vue-router'
import { call, inTauri } from '../api'
import { deliver } from './browserNotify'
import type { Inbox } from './reminders'

export const inbox = ref<Inbox | null>(null)
export const inboxError = ref<string | null>(null)
/** The confirm dialog ("已查看，新增 N 件待签收") is open. */
export const confirmOpen = ref(false)
/** Notifications the OS refused on the last delivery (shown in the list: never a silent miss). */
export const notificationErrors = ref<string[]>([])

const POLL_MS = 30_000
/** The browser edition's reminder tick: the desktop shell's loop wakes at most 15 s apart too. */
const TICK_MS = 15_000
let timer: ReturnType<typeof setInterval> | null = null
let ticker: ReturnType<typeof setInterval> | null = null
let started = false

export async function refreshInbox(): Promise<Inbox | null> {
  try {
    inbox.value = await call('reminder_inbox')
    inboxError.value = null
  } catch (e) {
    inboxError.value = (e as Error).message
  }
  return inbox.value
}

export function openConfirm() {
  confirmOpen.value = true
}

/** A navigation request from the shell: `round` opens the confirm dialog, else a route. */
export function handleNavigate(target: unknown, router: Router) {
  if (target === 'round' || target === 'check-round') {
    openConfirm()
    return
  }
  if (typeof target === 'string' && target.startsWith('/')) router.push(target)
}

/** Starts polling and, in the desktop app, listens to the shell's events. Idempotent. */
export async function startReminders(router: Router) {
  if (started) return
  started = true
  await refreshInbox()
  timer = setInterval(refreshInbox, POLL_MS)
  document.addEventListener('visibilitychange', () => {
    if (!document.hidden) refreshInbox()
  })
  if (!inTauri()) {
    // No shell here: the page runs the tick that records and delivers what became due.
    const tick = async () => {
      try {
        const p = await call('rounds_pending', {})
        if (deliver(p, (target) => handleNavigate(target, router)) !== 'nothing' || p.rounds.length) refreshInbox()
      } catch {
        // A locked or stopped server: the inbox poll shows why.
      }
    }
    await tick()
    ticker = setInterval(tick, TICK_MS)
    return
  }
  try {
    const { listen } = await import('@tauri-apps/api/event')
    await listen<{ notification_errors?: string[] }>('reminders', (e) => {
      notificationErrors.value = e.payload?.notification_errors ?? []
      refreshInbox()
    })
    await listen('check-round', () => {
      refreshInbox()
      openConfirm()
    })
    await listen<string>('navigate', (e) => handleNavigate(e.payload, router))
  } catch {
    // Outside the shell's event system the polling alone keeps the list current.
  }
}

export function stopReminders() {
  if (timer) clearInterval(timer)
  if (ticker) clearInterval(ticker)
  timer = null
  ticker = null
  started = false
}
