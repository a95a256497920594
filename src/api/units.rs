//! 单位 and their leaders (分管领导 / 主要领导), as the first-run wizard and the settings
//! page keep them.

use rusqlite::params;
use serde::Serialize;

use super::Desk;
use crate::domain::LeaderRole;
use crate::error::{Error, Result};
use crate::ledger::{audit, cases};
use crate::time::Time;

#[derive(Debug, Clone, Serialize, PartialEq, ts_rs::TS)]
pub struct UnitInfo {
    pub name: String,
    pub cases: u64,
    pub leaders: Vec<Leader>,
}

#[derive(Debug, Clone, Serialize, PartialEq, ts_rs::TS)]
pub struct Leader {
    pub name: String,
    pub role: LeaderRole,
    pub role_label: &'static str,
}

impl Desk {
    pub fn units(&self) -> Result<Vec<UnitInfo>> {
        let conn = self.ledger.conn();
        let mut stmt = conn.prepare(
            "SELECT u.id, u.name, (SELECT count(*) FROM cases c WHERE c.unit_id = u.id AND c.deleted_at IS NULL)
             FROM units u ORDER BY u.name",
        )?;
        let units: Vec<(i64, String, i64)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut leaders =
            conn.prepare("SELECT name, role FROM leaders WHERE unit_id = ?1 ORDER BY role, name")?;
        let mut out = Vec::with_capacity(units.len());
        for (id, name, count) in units {
            let ls = leaders
                .query_map([id], |r| {
                    let role: LeaderRole = r.get(1)?;
                    Ok(Leader {
                        name: r.get(0)?,
                        role,
                        role_label: role.label(),
                    })
                })?
                .collect::<rusqlite::Result<_>>()?;
            out.push(UnitInfo {
                name,
                cases: count.max(0) as u64,
                leaders: ls,
            });
        }
        Ok(out)
    }

    /// Adds a unit (if new) and a leader of it.
    pub fn add_leader(
        &mut self,
        unit: &str,
        name: &str,
        role: LeaderRole,
        now: &Time,
    ) -> Result<()> {
        let (unit, name) = (unit.trim(), name.trim());
        if unit.is_empty() {
            return Err(Error::MissingField("单位名称".into()));
        }
        if name.is_empty() {
            return Err(Error::MissingField("领导姓名".into()));
        }
        let actor = self.actor.clone();
        let tx = self.ledger.write()?;
        let unit_id = cases::unit_id(&tx, unit, now)?;
        let n = tx.execute(
            "INSERT OR IGNORE INTO leaders (unit_id, name, role) VALUES (?1, ?2, ?3)",
            params![unit_id, name, role],
        )?;
        if n == 0 {
            return Err(Error::invalid(
                "领导",
                format!("{unit}的{}“{name}”已登记", role.label()),
            ));
        }
        let after = serde_json::json!({ "unit": unit, "name": name, "role": role });
        audit::record(
            &tx,
            &audit::Change {
                actor: &actor,
                at: now,
                entity: "leader",
                entity_id: unit,
                action: "create",
            },
            None,
            Some(&after),
        )?;
        tx.commit()?;
        Ok(())
    }

    pub fn remove_leader(
        &mut self,
        unit: &str,
        name: &str,
        role: LeaderRole,
        now: &Time,
    ) -> Result<()> {
        let actor = self.actor.clone();
        let tx = self.ledger.write()?;
        let n = tx.execute(
            "DELETE FROM leaders WHERE unit_id = (SELECT id FROM units WHERE name = ?1) AND name = ?2 AND role = ?3",
            params![unit.trim(), name.trim(), role],
        )?;
        if n == 0 {
            return Err(Error::invalid(
                "领导",
                format!("{unit}没有登记{}“{name}”", role.label()),
            ));
        }
        let before = serde_json::json!({ "unit": unit.trim(), "name": name.trim(), "role": role });
        audit::record(
            &tx,
            &audit::Change {
                actor: &actor,
                at: now,
                entity: "leader",
                entity_id: unit.trim(),
                action: "delete",
            },
            Some(&before),
            None,
        )?;
        tx.commit()?;
        Ok(())
    }
}

// The contract's requests for the methods above (contract.rs; listed in dispatch.rs).
pub mod requests {
    use serde::Deserialize;
    use ts_rs::TS;

    use super::UnitInfo;
    use crate::api::Desk;
    #[allow(unused_imports)]
    use crate::api::contract::{Command, DONE, Done, by_case_no};
    use crate::domain::LeaderRole;
    use crate::error::Result;
    use crate::time::Time;

    #[derive(Deserialize, TS)]
    #[serde(deny_unknown_fields)]
    pub struct UnitListArgs {}
    impl Command for UnitListArgs {
        const NAME: &'static str = "unit_list";
        type Response = Vec<UnitInfo>;
        fn run(self, desk: &mut Desk, now: &Time) -> Result<Vec<UnitInfo>> {
            let _ = now;
            desk.units()
        }
    }

    /// 添加签批领导。
    #[derive(Deserialize, TS)]
    #[serde(deny_unknown_fields)]
    pub struct LeaderAddArgs {
        pub unit: String,
        pub name: String,
        pub role: LeaderRole,
    }
    impl Command for LeaderAddArgs {
        const NAME: &'static str = "leader_add";
        type Response = Vec<UnitInfo>;
        fn run(self, desk: &mut Desk, now: &Time) -> Result<Vec<UnitInfo>> {
            let _ = now;
            desk.add_leader(&self.unit, &self.name, self.role, now)?;
            desk.units()
        }
    }

    #[derive(Deserialize, TS)]
    #[serde(deny_unknown_fields)]
    pub struct LeaderRemoveArgs {
        pub unit: String,
        pub name: String,
        pub role: LeaderRole,
    }
    impl Command for LeaderRemoveArgs {
        const NAME: &'static str = "leader_remove";
        type Response = Vec<UnitInfo>;
        fn run(self, desk: &mut Desk, now: &Time) -> Result<Vec<UnitInfo>> {
            let _ = now;
            desk.remove_leader(&self.unit, &self.name, self.role, now)?;
            desk.units()
        }
    }
}
