// The browser edition's reminders (issue #20): the desktop shell runs the reminder loop and
// shows OS notifications; in the browser the page runs the same tick (`rounds_pending`, which
// records what it returns, so nothing fires twice) and shows the core's notices through the
// browser's Notification API. Without permission the tab's title and icon flash instead,
// until the clerk looks at the page.

import type { Notice, Pending } from '../gen/contract'

export type NotifyPermission = 'granted' | 'denied' | 'default' | 'unsupported'

const ASKED_KEY = 'xinfang-notify-asked'

export function permission(): NotifyPermission {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission
}

/** The banner that explains and asks is shown until the clerk answers it once. */
export function shouldAsk(storage: Storage = localStorage): boolean {
  return permission() === 'default' && !storage.getItem(ASKED_KEY)
}

/** The clerk's answer to the banner: 开启提醒 asks the browser (a click, as browsers require). */
export async function answer(enable: boolean, storage: Storage = localStorage): Promise<NotifyPermission> {
  storage.setItem(ASKED_KEY, new Date().toISOString())
  if (!enable || permission() !== 'default') return permission()
  try {
    return await Notification.requestPermission()
  } catch {
    return permission()
  }
}

/** Shows each notice; returns how many the browser took. `open` handles a click's target. */
export function show(notices: Notice[], open: (target: string) => void): number {
  if (permission() !== 'granted') return 0
  let shown = 0
  for (const n of notices) {
    try {
      // One tag per target: a second notice for the same view replaces the first.
      const note = new Notification(n.summary, { body: n.body, tag: `xinfang:${n.target}`, requireInteraction: true })
      note.onclick = () => {
        window.focus()
        open(n.target)
        note.close()
      }
      shown++
    } catch {
      // Some browsers allow notifications only from a service worker: the title flashes instead.
    }
  }
  return shown
}

let flashing: ReturnType<typeof setInterval> | null = null
let savedIcon: string | null = null
const FLAG = '【提醒】'
/** The page's own title (the router may change it while the tab flashes). */
const baseTitle = () => (document.title.startsWith(FLAG) ? document.title.slice(document.title.indexOf(' · ') + 3) : document.title)

/** A red dot over a white tile: the tab's icon while something waits to be seen. */
function alertIcon(): string {
  return 'data:image/svg+xml,' + encodeURIComponent(
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#c0392b"/>' +
      '<text x="16" y="23" font-size="20" text-anchor="middle" fill="#fff">!</text></svg>')
}

function iconLink(): HTMLLinkElement {
  let link = document.querySelector<HTMLLinkElement>('link[rel~="icon"]')
  if (!link) {
    link = document.createElement('link')
    link.rel = 'icon'
    document.head.appendChild(link)
  }
  return link
}

/** Flashes the tab's title ("【提醒】…") and icon until the page is looked at. */
export function flashTitle(text: string) {
  stopFlash()
  const link = iconLink()
  savedIcon = link.getAttribute('href')
  let on = false
  let base = baseTitle()
  flashing = setInterval(() => {
    on = !on
    if (on) base = baseTitle()
    document.title = on ? `${FLAG}${text} · ${base}` : base
    link.href = on ? alertIcon() : (savedIcon ?? '')
  }, 1000)
  const seen = () => {
    if (document.hidden) return
    stopFlash()
    document.removeEventListener('visibilitychange', seen)
    window.removeEventListener('focus', seen)
  }
  document.addEventListener('visibilitychange', seen)
  window.addEventListener('focus', seen)
}

export function stopFlash() {
  if (!flashing) return
  clearInterval(flashing)
  flashing = null
  document.title = baseTitle()
  if (savedIcon !== null) iconLink().href = savedIcon
}

export function isFlashing(): boolean {
  return flashing !== null
}

/**
 * Delivers what a tick returned: notifications when allowed, else (or when the browser took
 * none) a flashing title while the page is not being looked at.
 */
export function deliver(p: Pending, open: (target: string) => void): 'notified' | 'flashed' | 'nothing' {
  if (!p.notices.length) return 'nothing'
  if (show(p.notices, open) > 0) return 'notified'
  if (document.hidden || !document.hasFocus()) {
    flashTitle(p.notices[0].summary.replace(/^信访工作台：/, ''))
    return 'flashed'
  }
  return 'nothing'
}
