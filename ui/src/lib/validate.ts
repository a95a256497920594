// Client-side checks that mirror the core's (the server still decides).

/** GB 11643-1999: 18 characters with a mod-11 check digit, or the old 15-digit form. */
export function idNumberProblem(raw: string): string | null {
  const id = raw.trim().toUpperCase()
  if (!id) return null
  if (id.length === 15 && /^\d{15}$/.test(id)) return null
  if (id.length !== 18) return '身份证号应为 18 位'
  if (!/^\d{17}[\dX]$/.test(id)) return '身份证号前 17 位应为数字，末位为数字或 X'
  const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
  const CHECK = '10X98765432'
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(id[i]) * W[i]
  return id[17] === CHECK[sum % 11] ? null : '身份证号校验位不正确，请核对'
}

export function phoneProblem(raw: string): string | null {
  const p = raw.trim()
  if (!p) return null
  return /^[\d+\- ]{1,20}$/.test(p) ? null : '电话只能包含数字、+、- 和空格'
}

/** Empty strings become null so optional fields are omitted rather than blank. */
export function blankToNull<T extends Record<string, unknown>>(o: T): T {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(o)) {
    out[k] = typeof v === 'string' && v.trim() === '' ? null : typeof v === 'string' ? v.trim() : v
  }
  return out as T
}
