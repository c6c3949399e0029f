//! What a plan lets its holder do besides open the items that require it: how many streams at
//! once, on how many devices, up to which picture height, and whether downloads are allowed;
//! the best of several plans; and the checks each limit passes before a plan is stored.

use serde::Serialize;

use super::device::DeviceId;
use super::plan::PlanError;

/// The most streams or devices a plan may name (a limit, not a household).
pub const MAX_COUNT: u32 = 100;
/// The picture heights a plan's quality cap may name: the ladder's smallest rung to 8K.
pub const HEIGHTS: std::ops::RangeInclusive<u32> = 144..=4320;

/// A plan's limits; `None` is no limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Entitlement {
    /// Streams that may play at once.
    pub max_streams: Option<u32>,
    /// Devices that may be signed in at once.
    pub max_devices: Option<u32>,
    /// The tallest rung that may be played, in lines (`720`: rungs of 720 lines or fewer).
    pub max_height: Option<u32>,
    /// Whether the item's downloads (MP4, M4A, MP3) are offered and served.
    pub downloads: bool,
}

impl Entitlement {
    /// No limit at all: what a plan made without limits gives.
    pub const UNLIMITED: Self = Self { max_streams: None, max_devices: None, max_height: None, downloads: true };

    /// The better of two: each limit the looser one (no limit beats any), downloads if either
    /// allows them. A member holding two plans gets what the better of each offers.
    pub fn best(self, other: Self) -> Self {
        fn looser(a: Option<u32>, b: Option<u32>) -> Option<u32> {
            Some(a?.max(b?))
        }
        Self {
            max_streams: looser(self.max_streams, other.max_streams),
            max_devices: looser(self.max_devices, other.max_devices),
            max_height: looser(self.max_height, other.max_height),
            downloads: self.downloads || other.downloads,
        }
    }

    /// The best of `all`, or `None` when there is none.
    pub fn best_of(all: impl IntoIterator<Item = Self>) -> Option<Self> {
        all.into_iter().reduce(Self::best)
    }

    /// Whether a rung of `height` lines may be played.
    pub fn allows_height(&self, height: u32) -> bool {
        self.max_height.is_none_or(|max| height <= max)
    }
}

/// What a playback token holds its viewer to, so the origin needs to ask nothing: the tallest
/// rung, whether the downloads may be fetched, and the signed-in device its plays end with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlayRights {
    /// The tallest rung, in lines (the shorter side of its picture); `None`: every rung.
    pub max_height: Option<u32>,
    /// Whether the item's downloads may be fetched.
    pub downloads: bool,
    /// The device the token was issued to: signing it out ends the token's stream and
    /// refuses it a new one. None for a signed-out viewer, a share link or a server's token.
    pub device: Option<DeviceId>,
}

impl PlayRights {
    /// Every rung and the downloads: an item's owner, an admin, or a plan without limits.
    pub const FULL: Self = Self { max_height: None, downloads: true, device: None };

    /// Whether a rung whose picture is `width` × `height` may be played.
    pub fn allows(&self, width: Option<u32>, height: Option<u32>) -> bool {
        let lines = match (width, height) {
            (Some(w), Some(h)) => w.min(h),
            (None, Some(h)) => h,
            _ => return true,
        };
        self.max_height.is_none_or(|max| lines <= max)
    }
}

impl From<Entitlement> for PlayRights {
    fn from(e: Entitlement) -> Self {
        Self { max_height: e.max_height, downloads: e.downloads, device: None }
    }
}

/// A count limit (`max_streams`, `max_devices`) as given: absent or 0 for none, else 1 to
/// [`MAX_COUNT`].
pub fn count_limit(field: &str, value: Option<i64>) -> Result<Option<u32>, PlanError> {
    match value {
        None | Some(0) => Ok(None),
        Some(n) => u32::try_from(n)
            .ok()
            .filter(|n| (1..=MAX_COUNT).contains(n))
            .map(Some)
            .ok_or_else(|| PlanError(format!("{field}: a whole number from 1 to {MAX_COUNT}, or 0 for no limit"))),
    }
}

