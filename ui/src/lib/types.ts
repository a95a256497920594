// Shapes of the core's JSON: generated from the Rust types (src/gen/contract.ts, by
// src/api/contract.rs); this module only keeps the names the views import.
export type {
  AddOutcome, AttachmentRecord, CalendarDay, Case, CaseList, CaseSummary, CaseView, CheckReport,
  CountedList, DayOverride, Deadline, DeadlineRule, Delivery, Document, Finding, Leader, MonthRates,
  NewCase, Petitioner, Rate, RateCounts, RatesReport, RepeatCandidate, Review, RuleSettings,
  ScoreProfile, Signoff, TodaySummary, UnitInfo, UnitRates, Action, ActionKey, Vocabulary,
  Event as CaseEvent,
} from '../gen/contract'
export type { CaseFilter } from './filter'
