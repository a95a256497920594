// 由 src/api/contract.rs 生成，请勿手改。重新生成：XINFANG_BLESS=1 cargo nextest run -E 'test(contract_bindings)'
// Generated from the Rust command contract; a test fails when this file drifts.

export type JsonValue = number | string | boolean | Array<JsonValue> | { [key in string]?: JsonValue } | null

/**
 * One button: its words, whether it can be taken now and, if not, why.
 */
export type Action = { key: ActionKey, label: string, enabled: boolean, 
/**
 * Why the action cannot be taken now (shown beside the greyed button).
 */
reason: string | null, 
/**
 * The step the clerk most likely takes next (highlighted).
 */
next: boolean, 
/**
 * Destructive (asks for confirmation, drawn in red).
 */
danger: boolean, };

/**
 * An action on the case page, by its stable key.
 */
export type ActionKey = "sign" | "decide" | "document" | "signoff" | "reply" | "deliver" | "attachment" | "evaluate" | "extend" | "review_request" | "review_opinion" | "review_details" | "withdraw_decision" | "withdraw_signoff" | "withdraw_review" | "return_result" | "supervise" | "close" | "reopen" | "follow_up" | "delete" | "restore";

export type AddOutcome = { case_no: string, 
/**
 * Earlier cases by the same person (ID number, or name + phone) or about the same
 * matter (address, similar words), best first: possibly a 重复信访 (N §三.三).
 */
possible_repeats: Array<RepeatCandidate>, 
/**
 * 初信初访: no earlier case by the same person and not linked as a repeat (N §三.三).
 */
first_petition: boolean, deadlines: Array<Deadline>, 
/**
 * 条例 §36 ¶3: the earlier case it repeats has a 复核 opinion — the same matter on the
 * same facts and reasons is not accepted again.
 */
not_accepted_again: string | null, };

export type Alert = { 
/**
 * Stable identity: the same alert is shown only once.
 */
key: string, at: string, date: string, 
/**
 * The round it comes with (first, or last for the second "due today").
 */
round_seq: number, kind: AlertKind, kind_label: string, case_no: string, unit: string, deadline: string, due: string, message: string, };

/**
 * Which alert, in the order a clerk should read them.
 */
export type AlertKind = "overdue" | "due_today" | "before_rest" | "due_soon" | "guide_evaluation";

export type AlertsArgs = { from?: string | null, to?: string | null, };

export type Anchor = "arrival" | "acceptance" | "written_opinion" | "review_request" | "review_opinion_received" | "re_review_request" | "answer_received";

export type AttachOutcome = { sha256: string, stored_path: string, report: FileReport, case: CaseView, };

export type AttachmentAddArgs = { case_no: string, path: string, kind: DocKind, };

/**
 * 一条检查发现：稳定的代码、严重程度、写明如何处理的中文说明，以及（如有）页码。
 */
export type AttachmentFinding = { code: string, severity: AttachmentSeverity, message: string, page?: number | null, };

/**
 * 上传前检查一个文件。
 */
export type AttachmentInspectArgs = { path: string, kind?: DocKind | null, case_no?: string | null, };

export type AttachmentPagesArgs = { case_no: string, file_name: string, };

export type AttachmentRecord = { kind: DocKind, file_name: string, sha256?: string | null, added_at: string, reviewed_supervising_at?: string | null, reviewed_office_at?: string | null, };

export type AttachmentRemoveArgs = { case_no: string, file_name: string, };

/**
 * 附件检查的设置（台账设置项 `attachment_settings`，缺省即下列默认值）。
 * 阈值的来由见 docs/rules.md“附件检查”。
 */
export type AttachmentSettings = { 
/**
 * 允许的文件类型（pdf、jpeg、png）。
 */
allowed_types: Array<FileType>, 
/**
 * 单个文件大小上限（字节），默认 10 MB。
 */
max_bytes: number, 
/**
 * 扫描件的最低有效分辨率（图像像素 ÷ 页面尺寸），默认 200 dpi。
 */
min_dpi: number, 
/**
 * 命名规则：{case_no}（信访件编号）、{kind}（文书名称）、{ext}（扩展名）。
 */
name_pattern: string, 
/**
 * 是否要求鲜章。
 */
require_seal: boolean, 
/**
 * 鲜章直径范围（毫米）；公章约 38–45 mm，扫描缩放留有余量。
 */
seal_min_mm: number, seal_max_mm: number, 
/**
 * 空白页：与背景明显不同（灰度差 > 24）的像素占比低于此值。
 */
blank_ink_ratio: number, 
/**
 * 模糊：归一化拉普拉斯能量（Σ拉普拉斯² ÷ Σ梯度²，在 100 dpi 下计算）低于此值。
 */
blur_min_sharpness: number, 
/**
 * 对比度过低：灰度 1%–99% 分位差低于此值（0–255）。
 */
min_contrast: number, 
/**
 * 歪斜：文字行与水平方向的夹角达到此值（度）即须重扫。
 */
max_skew_deg: number, 
/**
 * PDF 最多逐页分析的页数（超出的页只查页面尺寸）。
 */
max_pages_analysed: number, };

export type AttachmentSettingsGetArgs = Record<symbol, never>;

export type AttachmentSettingsSetArgs = AttachmentSettings;

/**
 * 发现的严重程度：`blocking` 必须处理后才能上传；`warning` 建议处理；`info` 仅提示。
 */
export type AttachmentSeverity = "info" | "warning" | "blocking";

/**
 * 浏览器上传（base64）。
 */
export type AttachmentUploadArgs = { case_no: string, kind: DocKind, name: string, data_base64: string, };

export type AttachmentsCheckArgs = { case_no: string, };

export type AttachmentsPackageArgs = { case_no: string, out: string, override_reason?: string | null, };

export type AuditEntry = { id: number, at: string, actor: string, entity: string, entity_id: string, action: string, before: JsonValue | null, after: JsonValue | null, };

export type AuditVerifyArgs = Record<symbol, never>;

export type BackupCheckArgs = { path: string, };

/**
 * One backup in the backup folder, as the list and the UI show it.
 */
export type BackupInfo = { name: string, path: string, created_at: string, reason: Reason, reason_label: string, schema_version: number, cases: number, files: number, size_bytes: number, ledger_id: string | null, 
/**
 * A copy of a different ledger sharing the folder (set by `Desk::backup_list`).
 */
other_ledger: boolean, };

export type BackupListArgs = Record<symbol, never>;

/**
 * The backup just made and the state of backups after it.
 */
export type BackupMade = { backup: BackupInfo, status: BackupStatus, };

/**
 * 立即备份（可指定位置，如 U 盘）。
 */
export type BackupNowArgs = { to?: string | null, };

export type BackupRestoreArgs = { path: string, };

/**
 * Backup settings (ledger setting `backup_settings`).
 */
export type BackupSettings = { 
/**
 * The backup folder; empty or absent means `<ledger folder>/backups`. May be a USB
 * drive or a network share.
 */
folder?: string | null, 
/**
 * Backups older than this are deleted after each new backup (the newest is always kept).
 */
keep_days: number, 
/**
 * The automatic daily backup (on start and from the reminder loop).
 */
daily: boolean, };

export type BackupSettingsGetArgs = Record<symbol, never>;

export type BackupSettingsSetArgs = BackupSettings;

/**
 * What 设置 → 备份 and the 工作台 banner show.
 */
export type BackupStatus = { folder: string, keep_days: number, daily: boolean, last_success_at: string | null, last_success_path: string | null, last_failure_at: string | null, last_failure: string | null, 
/**
 * No successful backup, or the last one is older than 2 days (issue #8).
 */
stale: boolean, warning: string | null, };

export type BackupStatusArgs = Record<symbol, never>;

/**
 * 登记一次通报（被通报的问题）。
 */
export type BreachAddArgs = BreachNotice;

/** 通报层级：city 市 · district 区 */
export type BreachLevel = "city" | "district";

export type BreachNotice = { unit: string, case_no?: string | null, level: BreachLevel, notified_on: string, reason: string, };

/**
 * The first entry whose link does not hold, with what is wrong in words.
 */
export type BrokenLink = { id: number, at: string, entity: string, entity_id: string, action: string, what: string, };

/**
 * 某一天是否工作日，及其说明。
 */
export type CalendarDay = { date: string, working: boolean, description: string, warning: string | null, };

export type CalendarDayArgs = { date: string, };

export type CalendarFloorArgs = { year: number, };

/**
 * 导入一个年度的放假安排文件（文本内容）。
 */
export type CalendarImportArgs = { text: string, };

export type CalendarImported = { year: number, };

export type CalendarOverrideArgs = DayOverride;

export type CalendarOverridesArgs = Record<symbol, never>;

