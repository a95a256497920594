// Form state → the core's command arguments, one function per action with optional fields.
// Field names are the core's (src/api/dispatch.rs, DeliveryInput in src/api/lifecycle.rs).

/** A trimmed text, or null when blank (the core's optional fields). */
export function opt(s: unknown): string | null {
  return typeof s === 'string' && s.trim() ? s.trim() : null
}

export interface DecideForm {
  method: string
  ground: string
  redirect_to: string
  reason: string
  at: string
  /** 其他法定途径: that route's own deadline (YYYY-MM-DD). */
  statutory_due_date?: string
  /** 条例 §31 (一)–(五) ruled out before a 申诉求决 case takes the petition channel. */
  ruled_out_routes?: string[]
}

/** `case_decide`: the ground and where to go only for 不予受理 (the core ignores them otherwise). */
export function decideArgs(case_no: string, f: DecideForm) {
  const decline = f.method === 'decline'
  return {
    case_no,
    method: f.method,
    at: f.at,
    reason: f.method === 'decline' || f.method === 'return_case' ? opt(f.reason) : null,
    ground: decline && f.ground ? f.ground : null,
    redirect_to: decline ? opt(f.redirect_to) : null,
    statutory_due_date: f.method === 'statutory_channel' ? opt(f.statutory_due_date) : null,
    // 条例 §31: only a 申诉求决 case taking the petition channel answers this.
    ruled_out_routes: f.method === 'petition_channel' && f.ruled_out_routes?.length ? f.ruled_out_routes : null,
  }
}

/**
 * Whole days `at` ("YYYY-MM-DD HH:mm", China time) lies before `now` (same form): a step
 * back-dated by more than a day asks for confirmation before it is recorded.
 */
export function backdatedDays(at: string, now: string): number {
  const ms = (s: string) => Date.parse(`${s.replace(' ', 'T')}:00+08:00`)
  const d = (ms(now) - ms(at)) / 86_400_000
  return Number.isFinite(d) && d > 1 ? Math.floor(d) : 0
}

export interface DeliverForm {
  at: string
  method: string
  place: string
  recipient: string
  documents: string[]
  receipt_signed: boolean
  proxy_reason: string
  witness: string
  signed_on: string
  tracking_no: string
  refusal_reason: string
  server: string
}

/** `case_deliver`: 委托理由 only for 委托送达, 见证人/拒收理由 only for 留置, 邮件号码 only for 邮寄. */
export function deliverArgs(case_no: string, f: DeliverForm) {
  const only = (m: string, v: string) => (f.method === m ? opt(v) : null)
  return {
    case_no,
    delivery: {
      at: f.at,
      method: f.method,
      place: opt(f.place),
      recipient: f.recipient.trim(),
      documents: f.documents,
      receipt_signed: f.receipt_signed,
      proxy_reason: only('entrusted', f.proxy_reason),
      witness: only('left', f.witness),
      refusal_reason: only('left', f.refusal_reason),
      tracking_no: only('mail', f.tracking_no),
      signed_on: opt(f.signed_on),
      server: opt(f.server),
    },
  }
}

/** `case_review_details`: only what was filled in is sent, so the rest stays as recorded. */
export function reviewDetailsArgs(case_no: string, kind: string, received_on: string, hearing_days: number | null | undefined) {
  return {
    case_no,
    kind,
    received_on: opt(received_on),
    hearing_days: typeof hearing_days === 'number' ? hearing_days : null,
  }
}
