// The UI's one door to the core: every action is `call(command, args)`, one of the names in
// src/api/dispatch.rs (COMMANDS). In the desktop app it goes through Tauri's invoke; in a
// browser (`xinfang serve`) it is POST /api/<command> with the per-run token.

import type { CommandName, Commands } from './gen/contract'

export class ApiError extends Error {
  code: string
  constructor(code: string, message: string) {
    super(message)
    this.code = code
  }
}

type Transport = (command: string, args: unknown) => Promise<unknown>

export function inTauri(): boolean {
  return typeof window !== 'undefined' && '__TAURI_INTERNALS__' in window
}

/** The token from `?token=`, or from the `<meta name="xinfang-token">` the server puts in the
 *  page it hands to a holder of its cookie (a bookmark of the bare address); kept for the
 *  session so reloads and hash routes keep working. */
export function serverToken(): string {
  const fromUrl = new URLSearchParams(window.location.search).get('token')
  if (fromUrl) {
    sessionStorage.setItem('xinfang-token', fromUrl)
    return fromUrl
  }
  const meta = typeof document === 'undefined' ? null : document.querySelector('meta[name="xinfang-token"]')
  const fromPage = meta?.getAttribute('content')
  if (fromPage) {
    sessionStorage.setItem('xinfang-token', fromPage)
    return fromPage
  }
  return sessionStorage.getItem('xinfang-token') ?? ''
}

/** Browser edition: once the token is kept, show the bare address (what a bookmark or pinned
 *  tab should hold; the server's cookie then lets it in across restarts). */
export function tidyAddress(): void {
  if (inTauri() || typeof history === 'undefined') return
  const url = new URL(window.location.href)
  if (!url.searchParams.has('token')) return
  serverToken()
  url.searchParams.delete('token')
  history.replaceState(history.state, '', url.pathname + url.search + url.hash)
}

/** 退出 in the browser edition: stops `xinfang serve`. */
export async function quitServer(): Promise<void> {
  await fetch('/__xinfang/quit', { method: 'POST', headers: { 'x-xinfang-token': serverToken() } })
}

const viaTauri: Transport = async (command, args) => {
  const { invoke } = await import('@tauri-apps/api/core')
  try {
    return await invoke('call', { command, args })
  } catch (e) {
    const p = e as { code?: string; message?: string }
    throw new ApiError(p.code ?? 'internal', p.message ?? String(e))
  }
}

const viaHttp: Transport = async (command, args) => {
  let resp: Response
  try {
    resp = await fetch(`/api/${encodeURIComponent(command)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-xinfang-token': serverToken() },
      body: JSON.stringify(args ?? {}),
    })
  } catch {
    throw new ApiError('offline', '无法连接信访工作台服务，请确认程序仍在运行。')
  }
  const body = await resp.json().catch(() => ({ code: 'internal', message: '服务返回了无法识别的内容。' }))
  // A token the (restarted) server no longer knows: reload the bare address, which shows the
  // one "reopen from the start menu" page instead of a half-built UI with error toasts.
  if (resp.status === 401 && typeof window.location?.replace === 'function') window.location.replace('/')
  if (!resp.ok) throw new ApiError(body.code ?? 'internal', body.message ?? '操作失败。')
  return body
}

export function pickTransport(tauri: boolean): Transport {
  return tauri ? viaTauri : viaHttp
}

/** Told when any call is refused because the desk is locked (idle auto-lock, Ctrl+L, or
 *  an encrypted ledger not yet unlocked): the app then shows its lock screen. */
export const lockedListeners = new Set<() => void>()

/** A contract command's arguments: optional when every field is. */
type ArgsOf<K extends CommandName> = {} extends Commands[K]['request']
  ? [args?: Commands[K]['request']]
  : [args: Commands[K]['request']]

/** The lock gate's and the desktop shell's own commands, outside the desk's contract
 *  (src/api/gate.rs GATE_COMMANDS, src-tauri). */
export type GateCommand =
  | 'lock_status' | 'unlock' | 'lock' | 'activity'
  | 'security_password_set' | 'security_password_remove' | 'security_idle_set'
  | 'shell_autostart_get' | 'shell_autostart_set'

/** Calls a core command; request and response types come from the Rust contract
 *  (src/gen/contract.ts), so a wrong argument fails `vue-tsc`, not the clerk. */
export async function call<K extends CommandName>(command: K, ...args: ArgsOf<K>): Promise<Commands[K]['response']>
export async function call<T = unknown>(command: GateCommand, args?: object): Promise<T>
export async function call(command: string, args: object = {}): Promise<unknown> {
  try {
    return await pickTransport(inTauri())(command, args)
  } catch (e) {
    if (e instanceof ApiError && e.code === 'locked') lockedListeners.forEach((f) => f())
    throw e
  }
}

/** Browser edition: a file the core writes (export, upload package, backup, a document PDF),
 *  fetched from the server instead of written to a path on disk (`/__xinfang/file`). */
export async function fetchFile(command: string, args: object, fileName: string): Promise<Blob> {
  let resp: Response
  try {
    resp = await fetch('/__xinfang/file', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-xinfang-token': serverToken() },
      body: JSON.stringify({ command, args, file_name: fileName }),
    })
  } catch {
    throw new ApiError('offline', '无法连接信访工作台服务，请确认程序仍在运行。')
  }
  if (!resp.ok) {
    const body = await resp.json().catch(() => ({}))
    if (body.code === 'locked') lockedListeners.forEach((f) => f())
    throw new ApiError(body.code ?? 'internal', body.message ?? '下载失败，请重试。')
  }
  return await resp.blob()
}

/** Hands a blob to the browser's own download (its 下载 folder or its 另存为 dialog). */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = fileName
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 60_000)
}

export async function download(command: string, args: object, fileName: string): Promise<void> {
  saveBlob(await fetchFile(command, args, fileName), fileName)
}