export type Case = { id: number, status: Status, status_label: string, confidential: boolean, is_repeat: boolean, 
/**
 * 初信初访 (N §三.三): no earlier case by the same person and not linked as a repeat
 * when it was registered; cleared when it is marked as a repeat.
 */
first_petition: boolean, 
/**
 * The "三到位一处理" items ticked for a repeat case (N §三.三).
 */
repeat_checklist: Array<RepeatCheckMark>, signed_at: string | null, accepted_at: string | null, method: Method | null, 
/**
 * The lawful ground of a 不予受理, or the objection's reasons for a 退件.
 */
method_reason: string | null, 
/**
 * The 不予受理 ground picked from the lawful list.
 */
decline_ground: DeclineGround | null, 
/**
 * 不予受理: where the petitioner should go instead ("应向…提出 / 通过…程序").
 */
redirect_to: string | null, 
/**
 * 申诉求决 by the petition channel: the statutory routes of 条例 §31 (一)–(五) the clerk
 * ruled out when choosing it.
 */
ruled_out_routes: Array<LegalRoute>, 
/**
 * The total of the approved 延期 steps (条例 §34: at most 30 days in all).
 */
extension_days: number, extension_approved_by: string | null, 
/**
 * Each approved 延期 step, in order.
 */
extensions: Array<Extension>, replied_at: string | null, evaluation: Evaluation | null, evaluated_at: string | null, documents: Array<Document>, deliveries: Array<Delivery>, attachments: Array<AttachmentRecord>, reviews: Array<Review>, 
/**
 * 退件: the sender's answer; `None` while 退件待审核 (条例 §23 ¶3).
 */
return_result: ReturnResult | null, return_result_at: string | null, 
/**
 * 办结.
 */
closed_at: string | null, 
/**
 * 1 for the first handling; each 重新办理 / 二次答复 adds one.
 */
handling_round: number, 
/**
 * When the current round began (a reopened case); deliveries and uploads before it
 * belong to the earlier round.
 */
reopened_at: string | null, 
/**
 * The first round's answer and evaluation, kept when the case is reopened.
 */
first_round: FirstRound | null, 
/**
 * Each 督办 by the sender (条例 §22).
 */
supervisions: Array<Supervision>, 
/**
 * 回访 records (N §二: guide the petitioner to evaluate).
 */
follow_ups: Array<FollowUp>, events: Array<Event>, created_at: string, updated_at: string, deleted_at: string | null, case_no: string, unit: string, source: Source, sender?: string | null, sender_level?: SenderLevel | null, arrived_at: string, 
/**
 * 信访日期: when the petitioner wrote, called or came — distinct from `arrived_at`, when
 * the item reached this unit (a transferred letter arrives days later).
 */
petition_date?: string | null, form: Form, petitioners: Array<Petitioner>, people_count?: number | null, demand: string, 
/**
 * 诉求摘要: what documents quote instead of the whole demand (issue #21 §3). Empty means
 * the summary made from the demand ([`NewCase::summary`]).
 */
demand_summary?: string | null, suggestions?: string | null, facts?: string | null, history?: string | null, purpose: Purpose, category?: string | null, hot_issue?: string | null, cause?: string | null, sensitive: boolean, threat: boolean, responsible_leader?: string | null, case_owner_leader?: string | null, 
/**
 * 纳入满意度评价: the sender put the item under satisfaction evaluation (N §二).
 */
in_evaluation_scope: boolean, section?: string | null, handler?: string | null, 
/**
 * 重复信访: the earlier case this one repeats.
 */
repeat_of?: string | null, 
/**
 * 其他法定途径: the deadline set by that procedure, entered by the clerk.
 */
statutory_due_date?: string | null, 
/**
 * 交办/督办期限: the day the sender set for the result and its 办结报告 (条例 §22).
 */
sender_deadline?: string | null, notes?: string | null, };

/**
 * 登记一件信访事项。
 */
export type CaseAddArgs = { case: NewCase, };

/**
 * 登记已上传的附件（文件名）。
 */
export type CaseAttachmentArgs = { case_no: string, kind: DocKind, file_name: string, sha256?: string | null, at: string, };

/**
 * 一件的附件结论：`可以上传` 或 `需要处理`（附清单）。
 */
export type CaseAttachmentReport = { case_no: string, method: Method | null, verdict: string, ok: boolean, 
/**
 * 整件层面的发现（缺件、重复、文号、审核）。
 */
findings: Array<AttachmentFinding>, 
/**
 * 逐个文件的检查结果（按平台顺序）。
 */
files: Array<FileReport>, };

/**
 * 附件审核（经办人、分管领导）。
 */
export type CaseAttachmentReviewArgs = { case_no: string, file_name: string, reviewer: Reviewer, at: string, };

export type CaseCheckArgs = { case_no: string, };

/**
 * 办结。
 */
export type CaseCloseArgs = { case_no: string, at: string, };

/**
 * 确定办理方式（五种之一）。
 */
export type CaseDecideArgs = { case_no: string, method: string, at: string, reason?: string | null, ground?: DeclineGround | null, redirect_to?: string | null, statutory_due_date?: string | null, 
/**
 * 申诉求决 by the petition channel: the statutory routes ruled out (条例 §31).
 */
ruled_out_routes?: Array<LegalRoute> | null, };

/**
 * 删除（须写明理由，可恢复）。
 */
export type CaseDeleteArgs = { case_no: string, reason: string, };

/**
 * 送达。
 */
export type CaseDeliverArgs = { case_no: string, delivery: DeliveryInput, };

/**
 * 登记文书。
 */
export type CaseDocumentArgs = { case_no: string, document: DocumentInput, };

/**
 * 满意度评价结果。
 */
export type CaseEvaluateArgs = { case_no: string, result: Evaluation, at: string, };

/**
 * 延期（条例 §34）。
 */
export type CaseExtendArgs = { case_no: string, days: number, approved_by: string, reason?: string, at: string, 
/**
 * 平台延期申请：已提交 / 已同意 / 未同意。
 */
platform?: PlatformExtension, };

export type CaseFilter = { unit?: string | null, source?: Source | null, purpose?: Purpose | null, method?: Method | null, status?: Status | null, arrived_from?: string | null, arrived_to?: string | null, 
/**
 * Only cases with a deadline of the unit's already past.
 */
overdue?: boolean, 
/**
 * Only cases whose next deadline falls within this many days (overdue included).
 */
due_within?: number | null, 
/**
 * Only answered cases the petitioner has yet to evaluate (N §二 引导评价).
 */
to_evaluate?: boolean, 
/**
 * Chinese substring over petitioner names, demand and case number.
 */
search?: string | null, include_deleted?: boolean, sort?: SortKey | null, limit?: number | null, offset?: number | null, };

/**
 * 回访（通知 §二）。
 */
export type CaseFollowUpArgs = { case_no: string, on: string, way: FollowUpWay, result: string, };

export type CaseHistoryArgs = { case_no: string, };

export type CaseList = { total: number, items: Array<CaseSummary>, };

/**
 * 台账列表的筛选条件。
 */
export type CaseListArgs = CaseFilter;

/**
 * 标记为重复件。
 */
export type CaseMarkRepeatArgs = { case_no: string, repeat_of: string, };

/**
 * A case whose stored field differs from what its audit entries say it was set to.
 */
export type CaseMismatch = { case_no: string, field: string, in_ledger: string | null, in_audit: string | null, };

/**
 * 送达回证返回：签收日期，或拒收。
 */
export type CaseReceiptArgs = { case_no: string, 
/**
 * Which delivery (1 = the first on the case page); default the latest still waiting.
 */
delivery?: number | null, 
/**
 * 签收日期 written on the receipt (or the day the refusal came back).
 */
on: string, refused?: boolean, refusal_reason?: string | null, };

/**
 * 重新办理 / 二次答复（不满意之后）。
 */
export type CaseReopenArgs = { case_no: string, kind: ReopenKind, at: string, note?: string | null, };

/**
 * 重复信访件的“三到位一处理”：勾选或取消一项。
 */
export type CaseRepeatCheckArgs = { case_no: string, item: RepeatCheck, done: boolean, note?: string | null, at: string, };

export type CaseReplyArgs = { case_no: string, at: string, };

export type CaseRestoreArgs = { case_no: string, };

/**
 * 退件审核结果（条例第二十三条第三款）。
 */
export type CaseReturnResultArgs = { case_no: string, result: ReturnResult, at: string, note?: string | null, };

/**
 * 复查、复核的收件日期和听证天数。
 */
export type CaseReviewDetailsArgs = { case_no: string, kind: ReviewKind, received_on?: string | null, hearing_days?: number | null, };

/**
 * 复查、复核意见。
 */
export type CaseReviewOpinionArgs = { case_no: string, kind: ReviewKind, at: string, result?: string | null, };

/**
 * 复查、复核申请。
 */
export type CaseReviewRequestArgs = { case_no: string, kind: ReviewKind, at: string, };

/**
 * The case sheet as written.
 */
export type CaseSheet = { title: string, pages: number, bytes: number, 
/**
 * The accuser's identity was masked (a 检举控告 case printed for someone else).
 */
masked: boolean, 
/**
 * `<信访件编号>-办理经过单.pdf`.
 */
file_name: string, };

/**
 * 生成呈批/办理经过单 PDF；`for_handler` 为假时按条例第三十条隐去检举人信息。
 */
export type CaseSheetArgs = { case_no: string, 
/**
 * Where to write the PDF (the shells pass a path in the case's folder).
 */
out: string, for_handler?: boolean, };

export type CaseShowArgs = { case_no: string, };

