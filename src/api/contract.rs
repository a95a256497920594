//! The command contract: each command is a named request type (beside its `Desk` method)
//! that implements [`Command`], declared once in `dispatch.rs`'s `commands!` list. From that
//! list come the dispatcher, the command names and the TypeScript bindings the UI compiles
//! against (`ui/src/gen/contract.ts`, checked for drift by a test).

use std::any::TypeId;
use std::collections::BTreeMap;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use ts_rs::{Config, TS, TypeVisitor};

use super::Desk;
use crate::error::{Error, Result};
use crate::time::Time;

/// One command of the surface: its name, its request (this type) and its response.
pub trait Command: DeserializeOwned + TS + 'static {
    const NAME: &'static str;
    type Response: Serialize + TS + 'static;
    fn run(self, desk: &mut Desk, now: &Time) -> Result<Self::Response>;
}

/// `{ "ok": true }`, for commands whose answer is only that they were done.
#[derive(Debug, Clone, Copy, Serialize, TS)]
pub struct Done {
    pub ok: bool,
}

pub(crate) const DONE: Done = Done { ok: true };

/// Decodes, runs and encodes one command.
pub(super) fn call<C: Command>(desk: &mut Desk, args: Value, now: &Time) -> Result<Value> {
    let request: C = decode(args)?;
    let response = request.run(desk, now)?;
    serde_json::to_value(response).map_err(|e| Error::Db(e.to_string()))
}

/// Parses a request, naming the field at fault in Chinese (serde's own text is English and
/// knows no field names a clerk would recognise).
pub fn decode<T: DeserializeOwned>(args: Value) -> Result<T> {
    // A command without arguments may be sent `null` by a shell.
    let args = if args.is_null() {
        Value::Object(Default::default())
    } else {
        args
    };
    serde_path_to_error::deserialize(args).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner().to_string();
        argument_error(&path, &inner)
    })
}

fn argument_error(path: &str, serde_text: &str) -> Error {
    let (field, why) = if let Some(rest) = serde_text.strip_prefix("missing field `") {
        let name = rest.split('`').next().unwrap_or(rest);
        (join(path, name), "不能为空，请填写".to_string())
    } else if let Some(rest) = serde_text.strip_prefix("unknown field `") {
        let name = rest.split('`').next().unwrap_or(rest);
        // The path already ends at the unknown field.
        let field = if path.rsplit('.').next() == Some(name) {
            path.to_string()
        } else {
            join(path, name)
        };
        (
            field,
            "不是本操作的参数（可能是拼写错误或界面版本不一致），请刷新页面后重试".to_string(),
        )
    } else if serde_text.starts_with("invalid type") || serde_text.starts_with("invalid value") {
        (path.to_string(), expected_zh(serde_text))
    } else if serde_text
        .chars()
        .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
    {
        // Our own parsers (times, enum labels, dates) already explain in Chinese.
        (path.to_string(), serde_text.to_string())
    } else if serde_text.contains("premature end of input")
        || serde_text.contains("input contains invalid characters")
    {
        (
            path.to_string(),
            "日期格式不对，请写成 2026-09-30".to_string(),
        )
    } else {
        (path.to_string(), "格式不对，请按说明填写".to_string())
    };
    let leaf = field.rsplit('.').next().unwrap_or(&field).to_string();
    Error::BadArgument {
        label: field_label(&leaf).to_string(),
        field,
        why,
    }
}

fn join(path: &str, name: &str) -> String {
    if path.is_empty() || path == "." {
        name.to_string()
    } else {
        format!("{path}.{name}")
    }
}

fn expected_zh(serde_text: &str) -> String {
    let expected = serde_text.rsplit("expected ").next().unwrap_or("");
    let what =
        if expected.contains("integer") || expected.starts_with('u') || expected.starts_with('i') {
            "应为整数"
        } else if expected.contains("bool") {
            "应为“是”或“否”"
        } else if expected.contains("string") || expected.contains("date") {
            "应为文字"
        } else if expected.contains("sequence") {
            "应为列表"
        } else if expected.contains("map") || expected.contains("struct") {
            "应为一组字段"
        } else {
            "格式不对"
        };
    format!("{what}，请按说明填写")
}

