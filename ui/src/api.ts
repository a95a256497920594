// The UI's one door to the core: every action is `call(command, args)`, one of the names in
// src/api/dispatch.rs (COMMANDS). In the desktop app it goes through Tauri's invoke; in a
// browser (`xinfang serve`) it is POST /api/<command> with the per-run token.

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

/** The token from `?token=` (kept for the session so reloads and hash routes keep working). */
export function serverToken(): string {
  const fromUrl = new URLSearchParams(window.location.search).get('token')
  if (fromUrl) {
    sessionStorage.setItem('xinfang-token', fromUrl)
    return fromUrl
  }
  return sessionStorage.getItem('xinfang-token') ?? ''
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
  if (!resp.ok) throw new ApiError(body.code ?? 'internal', body.message ?? '操作失败。')
  return body
}

export function pickTransport(tauri: boolean): Transport {
  return tauri ? viaTauri : viaHttp
}

/** Told when any call is refused because the desk is locked (idle auto-lock, Ctrl+L, or
 *  an encrypted ledger not yet unlocked): the app then shows its lock screen. */
export const lockedListeners = new Set<() => void>()

export async function call<T = unknown>(command: string, args: object = {}): Promise<T> {
  try {
    return (await pickTransport(inTauri())(command, args)) as T
  } catch (e) {
    if (e instanceof ApiError && e.code === 'locked') lockedListeners.forEach((f) => f())
    throw e
  }
}