export type CaseSignArgs = { case_no: string, at: string, };

/**
 * 领导签批。
 */
export type CaseSignoffArgs = { case_no: string, kind: DocKind, role: LeaderRole, leader: string, at: string, };

export type CaseSummary = { case_no: string, unit: string, source: Source, form: Form, purpose: Purpose, method: Method | null, arrived_at: string, 
/**
 * First petitioner's name; masked for confidential (检举控告) cases.
 */
petitioner: string, people_count: number, demand: string, status: Status, status_label: string, next_due: string | null, overdue: boolean, confidential: boolean, is_repeat: boolean, responsible_leader: string | null, handler: string | null, 
/**
 * 督办次数 (条例 §22).
 */
supervisions: number, };

/**
 * 督办（条例第二十二条）。
 */
export type CaseSuperviseArgs = { case_no: string, at: string, deadline?: string | null, note?: string | null, };

/**
 * 修改登记内容：`changes` 为要改的字段（与登记时同名）。
 */
export type CaseUpdateArgs = { case_no: string, changes: Record<string, JsonValue>, };

/**
 * A case with what the rules say about it now.
 */
export type CaseView = { case: Case, deadlines: Array<Deadline>, check: CheckReport, 
/**
 * What can be done with the case now, and why not (rules/actions.rs).
 */
actions: Array<Action>, 
/**
 * What the clerk must know about the case's state now (退件待审核, a refused 退件's
 * clock, the evaluation to guide…), in Chinese.
 */
notices: Array<string>, };

/**
 * 撤销一个办理步骤（须写明理由）。
 */
export type CaseWithdrawArgs = { case_no: string, step: WithdrawStep, reason: string, };

/**
 * One corrected cell: the sheet's row number, a column letter or a field name (a field the
 * sheet has no column for can be given too: `来源`), and the value to use.
 */
export type CellFix = { row: number, column: string, value: string, };

/**
 * The newest entry's hash with the number of entries: what the monthly report prints so a
 * paper copy can later prove the history was not rewritten.
 */
export type ChainHead = { hash: string, count: number, id: number, at: string, };

export type ChainReport = { ok: boolean, count: number, head: ChainHead | null, broken: BrokenLink | null, 
/**
 * The triggers that refuse UPDATE/DELETE on the log are missing (dropped by hand).
 */
missing_triggers: Array<string>, case_mismatches: Array<CaseMismatch>, message: string, };

export type CheckReport = { case_no: string, 
/**
 * "规范" when no error remains, else "需要处理".
 */
verdict: string, errors: number, warnings: number, findings: Array<Finding>, };

/**
 * A backup that passed every check.
 */
export type CheckedBackup = { path: string, schema_version: number, cases: number, 
/**
 * Files whose sha256 matched the manifest (0 for a bare .db file without one).
 */
files_verified: number, created_at: string | null, };

export type ClerkProfile = { 
/**
 * 经办人姓名: the audit's actor for changes made at this desk.
 */
clerk_name?: string | null, 
/**
 * 机关代字 (e.g. 永住建信): the prefix of the unit's 文号.
 */
agency_code?: string | null, };

export type ClerkProfileGetArgs = Record<symbol, never>;

export type ClerkProfileSetArgs = ClerkProfile;

export type ColumnMapping = { 
/**
 * Spreadsheet column letter.
 */
column: string, header: string, field: string | null, field_label: string | null, 
/**
 * Read past: computed by the ledger (序号, 应答复日期 …) or not a ledger column.
 */
ignored: boolean, 
/**
 * Matched by a near match of the header, not one of the synonyms: worth a look.
 */
near: boolean, };

export type CountedList = { total: number, items: Array<CaseSummary>, };

/**
 * The round `round_done` would confirm now, and how it would be recorded.
 */
export type CurrentRound = { 
/**
 * Confirming now is later than the grace period: recorded as 补查（迟到）.
 */
late: boolean, confirmed_at: string | null, date: string, 
/**
 * 1-based number of the round within its day.
 */
seq: number, at: string, 
/**
 * 第 1 次查看（上午）
 */
label: string, 
/**
 * 第 1 次查看（上午）：请登录重庆智能信访信息系统查看待办
 */
message: string, };

export type DayCount = "calendar_days" | "working_days";

/**
 * A user's correction of a single day (e.g. a local holiday).
 */
export type DayOverride = { date: string, working: boolean, note: string, };

export type Deadline = { rule_id: string, name: string, anchor: Anchor, anchor_at: string, days: number, count: DayCount, due_date: string, status: DeadlineStatus, status_label: string, met_at: string | null, duty: Duty, explanation: string, warnings: Array<string>, 
/**
 * See [`DueDate::earliest_plausible`].
 */
earliest_plausible: string | null, source: string, };

export type DeadlineRule = { id: string, name: string, days: number, count: DayCount, anchor: Anchor, met_by: MetBy, 
/**
 * The methods the rule applies to; empty means every case.
 */
methods: Array<Method>, duty: Duty, 
/**
 * An approved 延期 adds days (条例 §34).
 */
extendable: boolean, 
/**
 * Which items the rule binds; absent in settings saved before V5, then the built-in
 * rule of the same id decides (see [`DeadlineRule::scope`]).
 */
sources?: SourceScope | null, source: string, };

export type DeadlineStatus = "pending" | "due_soon" | "overdue" | "met_in_time" | "met_late" | "lapsed" | "requested_late" | "past_due_elsewhere";

/**
 * 登记前预览期限。
 */
export type DeadlinesPreviewArgs = { arrived_at: string, accepted_at?: string, };

/** 不予受理理由：same_matter_pending 同一信访事项已经受理或者正在办理 · re_reviewed 已经复核，仍以同一事实和理由提出 · legal_route 应当通过诉讼、仲裁、行政复议等法定途径解决 */
export type DeclineGround = "same_matter_pending" | "re_reviewed" | "legal_route";

/**
 * Where a default 责任单位 came from.
 */
export type DefaultUnit = { name: string, 
/**
 * option (chosen), title (the sheet's 填报单位 line), ledger (the ledger's only unit).
 */
from: string, };

export type Delivery = { at: string, method: DeliveryMethod, place?: string | null, recipient: string, documents: Array<DocKind>, 
/**
 * The 送达回证 came back signed (or the 留置/公告 equivalent was recorded).
 */
receipt_signed: boolean, 
/**
 * The recipient refused to sign (a mailed receipt came back refused): recorded, not signed.
 */
receipt_refused: boolean, proxy_reason?: string | null, witness?: string | null, 
/**
 * 签收日期 the recipient wrote on the 送达回证; the petitioner's own windows (复查,
 * 复核) run from it (条例 §35, §36 "自收到书面答复之日起").
 */
signed_on?: string | null, 
/**
 * 邮件号码 of a 邮寄送达.
 */
tracking_no?: string | null, 
/**
 * 拒收理由 of a 留置送达.
 */
refusal_reason?: string | null, 
/**
 * 送达人.
 */
server?: string | null, };

export type DeliveryInput = { at: string, method: DeliveryMethod, place?: string | null, recipient: string, documents: Array<DocKind>, receipt_signed?: boolean, 
/**
 * The recipient refused to sign (a 留置送达's refusal, or a mailed receipt refused).
 */
receipt_refused?: boolean, proxy_reason?: string | null, witness?: string | null, 
/**
 * 签收日期 written on the 送达回证 by the recipient (may be entered later).
 */
signed_on?: string | null, 
/**
 * 邮件号码 (邮寄送达).
 */
tracking_no?: string | null, 
/**
 * 拒收理由 (留置送达).
 */
refusal_reason?: string | null, 
/**
 * 送达人.
 */
server?: string | null, };

/** 送达方式：in_person 直接送达 · mail 邮寄送达 · entrusted 委托送达 · left 留置送达 · electronic 电子送达 · public_notice 公告送达 */
export type DeliveryMethod = "in_person" | "mail" | "entrusted" | "left" | "electronic" | "public_notice";

/** 文书种类：acceptance_notice 受理告知书 · decline_notice 不予受理告知书 · handling_opinion 处理意见书 · reply_opinion 答复意见书 · reply_letter 回复 · delivery_receipt 送达回证 · other_statutory_document 其他法定文书 · extension_notice 延期告知书 · completion_report 办结报告 */
export type DocKind = "acceptance_notice" | "decline_notice" | "handling_opinion" | "reply_opinion" | "reply_letter" | "delivery_receipt" | "other_statutory_document" | "extension_notice" | "completion_report";

export type DocNoAllocateArgs = DocNoRequest;

export type DocNoListArgs = { unit?: string | null, year?: number | null, };

/**
 * A request for the next 文号.
 */
export type DocNoRequest = { 
/**
 * 机关代字, e.g. `永住建信`. Default: the one stored in the clerk profile (clerk.rs).
 */
prefix?: string | null, 
/**
 * Default: the case's unit.
 */
unit?: string | null, 
/**
 * Default: this year (China time).
 */
year?: number | null, 
/**
 * With `kind`: the number is recorded on that document of the case, in one transaction.
 */
case_no?: string | null, kind?: DocKind | null, };

