//! Taking the top video rungs away from an idle item's package index and putting them back
//! once they are made again. The manifests are rendered from the renditions listed, so they
//! show only the rungs that exist; audio and the lowest rungs always stay.

use super::package::{DroppedRungs, Kind, PackageIndex, Rendition};

impl PackageIndex {
    /// The names of the video rungs above the lowest `keep` (highest first): what a drop takes.
    pub fn rungs_above(&self, keep: usize) -> Vec<String> {
        let video: Vec<&Rendition> = self.video().collect();
        let above = video.len().saturating_sub(keep);
        video[..above].iter().map(|r| r.name.clone()).collect()
    }

    /// Takes the named video rungs out, remembering them (with what an earlier drop took) as
    /// dropped at `at`. Returns whether anything was taken.
    pub fn drop_rungs(&mut self, names: &[String], at: i64) -> bool {
        let before = self.renditions.len();
        self.renditions.retain(|r| r.kind != Kind::Video || !names.contains(&r.name));
        if self.renditions.len() == before {
            return false;
        }
        let mut all = self.dropped.take().map(|d| d.names).unwrap_or_default();
        all.extend(names.iter().filter(|n| !all.contains(n)).cloned().collect::<Vec<_>>());
        self.dropped = Some(DroppedRungs { names: all, at });
        true
    }

    /// Puts rungs made again back among the video rungs (largest picture first, audio after)
    /// and clears the drop. A rung of the same name still listed is replaced.
    pub fn restore_rungs(&mut self, made: Vec<Rendition>) {
        self.renditions.retain(|r| !made.iter().any(|m| m.name == r.name));
        self.renditions.extend(made);
        // A stable sort: audio renditions keep their order after the video.
        self.renditions.sort_by_key(|r| match r.kind {
            Kind::Video => (0, std::cmp::Reverse(u64::from(r.width.unwrap_or(0)) * u64::from(r.height.unwrap_or(0)))),
            Kind::Audio => (1, std::cmp::Reverse(0)),
        });
        self.dropped = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rung(name: &str, kind: Kind, height: u32) -> Rendition {
        Rendition {
            name: name.into(),
            kind,
            codecs: String::new(),
            timescale: 1,
            start: 0,
            width: (kind == Kind::Video).then_some(height * 16 / 9),
            height: (kind == Kind::Video).then_some(height),
            frame_rate: None,
            channels: None,
            sample_rate: None,
            track: 0,
            max_bps: 0,
            segments: Vec::new(),
        }
    }

    fn ladder() -> PackageIndex {
        let renditions = vec![
            rung("1080p", Kind::Video, 1080),
            rung("720p", Kind::Video, 720),
            rung("360p", Kind::Video, 360),
            rung("audio", Kind::Audio, 0),
        ];
        PackageIndex { renditions, ..PackageIndex::empty(true) }
    }

    fn names(index: &PackageIndex) -> Vec<&str> {
        index.renditions.iter().map(|r| r.name.as_str()).collect()
    }

    #[test]
    fn the_lowest_rungs_and_the_audio_stay() {
        let mut index = ladder();
        assert_eq!(index.rungs_above(1), ["1080p", "720p"]);
        assert_eq!(index.rungs_above(3), Vec::<String>::new());
        assert!(index.drop_rungs(&index.rungs_above(1), 7));
        assert_eq!(names(&index), ["360p", "audio"]);
        assert_eq!(index.dropped, Some(DroppedRungs { names: vec!["1080p".into(), "720p".into()], at: 7 }));
        assert!(!index.drop_rungs(&["audio".to_string(), "2160p".to_string()], 8), "audio and unknown names are never taken");
        assert_eq!(index.dropped.as_ref().map(|d| d.at), Some(7));
    }

    #[test]
    fn restored_rungs_go_back_in_ladder_order() {
        let mut index = ladder();
        index.drop_rungs(&index.rungs_above(1), 7);
        index.restore_rungs(vec![rung("720p", Kind::Video, 720), rung("1080p", Kind::Video, 1080)]);
        assert_eq!(index, ladder());
    }

    #[test]
    fn a_second_drop_remembers_the_first() {
        let mut index = ladder();
        index.drop_rungs(&["1080p".to_string()], 1);
        index.drop_rungs(&["720p".to_string()], 2);
        assert_eq!(index.dropped, Some(DroppedRungs { names: vec!["1080p".into(), "720p".into()], at: 2 }));
    }

    #[test]
    fn an_index_without_a_drop_reads_and_writes_as_before() {
        let json = serde_json::to_string(&ladder()).unwrap();
        assert!(!json.contains("dropped"), "{json}");
        let mut dropped = ladder();
        dropped.drop_rungs(&["1080p".to_string()], 5);
        let back: PackageIndex = serde_json::from_str(&serde_json::to_string(&dropped).unwrap()).unwrap();
        assert_eq!(back, dropped);
    }
}
