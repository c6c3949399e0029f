//! Configuration values: a configuration file's text, `[edge]` address lists, token lifetimes
//! and the addresses people type, read and checked without a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use reel_base::config::Config;
use reel_base::domain::netlist::NetList;
use reel_base::domain::{Email, Phone};

fuzz_target!(|text: &str| {
    let _ = Config::from_toml(text);
    let _ = NetList::parse(&text.lines().collect::<Vec<_>>());
    let _ = reel_core::auth::parse_lifetime(text);
    if let Ok(phone) = Phone::parse(text) {
        assert_eq!(Phone::parse(phone.as_str()).as_ref(), Ok(&phone), "E.164 is its own normal form");
    }
    if let Ok(email) = Email::parse(text) {
        assert_eq!(Email::parse(email.as_str()).as_ref(), Ok(&email));
    }
});