export type DocNoVoidArgs = { doc_no: string, reason: string, };

export type DocNumber = { doc_no: string, unit: string, prefix: string, year: number, number: number, case_no: string | null, kind: DocKind | null, 
/**
 * `issued` or `voided`.
 */
status: string, reason: string | null, allocated_at: string, voided_at: string | null, };

export type Document = { kind: DocKind, doc_no?: string | null, 
/**
 * The free title of an 其他法定文书 (e.g. 行政复议决定书).
 */
title?: string | null, issued_at?: string | null, signoffs: Array<Signoff>, 
/**
 * The clerk's body (one paragraph a line, placeholders allowed); none = the template's.
 */
body?: string | null, 
/**
 * Values the clerk chose for this document (复查机关, 处理意见, 联系电话 …).
 */
vars?: { [key in string]: string }, };

/**
 * 生成文书 PDF（草稿或正式）。
 */
export type DocumentDraftArgs = { case_no: string, 
/**
 * Where to write the PDF (the shells pass a path in the case's folder).
 */
out: string, kind: DocKind, 
/**
 * A final copy (no watermark): needs the two sign-offs and, for a red header, the 文号.
 */
final?: boolean, 
/**
 * The body as edited by the clerk (one paragraph per line); replaces the template's.
 */
body?: string | null, 
/**
 * Whom the document is addressed to, when not the petitioner (a confidential case's
 * accuser is then masked everywhere in the document).
 */
recipient?: string | null, 
/**
 * Values for placeholders such as `review_office` (the 复查 office).
 */
vars?: { [key in string]: string }, 
/**
 * For a 送达回证: the documents served together (default: the latest delivery's, or
 * every document of the case).
 */
served?: Array<DocKind>, };

export type DocumentInput = { kind: DocKind, doc_no?: string | null, 
/**
 * The title of an 其他法定文书 (required for that kind).
 */
title?: string | null, issued_at?: string | null, };

export type DocumentOpenArgs = { path: string, };

export type DocumentPrintArgs = { path: string, printer?: string | null, };

/**
 * 保存文书正文与填写内容（存入台账；签批后修改则原签批失效）。
 */
export type DocumentSaveArgs = { case_no: string, kind: DocKind, 
/**
 * Empty: back to the template's body.
 */
body?: string | null, vars?: { [key in string]: string }, };

/**
 * What 编辑正文 opens with.
 */
export type DocumentText = { 
/**
 * The saved body, else the template's filled for this case.
 */
body: string, 
/**
 * `body` is the template's (nothing saved yet).
 */
from_template: boolean, 
/**
 * The template's body filled for this case ("恢复模板正文").
 */
template: string, vars: { [key in string]: string }, 
/**
 * Fill-in prompts still in the text: a final copy is refused until none is left.
 */
prompts: Array<string>, 
/**
 * A sign-off was given to an earlier text and no longer counts.
 */
signoffs_void: boolean, };

/**
 * 编辑正文：打开时的正文（已保存的，或按本件填好的模板正文）与尚未填写的提示。
 */
export type DocumentTextArgs = { case_no: string, kind: DocKind, };

/**
 * `{ "ok": true }`, for commands whose answer is only that they were done.
 */
export type Done = { ok: boolean, };

/**
 * A drafted document and where its PDF was written.
 */
export type DraftedAt = { path: string, kind: DocKind, title: string, pages: number, bytes: number, 
/**
 * A draft carries the "草稿" watermark.
 */
draft: boolean, doc_no: string | null, 
/**
 * The accuser's identity was masked (confidential case, someone else addressed).
 */
masked: boolean, 
/**
 * Characters printed with the fallback font.
 */
fallback_chars: Array<string>, fonts: Array<string>, 
/**
 * Suggested file name: `<信访件编号>-<文书名称>.pdf` (domain.md §3).
 */
file_name: string, };

/**
 * Whose duty a deadline is: only the unit's own count as overdue work.
 */
export type Duty = "unit" | "petitioner" | "review_body";

/** 满意度评价：satisfied 满意 · basically_satisfied 基本满意 · dissatisfied 不满意 · expired 超期未评价 */
export type Evaluation = "satisfied" | "basically_satisfied" | "dissatisfied" | "expired";

export type Event = { kind: string, label: string, at: string, actor: string, detail: string, };

export type ExportOptions = { 
/**
 * Only this 责任单位.
 */
unit?: string | null, 
/**
 * Only cases that arrived in this year; also the year of the five-rates sheet.
 */
year?: number | null, 
/**
 * Columns in order; the common 台账 columns when absent.
 */
columns?: Array<string> | null, 
/**
 * Title row text; `<单位>信访事项台账（<年>年）` when absent.
 */
title?: string | null, 
/**
 * Mask every case's ID numbers and phones (500118********1234, 138****5678), for a copy
 * that leaves the office. Off by default: the export is the working 台账 and re-imports.
 * 检举控告 cases are masked either way.
 */
mask_personal?: boolean, };

export type ExportReport = { file: string, format: string, cases: number, overdue: number, 
/**
 * Confidential (检举控告) cases whose petitioner data was masked.
 */
masked: number, columns: Array<string>, };

export type Extension = { days: number, approved_by: string, reason: string, at: string, 
/**
 * The platform's 延期申请, where recorded.
 */
platform?: PlatformExtension | null, };

/**
 * One face as the settings page shows it.
 */
export type FaceInfo = { 
/**
 * 正文 / 标题 / 一级标题 / 二级标题 / 后备.
 */
role: string, 
/**
 * The file used, or the bundled face's name.
 */
source: string, 
/**
 * The official face of GB/T 9704 for this role (仿宋_GB2312, 方正小标宋…) was found.
 */
official: boolean, 
/**
 * `official`, `system` (another installed face), `bundled` or `missing`.
 */
kind: string, };

export type FilePages = { file_name: string, kind: DocKind, report: FileReport, pages: Array<PageView>, };

/**
 * 一个文件的检查结果。
 */
export type FileReport = { file_name: string, size: number, 
/**
 * 按内容识别的类型（pdf、jpeg、png、zip、exe……），识别不出为 unknown。
 */
detected_type: string, kind: DocKind | null, pages: Array<PageReport>, findings: Array<AttachmentFinding>, 
/**
 * 没有 `blocking` 发现。
 */
ok: boolean, };

export type FileType = "pdf" | "jpeg" | "png" | "gif" | "bmp" | "tiff" | "webp" | "zip" | "rar" | "seven_zip" | "exe" | "elf" | "ole_office" | "unknown";

export type Finding = { code: string, severity: Severity, severity_label: string, message: string, 
/**
 * The article of the rule the finding applies (a deadline finding cites its own rule).
 */
source: string, };

/**
 * What a reopened case's first round came to.
 */
export type FirstRound = { replied_at?: string | null, evaluation?: Evaluation | null, evaluated_at?: string | null, closed_at?: string | null, reopened_as: ReopenKind, };

export type FloorDay = { date: string, name: string, };

export type FollowUp = { on: string, way: FollowUpWay, result: string, };

/** 回访方式：phone 电话回访 · visit 上门回访 · interview 约谈回访 · online 网上回访 */
export type FollowUpWay = "phone" | "visit" | "interview" | "online";

/**
 * The clerk's font choice (设置 → 文书字体), stored in the ledger.
 */
export type FontSettings = { 
/**
 * `true`: always the bundled Fandol faces, so every PC prints the same document.
 */
bundled_only: boolean, 
/**
 * A folder with the unit's official font files (e.g. copied from the office PC),
 * searched before the system's font folders.
 */
folder?: string | null, };

export type FontSettingsGetArgs = Record<symbol, never>;

export type FontSettingsSetArgs = FontSettings;

/**
 * The font settings and what they resolve to on this PC.
 */
export type FontStatus = { settings: FontSettings, faces: Array<FaceInfo>, 
/**
 * What to do when an official face is missing; empty when all are found.
 */
advice: string | null, };

export type FontsStatusArgs = Record<symbol, never>;

/** 信访形式：letter 来信 · visit 来访 · online 网上 · phone 来电 */
export type Form = "letter" | "visit" | "online" | "phone";

export type ImportOptions = { 
/**
 * Sheet name; the first sheet when absent.
 */
sheet?: string | null, 
/**
 * The header's row number as the sheet shows it (1-based); detected when absent.
 */
header_row?: number | null, 
/**
 * Adjustments to the detected mapping: header text or column letter → column code or
 * Chinese name, or "" / "忽略" to skip the column. Empty: the saved mapping, if any.
 */
mapping?: { [key in string]: string }, on_existing?: OnExisting, 
/**
 * Preview only: parse and check everything, write nothing.
 */
dry_run?: boolean, 
/**
 * 责任单位 for rows that have none (a unit's own ledger often has no such column).
 */
unit?: string | null, 
/**
 * Save `mapping` for later imports (only when the import succeeds).
 */
save_mapping?: boolean, limits?: Limits, 
/**
 * 来源 / 信访形式 / 信访目的 for rows that have none (no such column, or a blank or
 * kept-as-note cell), asked once by the wizard; a row's own value always wins.
 */
default_source?: Source | null, default_form?: Form | null, default_purpose?: Purpose | null, 
/**
 * Rows (as the sheet numbers them) the clerk chose not to import.
 */
skip_rows?: Array<number>, 
/**
 * Skip every row that still has a problem (listed as skipped) instead of refusing the file.
 */
skip_rows_with_errors?: boolean, 
/**
 * Doubtful values to keep in 备注 instead of their own field: `all` (every value that
 * fails its check), a row (`7`), or a cell (`7:E`, `7:身份证号`).
 */
keep_as_note?: Array<string>, 
/**
 * Cells the clerk corrected before importing (the file itself is not changed).
 */
fixes?: Array<CellFix>, };

