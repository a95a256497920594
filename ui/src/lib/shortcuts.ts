// The clerk's keyboard shortcuts: one table drives both the handler and the help dialog.

/** Sent after Alt+N navigates to the form, so an already open form focuses 信访件编号 too. */
export const NEW_CASE_EVENT = 'xinfang:new-case'

export type ShortcutAction = 'new_case' | 'focus_search' | 'round_done' | 'help' | 'lock'

export interface Shortcut {
  keys: string[]
  action: ShortcutAction
  label: string
}

export const SHORTCUTS: Shortcut[] = [
  { keys: ['Alt', 'N'], action: 'new_case', label: '登记新件' },
  { keys: ['/'], action: 'focus_search', label: '聚焦搜索框' },
  { keys: ['Ctrl', 'K'], action: 'focus_search', label: '聚焦搜索框' },
  { keys: ['Alt', 'R'], action: 'round_done', label: '已完成本轮查看' },
  { keys: ['?'], action: 'help', label: '显示快捷键帮助' },
  { keys: ['Ctrl', 'L'], action: 'lock', label: '锁定工作台（已设置密码时）' },
]

interface KeyLike {
  key: string
  code?: string
  altKey: boolean
  ctrlKey: boolean
  metaKey: boolean
  shiftKey: boolean
}

/** Which action a key press means; `typing` is true when focus is in a text field. */
export function matchShortcut(e: KeyLike, typing: boolean): ShortcutAction | null {
  const key = e.key.toLowerCase()
  const code = e.code ?? ''
  if (e.altKey && !e.ctrlKey && !e.metaKey && (key === 'n' || code === 'KeyN')) return 'new_case'
  if (e.altKey && !e.ctrlKey && !e.metaKey && (key === 'r' || code === 'KeyR')) return 'round_done'
  if ((e.ctrlKey || e.metaKey) && !e.altKey && key === 'k') return 'focus_search'
  if ((e.ctrlKey || e.metaKey) && !e.altKey && (key === 'l' || code === 'KeyL')) return 'lock'
  if (typing || e.altKey || e.ctrlKey || e.metaKey) return null
  if (key === '/') return 'focus_search'
  if (key === '?') return 'help'
  return null
}

export function isTypingTarget(t: EventTarget | null): boolean {
  if (!t || typeof (t as HTMLElement).tagName !== 'string') return false
  const el = t as HTMLElement
  const tag = el.tagName
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || el.isContentEditable
}
