//! One integration-test binary (ripgrep's layout): modules by feature, real SQLite files
//! in temp dirs, the real CLI binary.

mod util;

mod attachment_checks;
mod attachments;
mod audit_chain;
mod backup;
mod bad_input;
mod clerk_profile;
mod cli;
mod compliance;
mod contract;
mod corrections;
mod crash;
mod deadlines_prop;
mod dispatch;
mod docflow;
mod documents;
mod evaluation;
mod exchange;
mod faults;
mod freshness;
mod fuzz;
mod import_sheets;
mod input_normalisation;
mod layers;
mod ledger;
mod lifecycle;
mod migrations;
mod rates;
mod regulation;
mod reminders;
mod search_fields;
mod security;
mod serve_open;
mod triage;
mod workflow;