export type ImportReport = { file: string, sheet: string, encoding: string | null, header_row: number, columns: Array<ColumnMapping>, 
/**
 * Non-blank data rows read.
 */
rows: number, blank_rows: number, to_add: number, to_update: number, skipped_existing: Array<string>, 
/**
 * Rows that are not cases (合计, 说明, blank, repeated header) or that the clerk skipped.
 */
skipped: Array<SkippedRow>, 
/**
 * The 责任单位 for rows without one, and where it came from.
 */
default_unit: DefaultUnit | null, 
/**
 * Of 来源 / 信访形式 / 信访目的: those some row lacks (the wizard asks for a default).
 */
needs_defaults: Array<string>, 
/**
 * Cells split into several fields, and values kept in 备注.
 */
split_cells: number, kept_as_note: number, errors_total: number, errors: Array<RowError>, warnings: Array<string>, preview: Array<PreviewRow>, dry_run: boolean, 
/**
 * True when the ledger was written (no errors, not a dry run).
 */
imported: boolean, added: number, updated: number, };

export type Inbox = { date: string, is_working_day: boolean, 
/**
 * Today's rounds with their status (upcoming ones included, for the 工作台 strip).
 */
rounds: Array<RoundView>, 
/**
 * What 已查看 would confirm now; absent before the first round and on rest days.
 */
current: CurrentRound | null, 
/**
 * Today's alerts whose time has come (shown or not by the notifications).
 */
alerts: Array<Alert>, 
/**
 * Rounds missed on the last [`MISSED_LOOKBACK_DAYS`] days before today.
 */
missed_earlier: number, next_round: PlannedRound | null, grace_minutes: number, };

export type Leader = { name: string, role: LeaderRole, role_label: string, };

/**
 * 添加签批领导。
 */
export type LeaderAddArgs = { unit: string, name: string, role: LeaderRole, };

export type LeaderRemoveArgs = { unit: string, name: string, role: LeaderRole, };

/** 领导职责：supervising_leader 分管领导 · principal_leader 主要领导 */
export type LeaderRole = "supervising_leader" | "principal_leader";

/**
 * 导出台账（.xlsx / .csv）。
 */
export type LedgerExportArgs = { path: string, options?: ExportOptions, };

/**
 * 导入台账（预览或写入）。
 */
export type LedgerImportArgs = { path: string, options?: ImportOptions, };

/** 法定途径：litigation 诉讼、复议、检察、公安等法律程序 · arbitration 仲裁 · party_appeal 党员申诉、申请复审 · administrative 行政复议、裁决、确认、许可、处罚等行政程序 · statutory_duty 申请查处违法行为、履行保护合法权益职责 */
export type LegalRoute = "litigation" | "arbitration" | "party_appeal" | "administrative" | "statutory_duty";

/**
 * What a file may hold before it is refused.
 */
export type Limits = { max_file_bytes: number, 
/**
 * Any one part of an .xlsx/.ods (a sheet, the shared strings) after decompression.
 */
max_part_bytes: number, 
/**
 * All parts together after decompression.
 */
max_total_bytes: number, max_rows: number, max_columns: number, };

/**
 * The event that meets a deadline.
 */
export type MetBy = "signed_at" | "accepted_at" | "replied_at" | "notified_at" | "review_requested_at" | "review_opinion_at" | "re_review_requested_at" | "re_review_opinion_at";

/** 办理方式：direct_reply 直接回复 · petition_channel 信访途径受理 · statutory_channel 其他法定途径受理 · decline 不予受理 · return_case 退件 */
export type Method = "direct_reply" | "petition_channel" | "statutory_channel" | "decline" | "return_case";

/**
 * A handling method as the decide dialog explains it.
 */
export type MethodInfo = { method: Method, label: string, hint: string, 
/**
 * N §三.四: the attachments to upload, one slot each (any kind in a slot will do).
 */
required_documents: Array<Array<DocKind>>, 
/**
 * N §三.二 / 条例 §31: the purposes this method suits.
 */
suits: Array<Purpose>, };

/**
 * One month of the trend chart.
 */
export type MonthRates = { month: number, counts: RateCounts, rates: Array<Rate>, };

/**
 * Everything the clerk enters when registering a case (domain.md §5).
 */
export type NewCase = { case_no: string, unit: string, source: Source, sender?: string | null, sender_level?: SenderLevel | null, arrived_at: string, 
/**
 * 信访日期: when the petitioner wrote, called or came — distinct from `arrived_at`, when
 * the item reached this unit (a transferred letter arrives days later).
 */
petition_date?: string | null, form: Form, petitioners: Array<Petitioner>, people_count?: number | null, demand: string, 
/**
 * 诉求摘要: what documents quote instead of the whole demand (issue #21 §3). Empty means
 * the summary made from the demand ([`NewCase::summary`]).
 */
demand_summary?: string | null, suggestions?: string | null, facts?: string | null, history?: string | null, purpose: Purpose, category?: string | null, hot_issue?: string | null, cause?: string | null, sensitive: boolean, threat: boolean, responsible_leader?: string | null, case_owner_leader?: string | null, 
/**
 * 纳入满意度评价: the sender put the item under satisfaction evaluation (N §二).
 */
in_evaluation_scope: boolean, section?: string | null, handler?: string | null, 
/**
 * 重复信访: the earlier case this one repeats.
 */
repeat_of?: string | null, 
/**
 * 其他法定途径: the deadline set by that procedure, entered by the clerk.
 */
statutory_due_date?: string | null, 
/**
 * 交办/督办期限: the day the sender set for the result and its 办结报告 (条例 §22).
 */
sender_deadline?: string | null, notes?: string | null, };

/**
 * One notification: what the clerk reads, and where a click leads (`round` for the confirm
 * dialog, else a UI route such as `/case/YC2026-0001` or `/ledger?overdue=1`).
 */
export type Notice = { summary: string, body: string, target: string, };

/**
 * What to do with a row whose case number is already in the ledger.
 */
export type OnExisting = "skip" | "update";

/**
 * A case with something still to put right after delivery.
 */
export type OpenProblem = { case_no: string, status_label: string, receipts_unsigned: number, 
/**
 * The attachment check's must-fix items, in its words.
 */
attachments: Array<string>, };

export type PackageOutcome = { case_no: string, out_dir: string, 
/**
 * 按平台顺序写出的文件名。
 */
files: Array<string>, manifest: string, 
/**
 * 有必须处理的问题但写明理由强制打包。
 */
overridden: boolean, verdict: string, };

/**
 * 一页的扫描质量指标。
 */
export type PageMetrics = { 
/**
 * 有内容的像素占比。
 */
ink_ratio: number, 
/**
 * 灰度 1%–99% 分位差（0–255）。
 */
contrast: number, 
/**
 * 归一化拉普拉斯能量 Σ∇²I² ÷ Σ|∇I|²（100 dpi 下）：清晰文字约 1，模糊的明显变小。
 */
sharpness: number, 
/**
 * 传统的拉普拉斯方差（仅供参考）。
 */
laplacian_variance: number, };

/**
 * 一页的分析结果（图片文件只有一页）。
 */
export type PageReport = { page: number, 
/**
 * 页面宽、高（毫米）；图片按 A4 推定。
 */
width_mm: number, height_mm: number, 
/**
 * 扫描图像的有效分辨率；纯电子文本页为空。
 */
dpi: number | null, metrics: PageMetrics | null, seal: SealHit | null, };

/**
 * 一页的缩略图与检查结果：鲜章外接框（占图像的比例）与本页的发现。
 */
export type PageView = { page: number, data_url: string | null, note: string | null, width_mm: number | null, height_mm: number | null, dpi: number | null, seal: SealHit | null, findings: Array<AttachmentFinding>, };

/**
 * What became due since the last tick; each round and alert is returned only once.
 */
export type Pending = { rounds: Array<PendingRound>, alerts: Array<Alert>, 
/**
 * One line for the alert notification, if any alert is new.
 */
alert_message: string | null, 
/**
 * Today's rounds whose time has come and that are not confirmed.
 */
open_rounds: number, 
/**
 * Cases with an alert today (overdue, due today, due soon, before a break).
 */
alert_cases: number, 
/**
 * The tray tooltip.
 */
tooltip: string, next_round: PlannedRound | null, 
/**
 * What to show for it, in the clerk's words: the desktop's notifications and the
 * browser edition's (Notification API, or a flashing title) read the same text.
 */
notices: Array<Notice>, };

