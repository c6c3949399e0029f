//! The recommendation model, pure and in memory: items related to each item (people who
//! watched A also watched B, weighted by how much of each they watched, plus what the
//! catalogue says they share: series, album, artist, genres, tags), and for each profile the
//! items related to what it watched lately that it has not finished.
//!
//! Co-watching is item-to-item cosine over watch weights: for item A, every profile that
//! watched A adds `w(p,A)·w(p,B)` to each B it watched; dividing by the items' norms keeps a
//! blockbuster from being everyone's neighbour. The work is Σ over profiles of (items watched)²,
//! bounded by keeping each profile's [`RECENT`] latest items.
//!
//! A like counts as more than a finished watch ([`LIKED_BONUS`]); a dislike counts for
//! nothing, and the item is never recommended to that profile.

/// How many of a profile's latest items count, for co-watching and for its recommendations.
pub const RECENT: usize = 100;
/// How many related items are kept per item.
pub const RELATED: usize = 20;
/// How many recommendations are kept per profile.
pub const FOR_PROFILE: usize = 30;
/// How many of a genre's or tag's items are candidates for metadata similarity: its most
/// watched (a genre of 10,000 items would otherwise make every item a candidate of every other).
const PER_LABEL: usize = 50;

/// Weights of what the catalogue says two items share.
const SAME_SERIES: f32 = 1.0;
const SAME_ALBUM: f32 = 0.8;
const SAME_ARTIST: f32 = 0.5;
const PER_GENRE: f32 = 0.15;
const PER_TAG: f32 = 0.1;
/// How much metadata counts against co-watching (a cosine in 0–1).
const METADATA_WEIGHT: f32 = 0.5;
/// What a like adds to a watch's weight (a finished watch weighs 1).
pub const LIKED_BONUS: f32 = 0.5;

/// An item as the model sees it: indexes into the label vocabularies, not text.
#[derive(Debug, Clone, Default)]
pub struct Item {
    /// Its series, if it is an episode.
    pub series: Option<u32>,
    /// Its album.
    pub album: Option<u32>,
    /// Its artist (or the album's).
    pub artist: Option<u32>,
    /// Its genres.
    pub genres: Vec<u32>,
    /// Its tags.
    pub tags: Vec<u32>,
    /// Whether it may be recommended at all (watchable, not private).
    pub eligible: bool,
}

/// One profile's watching of one item.
#[derive(Debug, Clone, Copy)]
pub struct Watch {
    /// The profile (an index).
    pub profile: u32,
    /// The item (an index).
    pub item: u32,
    /// How much of it was watched, 0–1.
    pub fraction: f32,
    /// When (ms), to find the latest.
    pub at: i64,
    /// The profile's reaction: 1 liked, -1 disliked, 0 neither.
    pub reaction: i8,
}

/// What the model produces: related items per item and recommendations per profile, each
/// best first, as (index, score).
#[derive(Debug, Default)]
pub struct Model {
    /// For each item (by index), its related items.
    pub related: Vec<Vec<(u32, f32)>>,
    /// For each profile (by index), its recommendations.
    pub for_profile: Vec<Vec<(u32, f32)>>,
}

/// A watch counts from the first seconds, and a finished watch counts most; a like counts
/// more still, and a dislike not at all.
fn weight(w: &Watch) -> f32 {
    match w.reaction {
        r if r < 0 => 0.0,
        r => 0.2 + 0.8 * w.fraction.clamp(0.0, 1.0) + if r > 0 { LIKED_BONUS } else { 0.0 },
    }
}

/// Whether a watch is finished (what a profile is never recommended again).
fn finished(fraction: f32) -> bool {
    fraction >= crate::domain::FINISHED_SHARE
}

