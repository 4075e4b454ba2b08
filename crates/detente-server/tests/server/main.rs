//! Integration tests of the mediation service over real HTTP. Each test that touches storage runs
//! on SQLite and on PostgreSQL (`<test>::sqlite`, `<test>::postgres`; the latter skipped unless
//! `DETENTE_TEST_POSTGRES` names a database).

mod harness;

mod audit; // audit records per reader, whole-database verification, tampering
mod authz; // every endpoint × every role
mod confidentiality; // nothing of one party reaches another or the public
mod delegations; // agenda-only talks: own profiles, hand-over, revisions, consented agents
mod elicit; // questions about single issues and position tests: round trips, errors, privacy
mod flow; // a whole proximity talk: mediator, a delegation, an automated agent
mod genius; // creating talks from uploaded GENIUS XML
mod instances; // two servers on one database: conflicts, retries, live updates
mod replay; // seated agents keep their memory when a talk is rebuilt from its log
mod store; // the storage contract: durability of acknowledged appends, seq conflicts
mod validation; // every bad request is a 4xx JSON error naming the field
