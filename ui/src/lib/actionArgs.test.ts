import { describe, expect, it } from 'vitest'
import { decideArgs, deliverArgs, reviewDetailsArgs, type DeliverForm, backdatedDays } from './actionArgs'

describe('decideArgs', () => {
  it('a 不予受理 carries its ground and where the petitioner should go', () => {
    expect(decideArgs('A-1', { method: 'decline', ground: 'legal_route', redirect_to: ' 向永川区人民法院提起诉讼 ', reason: '', at: '2026-11-03 10:00' })).toEqual({
      case_no: 'A-1', method: 'decline', at: '2026-11-03 10:00', reason: null, ground: 'legal_route', redirect_to: '向永川区人民法院提起诉讼', statutory_due_date: null, ruled_out_routes: null,
    })
  })
  it('a ground left over from switching methods is not sent', () => {
    const a = decideArgs('A-1', { method: 'petition_channel', ground: 'legal_route', redirect_to: '某处', reason: '旧理由', at: '2026-11-03 10:00' })
    expect([a.ground, a.redirect_to, a.reason]).toEqual([null, null, null])
  })
  it('a claim taking the petition channel sends the statutory routes ruled out (条例 §31)', () => {
    const all = ['litigation', 'arbitration', 'party_appeal', 'administrative', 'statutory_duty']
    expect(decideArgs('A-1', { method: 'petition_channel', ground: '', redirect_to: '', reason: '', at: 'x', ruled_out_routes: all }).ruled_out_routes).toEqual(all)
    expect(decideArgs('A-1', { method: 'direct_reply', ground: '', redirect_to: '', reason: '', at: 'x', ruled_out_routes: all }).ruled_out_routes).toBeNull()
  })
  it('a 退件 sends its objection as the reason', () => {
    expect(decideArgs('A-1', { method: 'return_case', ground: '', redirect_to: '', reason: '属于区规划局职权', at: 'x' }).reason).toBe('属于区规划局职权')
  })
})

describe('deliverArgs', () => {
  const form = (over: Partial<DeliverForm>): DeliverForm => ({
    at: '2026-11-10 10:00', method: 'in_person', place: '', recipient: ' 甲 ', documents: ['reply_letter'], receipt_signed: true,
    proxy_reason: '', witness: '', signed_on: '', tracking_no: '', refusal_reason: '', server: '', ...over,
  })
  it('邮寄 keeps the 邮件号码, the 签收日期 and the 送达人', () => {
    const d = deliverArgs('A-1', form({ method: 'mail', tracking_no: 'XA123', signed_on: '2026-11-12', server: '王某', witness: '不该发' })).delivery
    expect(d).toMatchObject({ method: 'mail', recipient: '甲', tracking_no: 'XA123', signed_on: '2026-11-12', server: '王某', witness: null, refusal_reason: null })
  })
  it('留置 keeps the 拒收理由 and 见证人; other methods drop them', () => {
    expect(deliverArgs('A-1', form({ method: 'left', refusal_reason: '拒绝签字', witness: '村干部' })).delivery).toMatchObject({ refusal_reason: '拒绝签字', witness: '村干部', tracking_no: null })
    expect(deliverArgs('A-1', form({ refusal_reason: '拒绝签字', tracking_no: 'X' })).delivery).toMatchObject({ refusal_reason: null, tracking_no: null, signed_on: null, server: null })
  })
})

describe('reviewDetailsArgs', () => {
  it('sends only what was filled in', () => {
    expect(reviewDetailsArgs('A-1', 're_review', '', 5)).toEqual({ case_no: 'A-1', kind: 're_review', received_on: null, hearing_days: 5 })
    expect(reviewDetailsArgs('A-1', 'review', '2026-12-01', undefined)).toEqual({ case_no: 'A-1', kind: 'review', received_on: '2026-12-01', hearing_days: null })
  })
})

describe('backdatedDays', () => {
  it('asks only beyond a day, in whole days', () => {
    expect(backdatedDays('2026-12-06 10:00', '2026-12-07 09:00')).toBe(0)
    expect(backdatedDays('2026-12-06 08:59', '2026-12-07 09:00')).toBe(1)
    expect(backdatedDays('2026-10-08 09:00', '2026-12-07 09:00')).toBe(60)
    expect(backdatedDays('2026-12-08 09:00', '2026-12-07 09:00')).toBe(0)
    expect(backdatedDays('', '2026-12-07 09:00')).toBe(0)
  })
})

describe('decideArgs and the statutory route deadline', () => {
  const f = { method: 'statutory_channel', ground: '', redirect_to: '', reason: '', at: '2026-11-10 10:00', statutory_due_date: '2026-12-30' }
  it('sends the deadline only with 其他法定途径', () => {
    expect(decideArgs('A-1', f).statutory_due_date).toBe('2026-12-30')
    expect(decideArgs('A-1', { ...f, method: 'petition_channel' }).statutory_due_date).toBeNull()
  })
})
