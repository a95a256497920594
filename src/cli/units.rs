//! `xinfang unit …`: units and their leaders.

use clap::Subcommand;
use xinfang::Result;
use xinfang::api::Desk;
use xinfang::domain::LeaderRole;
use xinfang::time::Time;

#[derive(Subcommand)]
pub(super) enum UnitCmd {
    /// 列出单位、领导和件数
    List {
        #[arg(long)]
        json: bool,
    },
    /// 登记单位领导：--role supervising_leader（分管领导）或 principal_leader（主要领导）
    AddLeader {
        unit: String,
        #[arg(long)]
        name: String,
        #[arg(long)]
        role: String,
    },
    /// 删除单位领导
    RemoveLeader {
        unit: String,
        #[arg(long)]
        name: String,
        #[arg(long)]
        role: String,
    },
}

pub(super) fn run(desk: &mut Desk, u: UnitCmd, now: &Time) -> Result<()> {
    match u {
        UnitCmd::List { json } => {
            let units = desk.units()?;
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&units).unwrap_or_default()
                );
            } else {
                for u in units {
                    let leaders: Vec<String> = u
                        .leaders
                        .iter()
                        .map(|l| format!("{} {}", l.role_label, l.name))
                        .collect();
                    println!("{}（{} 件）{}", u.name, u.cases, leaders.join("，"));
                }
            }
        }
        UnitCmd::AddLeader { unit, name, role } => {
            desk.add_leader(&unit, &name, LeaderRole::parse(&role)?, now)?;
            println!("已登记：{unit} {name}");
        }
        UnitCmd::RemoveLeader { unit, name, role } => {
            desk.remove_leader(&unit, &name, LeaderRole::parse(&role)?, now)?;
            println!("已删除：{unit} {name}");
        }
    }
    Ok(())
}