/// The Chinese name of an argument, for error messages (glossary, domain.md §8).
pub fn field_label(name: &str) -> &'static str {
    match name {
        "case_no" | "repeat_of" => "信访件编号",
        "at" => "时间",
        "arrived_at" => "到达时间",
        "accepted_at" => "受理时间",
        "petition_date" => "信访日期",
        "method" => "办理方式",
        "reason" | "ext_reason" => "理由",
        "ground" => "不予受理的法定理由",
        "redirect_to" => "应向哪个机关提出",
        "days" => "延长天数",
        "approved_by" => "批准人",
        "kind" => "文书种类",
        "role" => "签批环节",
        "leader" => "签批领导",
        "name" => "姓名",
        "unit" => "单位",
        "doc_no" => "文号",
        "prefix" => "机关代字",
        "year" => "年份",
        "month" => "月份",
        "date" | "from" | "to" | "since" => "日期",
        "result" => "结果",
        "file_name" => "文件名",
        "path" | "out" => "文件位置",
        "recipient" => "受送达人",
        "documents" => "送达文书",
        "signed_on" => "签收日期",
        "received_on" => "收到申请日期",
        "hearing_days" => "听证天数",
        "demand" => "信访诉求",
        "demand_summary" => "诉求摘要",
        "source" => "来源",
        "form" => "信访形式",
        "purpose" => "信访目的",
        "petitioners" => "信访人",
        "id_number" => "身份证号",
        "phone" => "联系电话",
        "text" => "文件内容",
        "printer" => "打印机",
        "new_items" => "新件数",
        "changes" => "修改内容",
        "case" => "登记内容",
        "reviewer" => "审核人",
        "data_base64" => "文件数据",
        "override_reason" => "放行理由",
        "people_count" => "人数",
        "sender" => "来源机关",
        "sender_level" => "来源机关层级",
        "address" => "住址",
        "suggestions" => "建议意见",
        "facts" => "事实和理由",
        "history" => "信访经过",
        "category" => "内容分类",
        "hot_issue" => "热点问题",
        "cause" => "信访原因",
        "sensitive" => "敏感事项",
        "threat" => "扬言",
        "responsible_leader" => "责任领导",
        "case_owner_leader" => "包案领导",
        "section" => "责任科室",
        "handler" => "经办人",
        "statutory_due_date" => "法定途径期限",
        "in_evaluation_scope" => "纳入满意度评价",
        "notes" => "备注",
        _ => "参数",
    }
}

/// Collects the TypeScript declarations of every request and response type (and what they
/// use), once each, in name order.
#[derive(Default)]
pub struct Bindings {
    seen: BTreeMap<String, TypeId>,
    walked: std::collections::HashSet<TypeId>,
    clashes: Vec<String>,
    decls: BTreeMap<String, String>,
    commands: Vec<(&'static str, String, String)>,
}

struct Collect<'a>(&'a mut Bindings, &'a Config);

impl TypeVisitor for Collect<'_> {
    fn visit<T: TS + 'static + ?Sized>(&mut self) {
        self.0.add::<T>(self.1);
    }
}

