//! The one place the clock is read, honouring `SOURCE_DATE_EPOCH` so that builds are
//! reproducible (as pandoc's `getTimestamp` does).

use chrono::{DateTime, Utc};

/// Now, or the instant `SOURCE_DATE_EPOCH` (seconds since 1970) names.
pub fn now() -> DateTime<Utc> {
    source_date_epoch().unwrap_or_else(Utc::now)
}

/// The instant `SOURCE_DATE_EPOCH` names, if it is set to a valid number.
pub fn source_date_epoch() -> Option<DateTime<Utc>> {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|secs| DateTime::from_timestamp(secs, 0))
}
