//! `xinfang case …`: registering a case and every step of its handling.

use clap::{Args, Subcommand};
use xinfang::api::{CaseFilter, DeliveryInput, Desk, DocumentInput};
use xinfang::domain::{
    DeliveryMethod, DocKind, Evaluation, FollowUpWay, LeaderRole, NewCase, PlatformExtension,
    Purpose, ReopenKind, ReturnResult, ReviewKind, Reviewer, Source, Status,
};
use xinfang::time::{Time, parse_date};
use xinfang::{Error, Result};

use super::{print, read_input, t};

#[derive(Subcommand)]
pub(super) enum CaseCmd {
    /// 登记新件（JSON 字段名见术语表）
    Add {
        #[arg(long = "json", value_name = "FILE|-")]
        input: String,
    },
    /// 修改登记内容（JSON 对象，只含要改的字段）
    Update {
        case_no: String,
        #[arg(long = "json", value_name = "FILE|-")]
        input: String,
    },
    /// 台账列表
    List(ListArgs),
    /// 查看一件
    Show {
        case_no: String,
        #[arg(long)]
        json: bool,
    },
    /// 修改记录（审计日志）
    History { case_no: String },
    /// 签收
    Sign(AtArgs),
    /// 确定办理方式：direct_reply|petition_channel|statutory_channel|decline|return_case
    Decide {
        case_no: String,
        #[arg(long)]
        method: String,
        #[arg(long)]
        at: String,
        /// 不予受理的法定理由 / 退件的异议理由
        #[arg(long)]
        reason: Option<String>,
        /// 不予受理的法定理由（可选：same_matter_pending 条例第十九条第三款、re_reviewed
        /// 第三十六条第三款、legal_route 应通过诉讼、仲裁、行政复议等法定途径解决）
        #[arg(long)]
        ground: Option<String>,
        /// 不予受理：应向…提出 / 通过…程序
        #[arg(long)]
        redirect_to: Option<String>,
        /// 其他法定途径：该途径的办理期限（日期）
        #[arg(long)]
        statutory_due: Option<String>,
        /// 申诉求决件按信访途径受理时已排除的法定途径（条例第三十一条第一至五项），逗号分隔：
        /// litigation,arbitration,party_appeal,administrative,statutory_duty，或 all
        #[arg(long, value_delimiter = ',')]
        ruled_out: Vec<String>,
        #[arg(long)]
        json: bool,
    },
    /// 答复（出具回复、处理意见书等）
    Reply(AtArgs),
    /// 延期（最多 30 日）
    Extend {
        case_no: String,
        #[arg(long)]
        days: u32,
        #[arg(long)]
        approved_by: String,
        /// 延期理由（条例第三十四条：告知信访人延期理由）
        #[arg(long)]
        reason: String,
        #[arg(long)]
        at: String,
        /// 平台延期申请：submitted 已提交 | approved 已同意 | refused 未同意
        #[arg(long)]
        platform: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// 退件审核结果（条例第二十三条第三款）：--approved 同意退件 | --refused 不同意，回到待受理
    ReturnResult {
        case_no: String,
        #[arg(long, conflicts_with = "refused", required_unless_present = "refused")]
        approved: bool,
        #[arg(long)]
        refused: bool,
        #[arg(long)]
        at: String,
        #[arg(long)]
        note: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// 登记督办（条例第二十二条）；--deadline 为督办要求的新期限
    Supervise {
        case_no: String,
        #[arg(long)]
        at: String,
        #[arg(long)]
        deadline: Option<String>,
        #[arg(long)]
        note: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// 办结（文书已送达、附件已上传）
    Close(AtArgs),
    /// 不满意后再次办理：--kind redo 重新办理 | second_reply 二次答复
    Reopen {
        case_no: String,
        #[arg(long)]
        kind: String,
        #[arg(long)]
        at: String,
        #[arg(long)]
        note: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// 回访：--way 电话|上门|约谈|网上，--result 回访结果
    FollowUp {
        case_no: String,
        #[arg(long)]
        on: String,
        #[arg(long)]
        way: String,
        #[arg(long)]
        result: String,
        #[arg(long)]
        json: bool,
    },
    /// 登记文书及文号
    Document {
        case_no: String,
        #[arg(long)]
        kind: String,
        #[arg(long)]
        doc_no: Option<String>,
        /// 其他法定文书的名称（如：行政复议决定书）
        #[arg(long)]
        title: Option<String>,
        #[arg(long)]
        at: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// 领导签批：supervising_leader（分管）先，principal_leader（主要）后
    Signoff {
        case_no: String,
        #[arg(long)]
        kind: String,
        #[arg(long)]
        role: String,
        #[arg(long)]
        leader: String,
        #[arg(long)]
        at: String,
        #[arg(long)]
        json: bool,
    },
    /// 送达
    Deliver {
        case_no: String,
        #[arg(long)]
        at: String,
        #[arg(long)]
        method: String,
        #[arg(long)]
        recipient: String,
        /// 送达的文书，逗号分隔，如 reply_letter,delivery_receipt
        #[arg(long, value_delimiter = ',')]
        docs: Vec<String>,
        #[arg(long)]
        place: Option<String>,
        #[arg(long)]
        receipt_signed: bool,
        #[arg(long)]
        proxy_reason: Option<String>,
        #[arg(long)]
        witness: Option<String>,
        /// 送达回证上受送达人写的签收日期（复查、复核期限自此日起算）
        #[arg(long)]
        signed_on: Option<String>,
        /// 邮寄送达的邮件号码
        #[arg(long)]
        tracking_no: Option<String>,
        /// 留置送达的拒收理由
        #[arg(long)]
        refusal_reason: Option<String>,
        /// 送达人
        #[arg(long)]
        server: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// 送达回证返回：登记签收日期，或拒收（邮寄、委托、留置送达的回证寄回后）
    Receipt {
        case_no: String,
        /// 回证上的签收日期（或拒收退回之日），如 2026-10-20
        #[arg(long)]
        on: String,
        /// 第几次送达（默认最近一次尚未返回的）
        #[arg(long)]
        delivery: Option<u32>,
        /// 受送达人拒收
        #[arg(long)]
        refused: bool,
        /// 拒收理由
        #[arg(long)]
        refusal_reason: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// 登记已上传的附件
    Attachment {
        case_no: String,
        #[arg(long)]
        kind: String,
        #[arg(long)]
        file_name: String,
        #[arg(long)]
        at: String,
        #[arg(long)]
        json: bool,
    },
    /// 附件审核：supervising_leader 或 district_office
    AttachmentReview {
        case_no: String,
        #[arg(long)]
        file_name: String,
        #[arg(long)]
        reviewer: String,
        #[arg(long)]
        at: String,
        #[arg(long)]
        json: bool,
    },
    /// 满意度评价：满意|基本满意|不满意|超期未评价
    Evaluate {
        case_no: String,
        #[arg(long)]
        result: String,
        #[arg(long)]
        at: String,
        #[arg(long)]
        json: bool,
    },
    /// 复查/复核：先登记申请（--requested-at），再登记意见（--opinion-at），再登记信访人签收
    /// 意见的日期（--received-on）与听证天数（--hearing-days，复核期限不计入）
    Review {
        case_no: String,
        #[arg(long, default_value = "review")]
        kind: String,
        #[arg(long)]
        requested_at: Option<String>,
        #[arg(long)]
        opinion_at: Option<String>,
        #[arg(long)]
        result: Option<String>,
        #[arg(long)]
        received_on: Option<String>,
        #[arg(long)]
        hearing_days: Option<u32>,
        #[arg(long)]
        json: bool,
    },
    /// 标记为重复信访
    Repeat {
        case_no: String,
        #[arg(long)]
        of: String,
    },
    /// 可能重复的在先件：同一信访人，或同一住址、相似诉求（按相似程度排序）
    Similar {
        case_no: String,
        #[arg(long)]
        limit: Option<u32>,
        #[arg(long)]
        json: bool,
    },
    /// 重复信访件的“三到位一处理”：resolved|counselled|assisted|lawfully_handled
    RepeatCheck {
        case_no: String,
        #[arg(long)]
        item: String,
        /// 取消该项
        #[arg(long)]
        undo: bool,
        #[arg(long)]
        note: Option<String>,
        #[arg(long)]
        at: String,
        #[arg(long)]
        json: bool,
    },
    /// 初信初访关注清单（初转重、信转访风险）
    Watch {
        #[arg(long)]
        json: bool,
    },
    /// 呈批/办理经过单（A4 PDF）；--for-other 时按条例第三十条隐去检举人信息
    Sheet {
        case_no: String,
        #[arg(long)]
        out: String,
        #[arg(long)]
        for_other: bool,
    },
    /// 删除（可恢复）
    Delete {
        case_no: String,
        #[arg(long)]
        reason: String,
    },
    /// 恢复已删除的件
    Restore { case_no: String },
    /// 撤销一个办理步骤：decision（办理方式）、signoff（最近一次签批）、review（最近一步复查/复核）
    Withdraw {
        case_no: String,
        #[arg(long, value_parser = ["decision", "signoff", "review"])]
        step: String,
        #[arg(long)]
        reason: String,
    },
}

#[derive(Args)]
pub(super) struct AtArgs {
    case_no: String,
    #[arg(long)]
    at: String,
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
pub(super) struct ListArgs {
    #[arg(long)]
    unit: Option<String>,
    #[arg(long)]
    source: Option<String>,
    #[arg(long)]
    purpose: Option<String>,
    #[arg(long)]
    method: Option<String>,
    #[arg(long)]
    status: Option<String>,
    #[arg(long)]
    from: Option<String>,
    #[arg(long)]
    to: Option<String>,
    #[arg(long)]
    overdue: bool,
    /// 只看待引导评价（已答复、信访人尚未评价）
    #[arg(long)]
    to_evaluate: bool,
    #[arg(long)]
    due_within: Option<i64>,
    /// 中文模糊查询：信访人姓名、诉求、编号
    #[arg(long)]
    search: Option<String>,
    #[arg(long)]
    include_deleted: bool,
    #[arg(long)]
    limit: Option<u32>,
    #[arg(long)]
    offset: Option<u32>,
    #[arg(long)]
    json: bool,
}

pub(super) fn run(desk: &mut Desk, c: CaseCmd, now: &Time) -> Result<()> {
    match c {
        CaseCmd::Add { input } => {
            let case = NewCase::from_json(&read_input(&input)?)?;
            let outcome = desk.add_case(case, now)?;
            println!(
                "{}",
                serde_json::to_string_pretty(&outcome).unwrap_or_default()
            );
            if !outcome.possible_repeats.is_empty() {
                eprintln!(
                    "提示：发现 {} 件可能重复的在先件（同一信访人，或同一住址、相似诉求），请核实；可用 case repeat 关联。",
                    outcome.possible_repeats.len()
                );
            }
            if let Some(note) = &outcome.not_accepted_again {
                eprintln!("提示：{note}");
            }
            Ok(())
        }
        CaseCmd::Update { case_no, input } => {
            let text = read_input(&input)?;
            let patch: serde_json::Value =
                serde_json::from_str(&text).map_err(|e| Error::BadJson {
                    line: e.line(),
                    column: e.column(),
                    detail: "不是合法的 JSON".into(),
                })?;
            print::case_view(&desk.update_case(&case_no, &patch, now)?, true);
            Ok(())
        }
        CaseCmd::List(a) => {
            let filter = CaseFilter {
                unit: a.unit,
                source: a.source.as_deref().map(Source::parse).transpose()?,
                purpose: a.purpose.as_deref().map(Purpose::parse).transpose()?,
                method: a
                    .method
                    .as_deref()
                    .map(xinfang::domain::Method::parse_checked)
                    .transpose()?,
                status: a.status.as_deref().map(Status::parse).transpose()?,
                arrived_from: a.from.as_deref().map(parse_date).transpose()?,
                arrived_to: a.to.as_deref().map(parse_date).transpose()?,
                overdue: a.overdue,
                to_evaluate: a.to_evaluate,
                due_within: a.due_within,
                search: a.search,
                include_deleted: a.include_deleted,
                sort: None,
                limit: a.limit,
                offset: a.offset,
            };
            print::list(&desk.list_cases(&filter, now)?, a.json);
            Ok(())
        }
        CaseCmd::Show { case_no, json } => {
            print::case_view(&desk.show_case(&case_no, now)?, json);
            Ok(())
        }
        CaseCmd::History { case_no } => {
            println!(
                "{}",
                serde_json::to_string_pretty(&desk.history(&case_no)?).unwrap_or_default()
            );
            Ok(())
        }
        CaseCmd::Sign(a) => print::done(
            &desk.sign_for(&a.case_no, t(&a.at)?, now)?,
            "已签收",
            a.json,
        ),
        CaseCmd::Decide {
            case_no,
            method,
            at,
            reason,
            ground,
            redirect_to,
            statutory_due,
            ruled_out,
            json,
        } => print::done(
            &desk.decide_with(
                &case_no,
                &method,
                t(&at)?,
                reason,
                xinfang::api::DecideDetails {
                    ground: ground
                        .as_deref()
                        .map(xinfang::domain::DeclineGround::parse)
                        .transpose()?,
                    redirect_to,
                    statutory_due_date: statutory_due.as_deref().map(parse_date).transpose()?,
                    ruled_out_routes: parse_routes(&ruled_out)?,
                },
                now,
            )?,
            "已确定办理方式",
            json,
        ),
        CaseCmd::Reply(a) => print::done(
            &desk.reply(&a.case_no, t(&a.at)?, now)?,
            "已登记答复",
            a.json,
        ),
        CaseCmd::Extend {
            case_no,
            days,
            approved_by,
            reason,
            at,
            platform,
            json,
        } => print::done(
            &desk.extend_with(
                &case_no,
                days,
                &approved_by,
                &reason,
                t(&at)?,
                platform
                    .as_deref()
                    .map(PlatformExtension::parse)
                    .transpose()?,
                now,
            )?,
            "已登记延期（请起草并送达延期告知书：draft --kind extension_notice）",
            json,
        ),
        CaseCmd::ReturnResult {
            case_no,
            approved,
            refused: _,
            at,
            note,
            json,
        } => {
            let result = if approved {
                ReturnResult::Approved
            } else {
                ReturnResult::Refused
            };
            print::done(
                &desk.return_result(&case_no, result, t(&at)?, note, now)?,
                "已登记退件审核结果",
                json,
            )
        }
        CaseCmd::Supervise {
            case_no,
            at,
            deadline,
            note,
            json,
        } => print::done(
            &desk.supervise(
                &case_no,
                t(&at)?,
                deadline.as_deref().map(parse_date).transpose()?,
                note,
                now,
            )?,
            "已登记督办",
            json,
        ),
        CaseCmd::Close(a) => {
            print::done(&desk.close(&a.case_no, t(&a.at)?, now)?, "已办结", a.json)
        }
        CaseCmd::Reopen {
            case_no,
            kind,
            at,
            note,
            json,
        } => print::done(
            &desk.reopen(&case_no, ReopenKind::parse(&kind)?, t(&at)?, note, now)?,
            "已再次办理",
            json,
        ),
        CaseCmd::FollowUp {
            case_no,
            on,
            way,
            result,
            json,
        } => print::done(
            &desk.follow_up(
                &case_no,
                parse_date(&on)?,
                FollowUpWay::parse(&way)?,
                &result,
                now,
            )?,
            "已登记回访",
            json,
        ),
        CaseCmd::Document {
            case_no,
            kind,
            doc_no,
            title,
            at,
            json,
        } => {
            let doc = DocumentInput {
                kind: DocKind::parse(&kind)?,
                doc_no,
                title,
                issued_at: at.as_deref().map(t).transpose()?,
            };
            print::done(
                &desk.record_document(&case_no, doc, now)?,
                "已登记文书",
                json,
            )
        }
        CaseCmd::Signoff {
            case_no,
            kind,
            role,
            leader,
            at,
            json,
        } => print::done(
            &desk.signoff(
                &case_no,
                DocKind::parse(&kind)?,
                LeaderRole::parse(&role)?,
                &leader,
                t(&at)?,
                now,
            )?,
            "已登记签批",
            json,
        ),
        CaseCmd::Deliver {
            case_no,
            at,
            method,
            recipient,
            docs,
            place,
            receipt_signed,
            proxy_reason,
            witness,
            signed_on,
            tracking_no,
            refusal_reason,
            server,
            json,
        } => {
            let documents = docs
                .iter()
                .map(|d| DocKind::parse(d))
                .collect::<Result<Vec<_>>>()?;
            let d = DeliveryInput {
                at: t(&at)?,
                method: DeliveryMethod::parse(&method)?,
                place,
                recipient,
                documents,
                receipt_signed,
                receipt_refused: false,
                proxy_reason,
                witness,
                signed_on: signed_on.as_deref().map(parse_date).transpose()?,
                tracking_no,
                refusal_reason,
                server,
            };
            print::done(&desk.deliver(&case_no, d, now)?, "已登记送达", json)
        }
        CaseCmd::Receipt {
            case_no,
            on,
            delivery,
            refused,
            refusal_reason,
            json,
        } => {
            let r = xinfang::api::ReceiptInput {
                delivery,
                on: parse_date(&on)?,
                refused,
                refusal_reason,
            };
            let msg = if refused {
                "已登记回证拒收"
            } else {
                "已登记回证签收"
            };
            print::done(&desk.record_receipt(&case_no, r, now)?, msg, json)
        }
        CaseCmd::Attachment {
            case_no,
            kind,
            file_name,
            at,
            json,
        } => print::done(
            &desk.record_attachment(
                &case_no,
                DocKind::parse(&kind)?,
                &file_name,
                None,
                t(&at)?,
                now,
            )?,
            "已登记附件",
            json,
        ),
        CaseCmd::AttachmentReview {
            case_no,
            file_name,
            reviewer,
            at,
            json,
        } => print::done(
            &desk.review_attachment(
                &case_no,
                &file_name,
                Reviewer::parse(&reviewer)?,
                t(&at)?,
                now,
            )?,
            "已登记附件审核",
            json,
        ),
        CaseCmd::Evaluate {
            case_no,
            result,
            at,
            json,
        } => print::done(
            &desk.evaluate(&case_no, Evaluation::parse(&result)?, t(&at)?, now)?,
            "已登记评价",
            json,
        ),
        CaseCmd::Review {
            case_no,
            kind,
            requested_at,
            opinion_at,
            result,
            received_on,
            hearing_days,
            json,
        } => {
            let kind = ReviewKind::parse(&kind)?;
            let view = match (requested_at, opinion_at, &received_on, hearing_days) {
                (Some(r), None, None, None) => desk.request_review(&case_no, kind, t(&r)?, now)?,
                (None, Some(o), None, None) => {
                    desk.review_opinion(&case_no, kind, t(&o)?, result, now)?
                }
                (None, None, _, _) if received_on.is_some() || hearing_days.is_some() => desk
                    .review_details(
                        &case_no,
                        kind,
                        received_on.as_deref().map(parse_date).transpose()?,
                        hearing_days,
                        now,
                    )?,
                _ => {
                    return Err(Error::invalid(
                        "复查/复核",
                        "请三选一：--requested-at（登记申请）、--opinion-at（登记意见）或 --received-on / --hearing-days（登记签收日期、听证天数）",
                    ));
                }
            };
            print::done(&view, "已登记复查/复核", json)
        }
        CaseCmd::Repeat { case_no, of } => print::done(
            &desk.mark_repeat(&case_no, &of, now)?,
            "已标记重复信访",
            false,
        ),
        CaseCmd::Similar {
            case_no,
            limit,
            json,
        } => {
            let found = desk.repeat_suggest(&xinfang::api::RepeatQuery {
                case_no: Some(case_no),
                limit,
                ..Default::default()
            })?;
            print::similar(&found, json);
            Ok(())
        }
        CaseCmd::RepeatCheck {
            case_no,
            item,
            undo,
            note,
            at,
            json,
        } => print::done(
            &desk.repeat_check(
                &case_no,
                xinfang::domain::RepeatCheck::parse(&item)?,
                !undo,
                note,
                t(&at)?,
                now,
            )?,
            if undo {
                "已取消该项"
            } else {
                "已记录落实情况"
            },
            json,
        ),
        CaseCmd::Watch { json } => {
            print::watch(&desk.watch_list(now)?, json);
            Ok(())
        }
        CaseCmd::Sheet {
            case_no,
            out,
            for_other,
        } => {
            let sheet = desk.case_sheet(&case_no, !for_other, now)?;
            desk.save_document(std::path::Path::new(&out), &sheet.pdf)?;
            println!(
                "已生成{}：{out}（{} 页{}）",
                sheet.title,
                sheet.pages,
                if sheet.masked {
                    "，检举人信息已隐去"
                } else {
                    ""
                }
            );
            Ok(())
        }
        CaseCmd::Delete { case_no, reason } => print::done(
            &desk.delete_case(&case_no, &reason, now)?,
            "已删除（可用 case restore 恢复）",
            false,
        ),
        CaseCmd::Restore { case_no } => {
            print::done(&desk.restore_case(&case_no, now)?, "已恢复", false)
        }
        CaseCmd::Withdraw {
            case_no,
            step,
            reason,
        } => {
            let step = xinfang::api::decode(serde_json::Value::String(step))?;
            print::done(
                &desk.withdraw(&case_no, step, &reason, now)?,
                "已撤销",
                false,
            )
        }
    }
}

/// `--ruled-out litigation,arbitration,…` or `all`.
fn parse_routes(items: &[String]) -> Result<Vec<xinfang::domain::LegalRoute>> {
    use xinfang::domain::LegalRoute;
    if items
        .iter()
        .any(|s| s.trim() == "all" || s.trim() == "全部")
    {
        return Ok(LegalRoute::ALL.to_vec());
    }
    items
        .iter()
        .filter(|s| !s.trim().is_empty())
        .map(|s| LegalRoute::parse(s))
        .collect()
}
