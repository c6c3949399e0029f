//! Series and playlists: collections of items with an order of their own. A series orders
//! its episodes by season and episode number; a playlist by the place its owner gave each
//! item. These are the rules of both orders, free of storage.

use super::catalogue::check_position;
use super::text::TextError;
use super::{CollectionId, VideoId};

/// The two kinds of collection, each kept in a table of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shelf {
    /// A series: episodes numbered by season and episode.
    Series,
    /// A playlist: items in the order its owner chose.
    Playlist,
}

str_enum!(Shelf { Series => "series", Playlist => "playlist" });

/// Most items a playlist holds.
pub const MAX_PLAYLIST_ITEMS: usize = 500;
/// Highest season number.
pub const MAX_SEASON: i64 = 999;
/// Highest episode number within a season.
pub const MAX_EPISODE: i64 = 9999;

/// Where an episode sits in its series.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct EpisodeNumber {
    /// Season, from 1.
    pub season: i64,
    /// Episode within the season, from 1.
    pub episode: i64,
}

impl EpisodeNumber {
    /// Checks both numbers; a missing season is the first.
    pub fn new(season: Option<i64>, episode: i64) -> Result<Self, TextError> {
        let season = check_position("season", season.unwrap_or(1), MAX_SEASON)?;
        let episode = check_position("episode", episode, MAX_EPISODE)?;
        Ok(Self { season, episode })
    }
}

/// An episode as ordering sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Episode {
    /// The item.
    pub id: VideoId,
    /// Its place.
    pub number: EpisodeNumber,
}

/// The episode after `current` in series order, if there is one.
pub fn next_episode(episodes: &[Episode], current: VideoId) -> Option<VideoId> {
    let at = episodes.iter().find(|e| e.id == current)?.number;
    episodes.iter().filter(|e| e.number > at).min_by_key(|e| e.number).map(|e| e.id)
}

/// Where an item of a playlist moves to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// This index (0 is first; past the end is last).
    At(usize),
    /// One place earlier (the first stays first).
    Earlier,
    /// One place later (the last stays last).
    Later,
}

/// `order` with `item` moved to `to`; `None` when `item` is not in it. The others keep their
/// order.
pub fn moved(order: &[VideoId], item: VideoId, to: Place) -> Option<Vec<VideoId>> {
    let from = order.iter().position(|v| *v == item)?;
    let to = match to {
        Place::At(index) => index,
        Place::Earlier => from.saturating_sub(1),
        Place::Later => from + 1,
    };
    let mut out = order.to_vec();
    out.remove(from);
    out.insert(to.min(out.len()), item);
    Some(out)
}

/// The item after `current` in `order` (a playlist playing in order).
pub fn next_in(order: &[VideoId], current: VideoId) -> Option<VideoId> {
    order.iter().skip_while(|v| **v != current).nth(1).copied()
}

/// Whether a text names a collection (a `?list=` value, a form field): an id.
pub fn parse_id(text: &str) -> Option<CollectionId> {
    text.trim().parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(n: u128) -> Vec<VideoId> {
        (1..=n).map(|i| VideoId(uuid::Uuid::from_u128(i))).collect()
    }

    #[test]
    fn episodes_follow_season_then_episode_whatever_order_they_were_added() {
        let v = ids(4);
        let ep = |i: usize, season, episode| Episode { id: v[i], number: EpisodeNumber::new(Some(season), episode).unwrap() };
        let episodes = [ep(0, 2, 1), ep(1, 1, 10), ep(2, 1, 2), ep(3, 1, 1)];
        assert_eq!(next_episode(&episodes, v[3]), Some(v[2]));
        assert_eq!(next_episode(&episodes, v[2]), Some(v[1]), "episode 10 comes after 2, not after 1 as text would");
        assert_eq!(next_episode(&episodes, v[1]), Some(v[0]), "the next season starts after the last episode");
        assert_eq!(next_episode(&episodes, v[0]), None);
        assert_eq!(next_episode(&episodes, VideoId(uuid::Uuid::from_u128(99))), None);
    }

    #[test]
    fn episode_numbers_are_bounded_and_the_season_defaults_to_one() {
        assert_eq!(EpisodeNumber::new(None, 3).unwrap(), EpisodeNumber { season: 1, episode: 3 });
        assert!(EpisodeNumber::new(Some(0), 1).is_err());
        assert!(EpisodeNumber::new(Some(1), 0).is_err());
        assert!(EpisodeNumber::new(Some(MAX_SEASON + 1), 1).is_err());
        assert!(EpisodeNumber::new(Some(1), MAX_EPISODE + 1).is_err());
    }

    #[test]
    fn moving_an_item_keeps_the_others_in_order() {
        let v = ids(4);
        assert_eq!(moved(&v, v[3], Place::At(0)).unwrap(), [v[3], v[0], v[1], v[2]]);
        assert_eq!(moved(&v, v[0], Place::At(2)).unwrap(), [v[1], v[2], v[0], v[3]]);
        assert_eq!(moved(&v, v[1], Place::At(99)).unwrap(), [v[0], v[2], v[3], v[1]], "past the end is last");
        assert_eq!(moved(&v, v[2], Place::At(2)).unwrap(), v, "to where it is changes nothing");
        assert_eq!(moved(&v[..2], v[3], Place::At(0)), None);
        assert_eq!(moved(&v, v[1], Place::Earlier).unwrap(), [v[1], v[0], v[2], v[3]]);
        assert_eq!(moved(&v, v[0], Place::Earlier).unwrap(), v, "the first stays first");
        assert_eq!(moved(&v, v[2], Place::Later).unwrap(), [v[0], v[1], v[3], v[2]]);
        assert_eq!(moved(&v, v[3], Place::Later).unwrap(), v, "the last stays last");
        assert_eq!(next_in(&v, v[1]), Some(v[2]));
        assert_eq!(next_in(&v, v[3]), None);
    }
}
