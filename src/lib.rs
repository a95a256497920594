//! 信访工作台 (Xinfang Desk) core: the ledger, the working-day calendar, deadlines,
//! the compliance check and the five rates. No GUI dependency: the desktop shell,
//! the browser server and the CLI all call [`api::Desk`].

pub mod api;
pub mod attachments;
pub mod backup;
pub mod calendar;
pub mod documents;
pub mod domain;
pub mod error;
pub mod exchange;
pub mod ledger;
pub mod limits;
pub mod logging;
pub mod reminders;
pub mod rules;
pub mod security;
pub mod time;

pub use error::{Error, ErrorPayload, Result};
