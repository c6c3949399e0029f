//! The argument list every ffmpeg command line here is pushed onto.

use std::ffi::OsString;

/// An ffmpeg command line as it is built: anything that converts to an `OsString` (a path
/// stays a path, never lossily made text).
#[derive(Default)]
pub(super) struct Args(pub(super) Vec<OsString>);

impl Args {
    pub(super) fn push(&mut self, arg: impl Into<OsString>) {
        self.0.push(arg.into());
    }
    pub(super) fn push_all<I: IntoIterator<Item = S>, S: Into<OsString>>(&mut self, args: I) {
        self.0.extend(args.into_iter().map(Into::into));
    }
}