export type PendingRound = { 
/**
 * Shown after its time (the app was not running, or the PC was asleep).
 */
caught_up: boolean, date: string, 
/**
 * 1-based number of the round within its day.
 */
seq: number, at: string, 
/**
 * 第 1 次查看（上午）
 */
label: string, 
/**
 * 第 1 次查看（上午）：请登录重庆智能信访信息系统查看待办
 */
message: string, };

export type Petitioner = { name: string, id_number?: string | null, phone?: string | null, address?: string | null, 
/**
 * 代表: chosen by a joint petition to speak for it (条例 §20 ¶3: at most 5 for a visit).
 */
representative?: boolean, };

/**
 * One planned "2+2" check round.
 */
export type PlannedRound = { date: string, 
/**
 * 1-based number of the round within its day.
 */
seq: number, at: string, 
/**
 * 第 1 次查看（上午）
 */
label: string, 
/**
 * 第 1 次查看（上午）：请登录重庆智能信访信息系统查看待办
 */
message: string, };

/** 平台延期申请：submitted 已提交 · approved 已同意 · refused 未同意 */
export type PlatformExtension = "submitted" | "approved" | "refused";

/**
 * One row of the sheet as it would be imported, with its problems beside it. Every row
 * read is here (a row with errors too), so the clerk sees what parsed.
 */
export type PreviewRow = { row: number, 
/**
 * 新增, 更新, 跳过（已存在）, 有错误, 跳过（有错误）.
 */
action: string, case_no: string, unit: string, source: string, sender: string, form: string, arrived_at: string, petitioner: string, purpose: string, method: string | null, demand: string, 
/**
 * Fields filled from a default (codes: unit, source, form, purpose).
 */
defaulted: Array<string>, 
/**
 * What was done to the row's values: combined cells split, values kept in 备注, fixes.
 */
notes: Array<string>, problems: Array<RowError>, };

/**
 * What the print spooler answered.
 */
export type Printed = { ok: boolean, spooler: string, };

/** 信访目的：suggestion 意见建议 · accusation 检举控告 · claim 申诉求决 · other 其他 */
export type Purpose = "suggestion" | "accusation" | "claim" | "other";

export type Rate = { id: RateId, label: string, numerator: number, denominator: number, 
/**
 * None when nothing is in the denominator (shown as "—").
 */
value: number | null, target: number, on_target: boolean | null, formula: string, };

/**
 * Counts behind the five rates for one unit (or all units) in a period.
 */
export type RateCounts = { total: number, 
/**
 * 人次: each counted case's people (a 联名信 or 集体访 counts every signer or visitor).
 */
people: number, accepted_in_time: number, accepted_late: number, overdue_unaccepted: number, replied_in_time: number, replied_late: number, overdue_unanswered: number, evaluation_scope: number, evaluated: number, satisfied: number, repeats: number, };

export type RateId = "timely_acceptance" | "on_time_reply" | "participation" | "satisfaction" | "repeat_rate";

export type RateWeight = { rate: RateId, 
/**
 * Points = rate × this.
 */
points: number, };

/**
 * 某年“五率”。
 */
export type RatesArgs = { year: number, unit?: string | null, };

export type RatesByMonthArgs = { year: number, unit?: string | null, };

/**
 * The five rates of a year: all units together and each unit.
 */
export type RatesReport = { year: number, profile: string, 
/**
 * Counted up to this day (cases overdue by then count against the rates).
 */
as_of: string, 
/**
 * All units together (or the one unit asked for).
 */
overall: UnitRates, units: Array<UnitRates>, };

/**
 * Why a backup was taken.
 */
export type Reason = "daily" | "manual" | "before_migration" | "before_import" | "before_restore";

export type ReminderInboxArgs = Record<symbol, never>;

/**
 * Reminder settings; every field has a default, so no configuration is needed.
 */
export type ReminderSettings = { 
/**
 * China-time `HH:MM` of each round on a working day (default 09:00, 11:00, 14:30, 16:30).
 */
round_times: Array<string>, 
/**
 * Working days without rounds (leave, training); deadline alerts still fire.
 */
quiet_days: Array<string>, 
/**
 * Days before a deadline to warn ("明天到期" is 1).
 */
lead_days: Array<number>, 
/**
 * A round confirmed within this many minutes of its time is on time; later is late;
 * never confirmed after this is missed.
 */
grace_minutes: number, 
/**
 * A round may be confirmed this many minutes before its time.
 */
early_minutes: number, 
/**
 * Warn on the last working day before a break when a deadline falls in or just after it.
 */
escalate_before_rest: boolean, };

export type ReminderSettingsGetArgs = Record<symbol, never>;

export type ReminderSettingsSetArgs = ReminderSettings;

/** 再次办理方式：redo 重新办理 · second_reply 二次答复 */
export type ReopenKind = "redo" | "second_reply";

/**
 * An earlier case that may be the same matter (a possible 重复信访).
 */
export type RepeatCandidate = { case_no: string, arrived_at: string, 
/**
 * The first 40 characters of its demand.
 */
demand: string, unit: string, status_label: string, 
/**
 * Why it is suggested, joined: "身份证号相同、诉求相似 82%".
 */
matched_by: string, reasons: Array<string>, 
/**
 * Whether the same person raised it (ID number, or name and phone).
 */
same_person: boolean, 
/**
 * How alike the demands are, 0–1.
 */
similarity: number, 
/**
 * The ranking score (same person, then same place, then the words).
 */
score: number, };

/** 三到位一处理：resolved 诉求合理的解决问题到位 · counselled 诉求无理的思想疏导到位 · assisted 生活困难的帮扶救助到位 · lawfully_handled 违法行为依法处理 */
export type RepeatCheck = "resolved" | "counselled" | "assisted" | "lawfully_handled";

/**
 * One ticked item of a repeat case's checklist.
 */
export type RepeatCheckMark = { item: RepeatCheck, done_at: string, note?: string | null, };

/**
 * What to look for earlier cases by: a case in the ledger, or a form being filled in.
 */
export type RepeatQuery = { 
/**
 * A registered case: its own petitioners, demand and arrival are used.
 */
case_no?: string | null, demand?: string | null, petitioners?: Array<Petitioner>, arrived_at?: string | null, limit?: number | null, };

/**
 * 查找可能重复的在先件（同一信访人，或同一住址、相似诉求）。
 */
export type RepeatSuggestArgs = RepeatQuery;

export type RestoreOutcome = { restored: CheckedBackup, 
/**
 * The backup of the ledger as it was just before the restore.
 */
kept: BackupInfo, };

/** 退件审核结果：approved 同意退件 · refused 不同意退件 */
export type ReturnResult = "approved" | "refused";

export type Review = { kind: ReviewKind, requested_at: string, opinion_at?: string | null, result?: string | null, 
/**
 * 签收日期 of the written opinion by the petitioner: the next window runs from it.
 */
opinion_received_on?: string | null, 
/**
 * 听证 days, not counted in the 30 days (条例 §36 ¶2).
 */
hearing_days: number, };

/** 复查复核类别：review 复查 · re_review 复核 */
export type ReviewKind = "review" | "re_review";

/**
 * What a unit's cases are to this ledger when it comes to 复查/复核 (条例 §35, §36).
 */
export type ReviewRole = "own_cases" | "reviewing_body";

/** 附件审核人：supervising_leader 分管领导 · district_office 区信访办 */
export type Reviewer = "supervising_leader" | "district_office";

export type RoundDone = { round: RoundView, 
/**
 * Earlier rounds of the day that were shown late (caught up) and are confirmed with it.
 */
also_confirmed: Array<RoundView>, 
/**
 * 第 2 次查看（上午）：已查看，新增 3 件待签收
 */
message: string, };

/**
 * 确认一轮“2+2”查看。
 */
export type RoundDoneArgs = { at?: string | null, new_items?: number, };

export type RoundStatus = "upcoming" | "open" | "on_time" | "late" | "missed";

/**
 * A planned round with what the log says about it.
 */
export type RoundView = { status: RoundStatus, status_label: string, notified_at: string | null, caught_up: boolean, confirmed_at: string | null, new_items: number | null, date: string, 
/**
 * 1-based number of the round within its day.
 */
seq: number, at: string, 
/**
 * 第 1 次查看（上午）
 */
label: string, 
/**
 * 第 1 次查看（上午）：请登录重庆智能信访信息系统查看待办
 */
message: string, };

export type RoundsExport = { file: string, format: string, month: string, days: number, rounds: number, };

export type RoundsPendingArgs = { since?: string | null, };

export type RoundsPlan = { from: string, to: string, rounds: Array<RoundView>, alerts: Array<Alert>, warnings: Array<string>, };

export type RoundsPlanArgs = { from: string, to: string, };

export type RoundsReport = { month: string, planned: number, on_time: number, late: number, missed: number, open: number, upcoming: number, rows: Array<RoundView>, 
/**
 * The audit chain's head when the report was made (issue #8): printed on the paper
 * report, it later proves the history up to that entry was not rewritten.
 */
chain_head: ChainHead | null, };

export type RoundsReportArgs = { month: string, };

export type RoundsReportExportArgs = { month: string, path: string, };

/**
 * One problem in one cell (or a whole row when `column` is empty).
 */
