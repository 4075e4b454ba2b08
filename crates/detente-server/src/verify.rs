//! Whole-database audit: every talk's chain recomputed from its first event.

use crate::audit;
use crate::store::{Store, StoreError};

/// Talks read per page.
const PAGE: u64 = 500;

/// A talk whose chain does not verify.
#[derive(Debug, Clone, PartialEq)]
pub struct BrokenChain {
    /// The talk.
    pub talk: String,
    /// What is wrong.
    pub reason: String,
}

/// What a verification found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    /// Talks checked.
    pub talks: u64,
    /// Events checked.
    pub events: u64,
    /// Talks whose chain is broken.
    pub broken: Vec<BrokenChain>,
}

/// Recomputes every talk's chain (links, commitments, gap-free seqs, decodable events).
pub async fn verify_all(store: &dyn Store) -> Result<Report, StoreError> {
    let mut report = Report::default();
    let mut offset = 0;
    loop {
        let page = store.list_talks(offset, PAGE).await?;
        if page.is_empty() {
            return Ok(report);
        }
        offset += page.len() as u64;
        for talk in page {
            report.talks += 1;
            let events = store.events_after(&talk.id, 0).await?;
            match audit::verify_stored(&events) {
                Ok(_) => report.events += events.len() as u64,
                // Verification stops at the first bad event, which counts as checked.
                Err(broken) => {
                    report.events += broken.position as u64 + 1;
                    report.broken.push(BrokenChain {
                        talk: talk.id.clone(),
                        reason: broken.reason,
                    });
                }
            }
        }
    }
}