/// A quality cap (`max_height`) as given: absent or 0 for none, else a height in [`HEIGHTS`].
pub fn height_limit(value: Option<i64>) -> Result<Option<u32>, PlanError> {
    match value {
        None | Some(0) => Ok(None),
        Some(n) => u32::try_from(n).ok().filter(|n| HEIGHTS.contains(n)).map(Some).ok_or_else(|| {
            PlanError(format!("max_height: a picture height from {} to {} lines, or 0 for no limit", HEIGHTS.start(), HEIGHTS.end()))
        }),
    }
}

/// A limit as stored: 0 for none.
pub fn stored(limit: Option<u32>) -> i64 {
    limit.map_or(0, i64::from)
}

/// A limit read back from storage, where 0 (or anything out of range) is none.
pub fn from_stored(value: i64) -> Option<u32> {
    u32::try_from(value).ok().filter(|n| *n > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(streams: Option<u32>, devices: Option<u32>, height: Option<u32>, downloads: bool) -> Entitlement {
        Entitlement { max_streams: streams, max_devices: devices, max_height: height, downloads }
    }

    #[test]
    fn a_rung_is_measured_by_the_shorter_side_of_its_picture() {
        let capped = PlayRights { max_height: Some(720), downloads: false, device: None };
        assert!(capped.allows(Some(1280), Some(720)) && capped.allows(Some(720), Some(1280)), "landscape and portrait 720p");
        assert!(!capped.allows(Some(1920), Some(1080)) && !capped.allows(Some(1080), Some(1920)));
        assert!(capped.allows(None, None), "audio has no picture");
        assert!(PlayRights::FULL.allows(Some(7680), Some(4320)));
        assert_eq!(PlayRights::from(Entitlement::UNLIMITED), PlayRights::FULL);
    }

    #[test]
    fn the_best_of_several_plans_takes_the_loosest_of_each_limit() {
        let basic = plan(Some(1), Some(2), Some(720), false);
        let family = plan(Some(4), Some(3), Some(1080), false);
        let offline = plan(Some(2), None, Some(480), true);
        assert_eq!(Entitlement::best_of([basic, family, offline]), Some(plan(Some(4), None, Some(1080), true)));
        assert_eq!(Entitlement::best_of([basic]), Some(basic));
        assert_eq!(Entitlement::best_of([]), None);
        assert_eq!(basic.best(Entitlement::UNLIMITED), Entitlement::UNLIMITED, "no limit beats any");
        assert_eq!(basic.best(family), family.best(basic), "the order plans are held in does not matter");
    }

    #[test]
    fn a_height_cap_lets_the_rungs_at_or_under_it_play() {
        let hd = plan(None, None, Some(720), true);
        assert!(hd.allows_height(720) && hd.allows_height(360));
        assert!(!hd.allows_height(1080));
        assert!(Entitlement::UNLIMITED.allows_height(4320));
    }

    #[test]
    fn limits_are_checked_and_zero_is_none() {
        assert_eq!(count_limit("max_streams", None), Ok(None));
        assert_eq!(count_limit("max_streams", Some(0)), Ok(None));
        assert_eq!(count_limit("max_streams", Some(3)), Ok(Some(3)));
        for bad in [-1, 101, i64::MAX] {
            let e = count_limit("max_devices", Some(bad)).unwrap_err();
            assert!(e.0.starts_with("max_devices:"), "{e}");
        }
        assert_eq!(height_limit(Some(720)), Ok(Some(720)));
        assert_eq!(height_limit(Some(0)), Ok(None));
        for bad in [-720, 100, 143, 4321] {
            assert!(height_limit(Some(bad)).unwrap_err().0.starts_with("max_height:"));
        }
        for limit in [None, Some(1), Some(4320)] {
            assert_eq!(from_stored(stored(limit)), limit, "a limit survives being stored");
        }
        assert_eq!(from_stored(-5), None);
    }
}