export type RowError = { 
/**
 * Row number as the sheet shows it (1-based); 0 for the file as a whole.
 */
row: number, 
/**
 * Column letter and header, e.g. `D（到达日期）`.
 */
column: string, value: string, problem: string, fix: string, 
/**
 * The field the problem is in (for a fix in the wizard), when it is one field's.
 */
field: string | null, 
/**
 * The value may be kept in 备注 instead (`--keep-invalid-as-note`).
 */
keepable: boolean, };

/**
 * The rule settings a unit may change; each falls back to domain.md's default.
 */
export type RuleSettings = { deadline_rules: Array<DeadlineRule>, 
/**
 * A deadline is "due soon" this many days before its last day.
 */
due_soon_days: number, score_profile: ScoreProfile, 
/**
 * N §三.三: the documents that need 分管 → 主要 sign-off before delivery. Default 处理意见书
 * and 答复意见书 only; a stricter unit adds others.
 */
signoff_scope: Array<DocKind>, 
/**
 * 条例 §35–36: per unit (by name), whether this ledger is the reviewing body.
 */
review_roles: { [key in string]: ReviewRole }, 
/**
 * N §二: days the petitioner has to evaluate once the answer reached them, as the
 * province's platform sets it (the notice names no length). None: no window is shown.
 */
evaluation_window_days?: number | null, };

export type ScoreItem = { label: string, points: number, };

export type ScoreProfile = { name: string, weights: Array<RateWeight>, 
/**
 * Deducted for each percentage point the repeat rate rises over last year.
 */
repeat_rise_penalty_per_pct: number, breach_penalty_city: number, breach_penalty_district: number, targets: Targets, 
/**
 * Methods whose answered cases are evaluated (其他法定途径 and 退件 are not). Whether a
 * declined case counts is this list holding 不予受理 (default: it does).
 */
evaluation_scope_methods: Array<Method>, 
/**
 * 检举控告 cases may be evaluated and recorded; whether they count in 参评率/满意率 is
 * this setting (default: excluded, 条例 §30 keeps them confidential).
 */
exclude_accusations: boolean, 
/**
 * A 退件 the sender approved (条例 §23 ¶3) is the other unit's case: off this unit's
 * five rates, as the platform counts (default). Off = it stays counted as accepted.
 */
exclude_returned: boolean, };

/**
 * 找到的鲜章：中心位置（距左上角，毫米）、直径与外圈完整度。
 */
export type SealHit = { x_mm: number, y_mm: number, diameter_mm: number, 
/**
 * 外圈上找到红色的方向所占比例（0–1）。
 */
ring_coverage: number, 
/**
 * 外接框在所分析图像中的位置（左、上、右、下，占图像宽/高的比例 0–1），
 * 供界面在缩略图上框出鲜章。
 */
bbox: [number, number, number, number], };

/** 来源机关层级：national 国家 · city 市 · district 区 */
export type SenderLevel = "national" | "city" | "district";

/**
 * 无参数。
 */
export type SettingsGetArgs = Record<symbol, never>;

export type SettingsSetArgs = RuleSettings;

export type Severity = "error" | "warning" | "info";

/**
 * The sheet as written, and where.
 */
export type SheetAt = { sheet: CaseSheet, path: string, };

export type Signoff = { role: LeaderRole, leader: string, at: string, 
/**
 * SHA-256 of the text the leader approved (issue #21 §1); none for sign-offs recorded
 * before texts were bound.
 */
body_sha256?: string | null, 
/**
 * The text changed after this sign-off: it no longer counts (computed when the case is shown).
 */
void: boolean, };

/**
 * A row read past: not a case.
 */
export type SkippedRow = { row: number, 
/**
 * total (合计/小计), note (说明、制表人 …), blank, header (a repeated header), chosen
 * (the clerk's choice), invalid (had problems, skipped by choice).
 */
kind: string, 
/**
 * Why, in Chinese.
 */
reason: string, 
/**
 * What the row held (shortened).
 */
text: string, };

export type SortKey = "arrived_desc" | "arrived_asc" | "next_due" | "case_no";

/** 来源：forwarded 转送 · assigned 交办 · supervised 督办 · direct 直接受理 */
export type Source = "forwarded" | "assigned" | "supervised" | "direct";

/**
 * Which items a rule binds, by how they reached the unit.
 */
export type SourceScope = "all" | "transferred" | "direct";

/** 办理状态：awaiting_sign 待签收 · awaiting_decision 待受理 · in_progress 办理中 · replied 已答复 · delivered 已送达 · evaluated 已评价 · returned 已退件 · return_pending 退件待审核 · closed 已办结 · deleted 已删除 */
export type Status = "awaiting_sign" | "awaiting_decision" | "in_progress" | "replied" | "delivered" | "evaluated" | "returned" | "return_pending" | "closed" | "deleted";

export type Supervision = { at: string, 
/**
 * The new deadline the 督办 set, if any (it replaces the earlier one).
 */
deadline?: string | null, note?: string | null, };

export type Targets = { timely_acceptance: number, on_time_reply: number, participation: number, satisfaction: number, 
/**
 * N §二 "控制在15%以下": the repeat rate must not exceed this ("以下" includes the
 * number, 民法典 §1259).
 */
repeat_rate_below: number, 
/**
 * Units above ("超过", the number itself excluded) this repeat rate are named.
 */
repeat_rate_named_above: number, };

/**
 * A code name and its Chinese label.
 */
export type Term = { value: string, label: string, };

export type TodayArgs = Record<symbol, never>;

export type TodaySummary = { date: string, day_kind: string, is_working_day: boolean, calendar_warning: string | null, total_cases: number, awaiting_sign: number, awaiting_decision: number, in_progress: number, overdue: CountedList, 
/**
 * Next deadline today or tomorrow.
 */
due_soon: CountedList, 
/**
 * 本周到期: next deadline after tomorrow and by Sunday (issue #21 §11).
 */
due_this_week: CountedList, 
/**
 * Cases whose uploads are incomplete or whose 送达回证 has not come back, whatever
 * their status (an evaluated case stays here until solved).
 */
open_problems: Array<OpenProblem>, open_problems_total: number, };

export type UnitInfo = { name: string, cases: number, leaders: Array<Leader>, };

export type UnitListArgs = Record<symbol, never>;

export type UnitRates = { unit: string, counts: RateCounts, rates: Array<Rate>, repeat_rate_last_year: number | null, 
/**
 * Percentage points, this year minus last year.
 */
repeat_rate_change_pct: number | null, 
/**
 * Over the "named" threshold (N §二: units over 25% are named).
 */
named_for_repeats: boolean, breaches_city: number, breaches_district: number, score: number, score_items: Array<ScoreItem>, };

/**
 * Everything the UI labels and explains, in the core's order.
 */
export type Vocabulary = { source: Array<Term>, sender_level: Array<Term>, form: Array<Term>, purpose: Array<Term>, method: Array<Term>, decline_ground: Array<Term>, status: Array<Term>, evaluation: Array<Term>, delivery_method: Array<Term>, doc_kind: Array<Term>, leader_role: Array<Term>, breach_level: Array<Term>, review_kind: Array<Term>, reviewer: Array<Term>, 
/**
 * 条例 §31 (一)–(五): the statutory routes ruled out before the petition channel.
 */
legal_route: Array<Term>, 
/**
 * N §三.三 "三到位一处理".
 */
repeat_check: Array<Term>, return_result: Array<Term>, reopen_kind: Array<Term>, follow_up_way: Array<Term>, platform_extension: Array<Term>, methods: Array<MethodInfo>, default_settings: RuleSettings, upload_max_bytes: number, };

/**
 * 无参数。
 */
export type VocabularyArgs = Record<symbol, never>;

/**
 * One open 初信初访 case with signs that it may come back.
 */
export type WatchItem = { case_no: string, unit: string, form: Form, arrived_at: string, status_label: string, next_due: string | null, 
/**
 * 初转重 or 信转访.
 */
kind: string, risks: Array<string>, };

/**
 * The 工作台 card: first petitions under watch, and how many have already come back.
 */
export type WatchList = { 
/**
 * Open 初信初访 cases.
 */
first_open: number, 
/**
 * First petitions a later case already repeats (初转重), and of those by letter, call or
 * online, how many came back as a visit (信转访).
 */
turned_repeat: number, turned_visit: number, 
/**
 * How many cases have at least one risk.
 */
on_list: number, 
/**
 * The first of them (at most [`WATCH_ITEMS`]), most at risk first.
 */
items: Array<WatchItem>, };

/**
 * 无参数：初信初访关注清单（初转重、信转访风险）。
 */
export type WatchListArgs = Record<symbol, never>;

/**
 * Which step to take back; the rules (`rules::actions`) say which one of its kind.
 */
export type WithdrawStep = "decision" | "signoff" | "review";

/**
 * What is known of a year before (or after) its State Council notice: the statutory
 * holidays (放假办法 第二条) and the weekends a 调休 may turn into working days. The holiday
 * form previews a year's spans against it.
 */
export type YearFloor = { year: number, 
/**
 * The ledger already has this year's notice (bundled or entered).
 */
covered: boolean, holidays: Array<FloorDay>, possible_makeup_workdays: Array<string>, };

