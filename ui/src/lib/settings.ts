// Rule settings helpers. The defaults are the core's own (domain.md §1, §6), from the
// generated vocabulary (src/gen/vocabulary.json).
import vocab from '../gen/vocabulary.json'
import type { RuleSettings } from './types'

export function defaultSettings(): RuleSettings {
  return JSON.parse(JSON.stringify(vocab.default_settings)) as RuleSettings
}

/** The settings with the deadline rules and the due-soon days put back to the defaults. */
export function withDefaultDeadlines(s: RuleSettings): RuleSettings {
  const d = defaultSettings()
  return { ...s, deadline_rules: d.deadline_rules, due_soon_days: d.due_soon_days }
}

/** The settings with the score profile put back to the default (永川区 2022). */
export function withDefaultProfile(s: RuleSettings): RuleSettings {
  return { ...s, score_profile: defaultSettings().score_profile }
}

/** Problems that would make the server refuse the settings, in Chinese; empty when fine. */
export function settingsProblems(s: RuleSettings): string[] {
  const out: string[] = []
  for (const r of s.deadline_rules) {
    if (!Number.isInteger(r.days) || r.days < 1 || r.days > 3650) out.push(`“${r.name}”的天数应在 1 到 3650 之间`)
  }
  if (!Number.isInteger(s.due_soon_days) || s.due_soon_days < 0) out.push('“即将到期”提前天数应为 0 或正整数')
  for (const w of s.score_profile.weights) if (!(w.points >= 0)) out.push('计分权重不能为负数')
  return out
}
