//! Faults on purpose: the servers Reel depends on are stopped, killed, filled up or set to
//! another time while uploads, transcodes and plays go on, and what Reel does about it is
//! checked: a clear error and no hang while a backend is away, nothing lost, work resumed once
//! it is back. Each test owns the servers it breaks (its own PostgreSQL cluster, s3s-fs,
//! tmpfs), so the tests run beside each other and beside the rest of the suite, bounded in
//! time. The harness is the integration suite's (`tests/it/common`).

#[path = "../it/common/mod.rs"]
mod common;

mod backends;

mod clock;
mod crash;
mod database;
mod disk;
mod store;