/** Every command: its request and its response. */
export interface Commands {
  case_add: { request: CaseAddArgs; response: AddOutcome }
  case_update: { request: CaseUpdateArgs; response: CaseView }
  case_show: { request: CaseShowArgs; response: CaseView }
  case_list: { request: CaseListArgs; response: CaseList }
  case_history: { request: CaseHistoryArgs; response: Array<AuditEntry> }
  case_sign: { request: CaseSignArgs; response: CaseView }
  case_decide: { request: CaseDecideArgs; response: CaseView }
  case_reply: { request: CaseReplyArgs; response: CaseView }
  case_extend: { request: CaseExtendArgs; response: CaseView }
  case_document: { request: CaseDocumentArgs; response: CaseView }
  case_signoff: { request: CaseSignoffArgs; response: CaseView }
  case_deliver: { request: CaseDeliverArgs; response: CaseView }
  case_receipt: { request: CaseReceiptArgs; response: CaseView }
  case_attachment: { request: CaseAttachmentArgs; response: CaseView }
  case_attachment_review: { request: CaseAttachmentReviewArgs; response: CaseView }
  case_evaluate: { request: CaseEvaluateArgs; response: CaseView }
  case_review_request: { request: CaseReviewRequestArgs; response: CaseView }
  case_review_opinion: { request: CaseReviewOpinionArgs; response: CaseView }
  case_review_details: { request: CaseReviewDetailsArgs; response: CaseView }
  case_return_result: { request: CaseReturnResultArgs; response: CaseView }
  case_supervise: { request: CaseSuperviseArgs; response: CaseView }
  case_close: { request: CaseCloseArgs; response: CaseView }
  case_reopen: { request: CaseReopenArgs; response: CaseView }
  case_follow_up: { request: CaseFollowUpArgs; response: CaseView }
  case_delete: { request: CaseDeleteArgs; response: CaseView }
  case_restore: { request: CaseRestoreArgs; response: CaseView }
  case_withdraw: { request: CaseWithdrawArgs; response: CaseView }
  case_mark_repeat: { request: CaseMarkRepeatArgs; response: CaseView }
  repeat_suggest: { request: RepeatSuggestArgs; response: Array<RepeatCandidate> }
  case_repeat_check: { request: CaseRepeatCheckArgs; response: CaseView }
  watch_list: { request: WatchListArgs; response: WatchList }
  case_sheet: { request: CaseSheetArgs; response: SheetAt }
  case_check: { request: CaseCheckArgs; response: CheckReport }
  breach_add: { request: BreachAddArgs; response: Done }
  rates: { request: RatesArgs; response: RatesReport }
  today: { request: TodayArgs; response: TodaySummary }
  deadlines_preview: { request: DeadlinesPreviewArgs; response: Array<Deadline> }
  unit_list: { request: UnitListArgs; response: Array<UnitInfo> }
  rates_by_month: { request: RatesByMonthArgs; response: Array<MonthRates> }
  settings_get: { request: SettingsGetArgs; response: RuleSettings }
  settings_set: { request: SettingsSetArgs; response: RuleSettings }
  calendar_overrides: { request: CalendarOverridesArgs; response: Array<DayOverride> }
  calendar_day: { request: CalendarDayArgs; response: CalendarDay }
  leader_add: { request: LeaderAddArgs; response: Array<UnitInfo> }
  leader_remove: { request: LeaderRemoveArgs; response: Array<UnitInfo> }
  calendar_override: { request: CalendarOverrideArgs; response: Done }
  calendar_import: { request: CalendarImportArgs; response: CalendarImported }
  calendar_floor: { request: CalendarFloorArgs; response: YearFloor }
  document_draft: { request: DocumentDraftArgs; response: DraftedAt }
  document_text: { request: DocumentTextArgs; response: DocumentText }
  document_save: { request: DocumentSaveArgs; response: CaseView }
  doc_no_allocate: { request: DocNoAllocateArgs; response: DocNumber }
  doc_no_void: { request: DocNoVoidArgs; response: DocNumber }
  doc_no_list: { request: DocNoListArgs; response: Array<DocNumber> }
  document_print: { request: DocumentPrintArgs; response: Printed }
  document_open: { request: DocumentOpenArgs; response: Done }
  ledger_export: { request: LedgerExportArgs; response: ExportReport }
  ledger_import: { request: LedgerImportArgs; response: ImportReport }
  rounds_plan: { request: RoundsPlanArgs; response: RoundsPlan }
  round_done: { request: RoundDoneArgs; response: RoundDone }
  rounds_pending: { request: RoundsPendingArgs; response: Pending }
  rounds_report: { request: RoundsReportArgs; response: RoundsReport }
  alerts: { request: AlertsArgs; response: Array<Alert> }
  reminder_settings_get: { request: ReminderSettingsGetArgs; response: ReminderSettings }
  reminder_settings_set: { request: ReminderSettingsSetArgs; response: ReminderSettings }
  reminder_inbox: { request: ReminderInboxArgs; response: Inbox }
  rounds_report_export: { request: RoundsReportExportArgs; response: RoundsExport }
  attachment_inspect: { request: AttachmentInspectArgs; response: FileReport }
  attachment_add: { request: AttachmentAddArgs; response: AttachOutcome }
  attachments_check: { request: AttachmentsCheckArgs; response: CaseAttachmentReport }
  attachments_package: { request: AttachmentsPackageArgs; response: PackageOutcome }
  font_settings_get: { request: FontSettingsGetArgs; response: FontSettings }
  font_settings_set: { request: FontSettingsSetArgs; response: FontStatus }
  fonts_status: { request: FontsStatusArgs; response: FontStatus }
  backup_now: { request: BackupNowArgs; response: BackupMade }
  backup_list: { request: BackupListArgs; response: Array<BackupInfo> }
  backup_status: { request: BackupStatusArgs; response: BackupStatus }
  backup_check: { request: BackupCheckArgs; response: CheckedBackup }
  backup_restore: { request: BackupRestoreArgs; response: RestoreOutcome }
  backup_settings_get: { request: BackupSettingsGetArgs; response: BackupSettings }
  backup_settings_set: { request: BackupSettingsSetArgs; response: BackupSettings }
  audit_verify: { request: AuditVerifyArgs; response: ChainReport }
  attachment_upload: { request: AttachmentUploadArgs; response: AttachOutcome }
  attachment_pages: { request: AttachmentPagesArgs; response: FilePages }
  attachment_remove: { request: AttachmentRemoveArgs; response: CaseView }
  attachment_settings_get: { request: AttachmentSettingsGetArgs; response: AttachmentSettings }
  attachment_settings_set: { request: AttachmentSettingsSetArgs; response: AttachmentSettings }
  vocabulary: { request: VocabularyArgs; response: Vocabulary }
  clerk_profile_get: { request: ClerkProfileGetArgs; response: ClerkProfile }
  clerk_profile_set: { request: ClerkProfileSetArgs; response: ClerkProfile }
}

export type CommandName = keyof Commands

export const COMMAND_NAMES: CommandName[] = [
  'case_add',
  'case_update',
  'case_show',
  'case_list',
  'case_history',
  'case_sign',
  'case_decide',
  'case_reply',
  'case_extend',
  'case_document',
  'case_signoff',
  'case_deliver',
  'case_receipt',
  'case_attachment',
  'case_attachment_review',
  'case_evaluate',
  'case_review_request',
  'case_review_opinion',
  'case_review_details',
  'case_return_result',
  'case_supervise',
  'case_close',
  'case_reopen',
  'case_follow_up',
  'case_delete',
  'case_restore',
  'case_withdraw',
  'case_mark_repeat',
  'repeat_suggest',
  'case_repeat_check',
  'watch_list',
  'case_sheet',
  'case_check',
  'breach_add',
  'rates',
  'today',
  'deadlines_preview',
  'unit_list',
  'rates_by_month',
  'settings_get',
  'settings_set',
  'calendar_overrides',
  'calendar_day',
  'leader_add',
  'leader_remove',
  'calendar_override',
  'calendar_import',
  'calendar_floor',
  'document_draft',
  'document_text',
  'document_save',
  'doc_no_allocate',
  'doc_no_void',
  'doc_no_list',
  'document_print',
  'document_open',
  'ledger_export',
  'ledger_import',
  'rounds_plan',
  'round_done',
  'rounds_pending',
  'rounds_report',
  'alerts',
  'reminder_settings_get',
  'reminder_settings_set',
  'reminder_inbox',
  'rounds_report_export',
  'attachment_inspect',
  'attachment_add',
  'attachments_check',
  'attachments_package',
  'font_settings_get',
  'font_settings_set',
  'fonts_status',
  'backup_now',
  'backup_list',
  'backup_status',
  'backup_check',
  'backup_restore',
  'backup_settings_get',
  'backup_settings_set',
  'audit_verify',
  'attachment_upload',
  'attachment_pages',
  'attachment_remove',
  'attachment_settings_get',
  'attachment_settings_set',
  'vocabulary',
  'clerk_profile_get',
  'clerk_profile_set',
]
