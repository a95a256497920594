import { afterEach, describe, expect, it, vi } from 'vitest'
import { ApiError, call, inTauri, pickTransport } from './api'

afterEach(() => {
  vi.unstubAllGlobals()
})

function browser(token = 'tok123') {
  const store = new Map<string, string>()
  vi.stubGlobal('window', { location: { search: `?token=${token}` } })
  vi.stubGlobal('sessionStorage', { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => store.set(k, v) })
}

describe('transport choice', () => {
  it('is Tauri only inside the Tauri webview', () => {
    browser()
    expect(inTauri()).toBe(false)
    vi.stubGlobal('window', { __TAURI_INTERNALS__: {}, location: { search: '' } })
    expect(inTauri()).toBe(true)
  })
  it('picks different transports', () => {
    expect(pickTransport(true)).not.toBe(pickTransport(false))
  })
  it('posts to /api/<command> with the token in the browser', async () => {
    browser('abc')
    const fetch = vi.fn().mockResolvedValue({ ok: true, json: async () => ({ total: 0, items: [] }) })
    vi.stubGlobal('fetch', fetch)
    const r = await call('case_list', { limit: 20 })
    expect(r).toEqual({ total: 0, items: [] })
    const [url, init] = fetch.mock.calls[0]
    expect(url).toBe('/api/case_list')
    expect(init.method).toBe('POST')
    expect(init.headers['x-xinfang-token']).toBe('abc')
    expect(JSON.parse(init.body)).toEqual({ limit: 20 })
  })
  it('turns an error body into ApiError with its Chinese message', async () => {
    browser()
    vi.stubGlobal('fetch', vi.fn().mockResolvedValue({ ok: false, json: async () => ({ code: 'forbidden_method', message: '“存”是禁止的办理方式，请改用退件。' }) }))
    const e = (await call('case_decide', {} as never).catch((x) => x)) as ApiError
    expect(e).toBeInstanceOf(ApiError)
    expect(e.code).toBe('forbidden_method')
    expect(e.message).toContain('退件')
  })
  it('says so in Chinese when the server is gone', async () => {
    browser()
    vi.stubGlobal('fetch', vi.fn().mockRejectedValue(new TypeError('Failed to fetch')))
    const e = (await call('today').catch((x) => x)) as ApiError
    expect(e.code).toBe('offline')
    expect(e.message).toMatch(/无法连接/)
  })
  it('takes the token from the page when the address has none (bookmark of the bare address)', async () => {
    const store = new Map<string, string>()
    vi.stubGlobal('window', { location: { search: '' } })
    vi.stubGlobal('sessionStorage', { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => store.set(k, v) })
    vi.stubGlobal('document', { querySelector: (q: string) => (q.includes('xinfang-token') ? { getAttribute: () => 'fromMeta' } : null) })
    const fetch = vi.fn().mockResolvedValue({ ok: true, json: async () => ({}) })
    vi.stubGlobal('fetch', fetch)
    await call('today')
    expect(fetch.mock.calls[0][1].headers['x-xinfang-token']).toBe('fromMeta')
    expect(store.get('xinfang-token')).toBe('fromMeta')
  })
  it('goes to the bare address (the reopen page) when the server no longer knows the token', async () => {
    const replace = vi.fn()
    vi.stubGlobal('window', { location: { search: '?token=old', replace } })
    vi.stubGlobal('sessionStorage', { getItem: () => null, setItem: () => {} })
    vi.stubGlobal('fetch', vi.fn().mockResolvedValue({ ok: false, status: 401, json: async () => ({ code: 'unauthorized', message: '访问令牌无效或已过期。' }) }))
    const e = (await call('today').catch((x) => x)) as ApiError
    expect(e.code).toBe('unauthorized')
    expect(replace).toHaveBeenCalledWith('/')
  })
})