impl Bindings {
    fn add<T: TS + 'static + ?Sized>(&mut self, cfg: &Config) {
        // Only declared (exportable) types get a declaration; primitives and wrappers are
        // walked through to what they contain.
        if T::output_path().is_none() {
            // Recursive wrappers (serde_json::Value) are walked once.
            if !self.walked.insert(TypeId::of::<T>()) {
                return;
            }
            T::visit_dependencies(&mut Collect(self, cfg));
            T::visit_generics(&mut Collect(self, cfg));
            return;
        }
        let name = T::ident(cfg);
        // serde_json's Value (and its map) is declared once in the file's header.
        if name == "JsonValue" {
            return;
        }
        match self.seen.get(&name) {
            Some(id) if *id == TypeId::of::<T>() => return,
            Some(_) => {
                self.clashes
                    .push(format!("{name} ({})", std::any::type_name::<T>()));
                return;
            }
            None => {}
        }
        self.seen.insert(name.clone(), TypeId::of::<T>());
        let docs = T::docs().unwrap_or_default();
        self.decls
            .insert(name, format!("{docs}export {}", T::decl(cfg)));
        T::visit_dependencies(&mut Collect(self, cfg));
    }

    pub fn command<C: Command>(&mut self) {
        let cfg = Config::new().with_large_int("number");
        self.add::<C>(&cfg);
        self.add::<C::Response>(&cfg);
        self.commands
            .push((C::NAME, C::name(&cfg), C::Response::name(&cfg)));
    }

    /// The whole `ui/src/gen/contract.ts`.
    pub fn typescript(&self) -> String {
        assert!(
            self.clashes.is_empty(),
            "two Rust types share a TypeScript name; give one `#[ts(rename = \"…\")]`: {:?}",
            self.clashes
        );
        let mut s = String::from(
            "// 由 src/api/contract.rs 生成，请勿手改。重新生成：XINFANG_BLESS=1 cargo nextest run -E 'test(contract_bindings)'\n\
             // Generated from the Rust command contract; a test fails when this file drifts.\n\n\
             export type JsonValue = number | string | boolean | Array<JsonValue> | { [key in string]?: JsonValue } | null\n\n",
        );
        for decl in self.decls.values() {
            s.push_str(decl.trim_end());
            s.push_str("\n\n");
        }
        s.push_str(
            "/** Every command: its request and its response. */\nexport interface Commands {\n",
        );
        for (name, req, resp) in &self.commands {
            s.push_str(&format!(
                "  {name}: {{ request: {req}; response: {resp} }}\n"
            ));
        }
        s.push_str("}\n\nexport type CommandName = keyof Commands\n\nexport const COMMAND_NAMES: CommandName[] = [\n");
        for (name, _, _) in &self.commands {
            s.push_str(&format!("  '{name}',\n"));
        }
        s.push_str("]\n");
        s
    }
}

/// Declares the command list: `commands![CaseAddArgs, ...]` generates `COMMANDS`, the
/// dispatcher `run_named` and `bindings()`.
macro_rules! commands {
    ($($t:ty),+ $(,)?) => {
        /// The names `dispatch` answers to, for the shells to list mechanically.
        pub const COMMANDS: &[&str] = &[$(<$t as $crate::api::contract::Command>::NAME),+];

        fn run_named(desk: &mut Desk, command: &str, a: Value, now: &Time) -> Result<Value> {
            $(
                if command == <$t as $crate::api::contract::Command>::NAME {
                    return $crate::api::contract::call::<$t>(desk, a, now);
                }
            )+
            Err(Error::invalid("命令", format!("没有名为“{command}”的命令")))
        }

        /// The TypeScript contract for the UI (`ui/src/gen/contract.ts`).
        pub fn bindings() -> String {
            let mut b = $crate::api::contract::Bindings::default();
            $( b.command::<$t>(); )+
            b.typescript()
        }
    };
}

pub(crate) use commands;

/// A command whose only argument is the case number.
macro_rules! by_case_no {
    ($t:ident, $name:literal, $resp:ty, |$desk:ident, $no:ident, $now:ident| $body:expr) => {
        #[derive(serde::Deserialize, ts_rs::TS)]
        #[ts(optional_fields = nullable)]
        #[serde(deny_unknown_fields)]
        pub struct $t {
            pub case_no: String,
        }
        impl $crate::api::contract::Command for $t {
            const NAME: &'static str = $name;
            type Response = $resp;
            fn run(
                self,
                $desk: &mut $crate::api::Desk,
                $now: &$crate::time::Time,
            ) -> $crate::error::Result<$resp> {
                let $no = self.case_no.as_str();
                $body
            }
        }
    };
}
pub(crate) use by_case_no;