/// Builds the model for `items` from `watches` by `profiles` profiles.
pub fn build(items: &[Item], profiles: usize, mut watches: Vec<Watch>) -> Model {
    let n = items.len();
    // Each profile's latest watches, newest first.
    watches.sort_unstable_by(|a, b| a.profile.cmp(&b.profile).then(b.at.cmp(&a.at)));
    let mut history: Vec<Vec<(u32, f32, bool)>> = vec![Vec::new(); profiles];
    for w in &watches {
        let h = &mut history[w.profile as usize];
        if h.len() < RECENT && (w.item as usize) < n {
            // A disliked item is "done": never recommended to the profile again.
            h.push((w.item, weight(w), finished(w.fraction) || w.reaction < 0));
        }
    }
    drop(watches);
    // Who watched each item, with their weight; and each item's norm.
    let mut watchers: Vec<Vec<(u32, f32)>> = vec![Vec::new(); n];
    let mut norm = vec![0f32; n];
    for (p, h) in history.iter().enumerate() {
        for &(item, w, _) in h {
            watchers[item as usize].push((p as u32, w));
            norm[item as usize] += w * w;
        }
    }
    norm.iter_mut().for_each(|x| *x = x.sqrt());
    let labels = LabelIndex::new(items, &watchers);

    // One dense score row, reused for every item; `touched` says which cells to read and reset.
    let mut score = vec![0f32; n];
    let mut touched: Vec<u32> = Vec::new();
    let mut related = Vec::with_capacity(n);
    for a in 0..n {
        for &(p, wa) in &watchers[a] {
            for &(b, wb, _) in &history[p as usize] {
                if b as usize != a {
                    let cell = &mut score[b as usize];
                    if *cell == 0.0 {
                        touched.push(b);
                    }
                    *cell += wa * wb;
                }
            }
        }
        for &b in &touched {
            score[b as usize] /= (norm[a] * norm[b as usize]).max(f32::EPSILON);
        }
        for (b, similarity) in labels.similar(items, a) {
            let cell = &mut score[b as usize];
            if *cell == 0.0 {
                touched.push(b);
            }
            *cell += METADATA_WEIGHT * similarity;
        }
        let mut best: Vec<(u32, f32)> =
            touched.iter().map(|&b| (b, score[b as usize])).filter(|&(b, s)| s > 0.0 && items[b as usize].eligible).collect();
        keep_best(&mut best, RELATED);
        related.push(best);
        for &b in &touched {
            score[b as usize] = 0.0;
        }
        touched.clear();
    }

    // A profile's recommendations: what is related to what it watched, by how much it watched
    // it and how recently (the latest counts most), minus what it finished.
    let mut for_profile = Vec::with_capacity(profiles);
    for h in &history {
        for (rank, &(item, w, _)) in h.iter().enumerate() {
            let recency = 1.0 / (1.0 + rank as f32 / 10.0);
            for &(b, s) in &related[item as usize] {
                let cell = &mut score[b as usize];
                if *cell == 0.0 {
                    touched.push(b);
                }
                *cell += w * recency * s;
            }
        }
        let done: Vec<u32> = h.iter().filter(|(_, _, f)| *f).map(|(i, _, _)| *i).collect();
        let mut best: Vec<(u32, f32)> = touched.iter().filter(|b| !done.contains(b)).map(|&b| (b, score[b as usize])).collect();
        keep_best(&mut best, FOR_PROFILE);
        for_profile.push(best);
        for &b in &touched {
            score[b as usize] = 0.0;
        }
        touched.clear();
    }
    Model { related, for_profile }
}

/// Keeps the `k` highest scores, best first (ties by index, so a run is reproducible), and
/// gives back the room of the rest: the model holds 20 of each item's thousands of candidates.
fn keep_best(list: &mut Vec<(u32, f32)>, k: usize) {
    let order = |a: &(u32, f32), b: &(u32, f32)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
    if list.len() > k {
        list.select_nth_unstable_by(k, order);
        list.truncate(k);
    }
    list.sort_unstable_by(order);
    list.shrink_to_fit();
}

/// The items sharing each series, album, artist, genre and tag (genres and tags: only their
/// [`PER_LABEL`] most watched items).
struct LabelIndex {
    series: std::collections::HashMap<u32, Vec<u32>>,
    album: std::collections::HashMap<u32, Vec<u32>>,
    artist: std::collections::HashMap<u32, Vec<u32>>,
    genre: std::collections::HashMap<u32, Vec<u32>>,
    tag: std::collections::HashMap<u32, Vec<u32>>,
}

impl LabelIndex {
    fn new(items: &[Item], watchers: &[Vec<(u32, f32)>]) -> Self {
        use std::collections::HashMap;
        let mut index =
            Self { series: HashMap::new(), album: HashMap::new(), artist: HashMap::new(), genre: HashMap::new(), tag: HashMap::new() };
        for (i, item) in items.iter().enumerate().filter(|(_, it)| it.eligible) {
            let i = i as u32;
            for (map, key) in [(&mut index.series, item.series), (&mut index.album, item.album), (&mut index.artist, item.artist)] {
                if let Some(k) = key {
                    map.entry(k).or_default().push(i);
                }
            }
            for &g in &item.genres {
                index.genre.entry(g).or_default().push(i);
            }
            for &t in &item.tags {
                index.tag.entry(t).or_default().push(i);
            }
        }
        for map in [&mut index.genre, &mut index.tag] {
            for list in map.values_mut() {
                if list.len() > PER_LABEL {
                    list.select_nth_unstable_by_key(PER_LABEL, |&i| std::cmp::Reverse(watchers[i as usize].len()));
                    list.truncate(PER_LABEL);
                }
            }
        }
        index
    }

