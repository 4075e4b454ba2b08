//! Integration tests of proximity talks: privacy of caucuses and of the communiqué over random
//! scenarios and seeds, misbehaving parties, and what each mediator reaches.

mod fixtures;
mod inference;
mod mediators;
mod misbehaviour;
mod privacy;