    /// Items sharing something with item `a`, each with how much (several shares add up).
    fn similar(&self, items: &[Item], a: usize) -> Vec<(u32, f32)> {
        let item = &items[a];
        let mut found: Vec<(u32, f32)> = Vec::new();
        let mut add = |list: Option<&Vec<u32>>, w: f32| {
            for &b in list.into_iter().flatten() {
                if b as usize == a {
                    continue;
                }
                match found.iter_mut().find(|(x, _)| *x == b) {
                    Some(entry) => entry.1 += w,
                    None => found.push((b, w)),
                }
            }
        };
        add(item.series.and_then(|k| self.series.get(&k)), SAME_SERIES);
        add(item.album.and_then(|k| self.album.get(&k)), SAME_ALBUM);
        add(item.artist.and_then(|k| self.artist.get(&k)), SAME_ARTIST);
        for g in &item.genres {
            add(self.genre.get(g), PER_GENRE);
        }
        for t in &item.tags {
            add(self.tag.get(t), PER_TAG);
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(n: usize) -> Vec<Item> {
        vec![Item { eligible: true, ..Item::default() }; n]
    }

    fn watch(profile: u32, item: u32, fraction: f32, at: i64) -> Watch {
        Watch { profile, item, fraction, at, reaction: 0 }
    }

    #[test]
    fn what_was_watched_together_is_related_and_a_blockbuster_is_not_everyones_neighbour() {
        // Items 0 and 1 are watched together by three profiles; item 2 by everyone.
        let mut w = Vec::new();
        for p in 0..3 {
            w.extend([watch(p, 0, 1.0, 1), watch(p, 1, 1.0, 2), watch(p, 2, 1.0, 3)]);
        }
        for p in 3..20 {
            w.push(watch(p, 2, 1.0, 1));
        }
        let model = build(&items(3), 20, w);
        assert_eq!(model.related[0][0].0, 1, "{:?}", model.related[0]);
        assert!(model.related[0][0].1 > model.related[0][1].1);
    }

    #[test]
    fn a_profile_is_recommended_what_goes_with_its_watching_minus_what_it_finished() {
        let mut w = Vec::new();
        for p in 0..5 {
            w.extend([watch(p, 0, 1.0, 1), watch(p, 1, 1.0, 2)]);
        }
        // Profile 5 finished item 0 and half-watched item 2: item 1 is for it, 0 is not.
        w.extend([watch(5, 0, 1.0, 5), watch(5, 2, 0.5, 6)]);
        let model = build(&items(3), 6, w);
        let picks: Vec<u32> = model.for_profile[5].iter().map(|(i, _)| *i).collect();
        assert_eq!(picks.first(), Some(&1), "{picks:?}");
        assert!(!picks.contains(&0), "a finished item comes back: {picks:?}");
    }

    #[test]
    fn a_like_pulls_its_neighbours_up_and_a_dislike_is_never_recommended() {
        let mut w = Vec::new();
        // Items 0–1 go together, and 2–3 do.
        for p in 0..4 {
            w.extend([watch(p, 0, 1.0, 1), watch(p, 1, 1.0, 2), watch(p, 2, 1.0, 3), watch(p, 3, 1.0, 4)]);
        }
        for p in 4..8 {
            w.extend([watch(p, 0, 1.0, 1), watch(p, 1, 1.0, 2)]);
        }
        for p in 8..12 {
            w.extend([watch(p, 2, 1.0, 1), watch(p, 3, 1.0, 2)]);
        }
        // Profile 12 half-watched 0 and 2 alike, but liked 2: 3 comes before 1.
        w.extend([watch(12, 0, 0.5, 10), Watch { reaction: 1, ..watch(12, 2, 0.5, 10) }]);
        // Profile 13 disliked item 1 without watching it, and half-watched 0.
        w.extend([watch(13, 0, 0.5, 10), Watch { reaction: -1, ..watch(13, 1, 0.0, 11) }]);
        let model = build(&items(4), 14, w);
        let picks = |p: usize| model.for_profile[p].iter().map(|(i, _)| *i).collect::<Vec<_>>();
        assert_eq!(picks(12).first(), Some(&3), "{:?}", picks(12));
        assert!(!picks(13).contains(&1), "a disliked item is recommended: {:?}", picks(13));
    }

    #[test]
    fn the_same_series_relates_items_no_one_watched_yet_and_ineligible_items_never_come_up() {
        let mut all = items(4);
        all[0].series = Some(7);
        all[1].series = Some(7);
        all[2].series = Some(7);
        all[2].eligible = false;
        let model = build(&all, 0, Vec::new());
        assert_eq!(model.related[0].iter().map(|(i, _)| *i).collect::<Vec<_>>(), [1]);
        assert!(model.related[3].is_empty());
    }

    #[test]
    fn lists_are_capped_and_best_first() {
        let mut w = Vec::new();
        for p in 0..3 {
            for i in 0..60 {
                w.push(watch(p, i, 1.0, i64::from(i)));
            }
        }
        let model = build(&items(60), 3, w);
        assert!(model.related.iter().all(|r| r.len() <= RELATED && r.windows(2).all(|x| x[0].1 >= x[1].1)));
        assert!(model.for_profile.iter().all(|r| r.len() <= FOR_PROFILE));
    }
}
