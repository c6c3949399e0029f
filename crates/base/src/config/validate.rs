//! The check of the whole configuration at start: each section's own, in one order, then what
//! only several sections together can say (the cold tier the lifecycle rules need, a logo on
//! disk, the kids profiles' rating on the catalogue's scale).

use super::{Config, ConfigError, MAX_LOGO_BYTES};

impl Config {
    /// The first problem of these settings, as a refusal to start. Sections are checked in a
    /// fixed order, so a file with several mistakes is always told the same one first.
    pub(super) fn validate(&self) -> Result<(), ConfigError> {
        let invalid = |m: &str| Err(ConfigError::Invalid(m.to_string()));
        if let Some(problem) = self
            .media
            .problem(&self.ladder)
            .or_else(|| self.server.problem())
            .or_else(|| self.jobs.problem(self.media.max_processes))
            .or_else(|| self.delivery.problem())
            .or_else(|| self.packaging.problem())
            .or_else(|| self.catalogue.problem())
            .or_else(|| self.captions.problem())
            .or_else(|| self.api.problem())
            .or_else(|| self.audio.problem())
            .or_else(|| self.watermark.problem())
            .or_else(|| self.chunking.problem(self.media.segment_secs))
            .or_else(|| self.audience.problem())
            .or_else(|| self.alarms.problem())
            .or_else(|| self.webhooks.problem())
            .or_else(|| self.embed.problem())
            .or_else(|| self.community.problem())
            .or_else(|| self.entitlements.problem())
            .or_else(|| self.site.problem())
            .or_else(|| self.analytics.problem())
            .or_else(|| self.access_log.problem())
            .or_else(|| self.lifecycle.problem())
            .or_else(|| self.prices.problem())
            .or_else(|| self.cost.problem())
            .or_else(|| self.edge.problem())
            .or_else(|| self.keys.problem())
        {
            return invalid(&problem);
        }
        if !self.watermark.image.is_empty() {
            // Read through the confined runner when a transcode uses it; here only found.
            let size = std::fs::metadata(&self.watermark.image).map(|m| m.is_file().then_some(m.len()));
            match size {
                Ok(Some(bytes)) if bytes <= MAX_LOGO_BYTES as u64 => {}
                Ok(Some(_)) => return invalid(&format!("watermark.image is over {} MB", MAX_LOGO_BYTES >> 20)),
                _ => return invalid(&format!("watermark.image {:?} is not a file Reel can read", self.watermark.image)),
            }
        }
        let life = &self.lifecycle;
        let cold = &self.storage.cold;
        let moves = life.originals_cold_after_days > 0 || life.renditions_cold_after_idle_days > 0;
        if moves && cold.url.is_empty() && cold.storage_class.is_empty() {
            return invalid("lifecycle: moving objects to the cold tier needs one: set [storage.cold] url or storage_class");
        }
        let archive = cold.is_archive();
        if archive && self.delivery.s3_redirect {
            // A viewer sent to the bucket would get S3's refusal, not Reel's retryable answer.
            return invalid("delivery.s3_redirect cannot be used with an archive storage.cold.storage_class (GLACIER, DEEP_ARCHIVE)");
        }
        if archive && self.storage.s3_access_key_id.is_empty() {
            return invalid("storage.cold.storage_class: restoring GLACIER or DEEP_ARCHIVE objects needs storage.s3_access_key_id");
        }
        if cold.restore_check_secs == 0 {
            return invalid("storage.cold.restore_check_secs must be at least 1");
        }
        if self.kids_cap().is_none() {
            return invalid(&format!(
                "audience.kids_max_rating: {:?} is not on catalogue.content_ratings ({})",
                self.audience.kids_max_rating,
                self.catalogue.content_ratings.join(", ")
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::config::{Config, Secret};

    #[test]
    fn shared_keys_are_checked_at_start_and_never_echoed() {
        let problem = |edit: &dyn Fn(&mut Config)| {
            let mut c = Config::default();
            edit(&mut c);
            c.validate().err().map(|e| e.to_string())
        };
        assert_eq!(problem(&|_| ()), None);
        let short = "0123456789abcdef";
        let said = problem(&|c| c.keys.login_code = Secret::new(short)).unwrap();
        assert!(said.contains("keys.login_code") && !said.contains(short), "{said}");
        let said = problem(&|c| {
            c.keys.links = Secret::new("ab".repeat(32));
            c.keys.links_file = "/run/secrets/links".into();
        });
        assert!(said.unwrap().contains("not both"));
        assert_eq!(problem(&|c| c.keys.access_log = Secret::new("ab".repeat(32))), None);

        let said = problem(&|c| c.delivery.signing_key_previous = Secret::new("p".repeat(40))).unwrap();
        assert!(said.contains("signing_key_previous needs"), "{said}");
        assert_eq!(
            problem(&|c| {
                c.delivery.signing_key_file = "/run/secrets/signing".into();
                c.delivery.signing_key_previous = Secret::new("p".repeat(40));
            }),
            None
        );
        let said = problem(&|c| c.packaging.master_key_previous = Secret::new("ab".repeat(32))).unwrap();
        assert!(said.contains("master_key_previous needs"), "{said}");
        let said = problem(&|c| {
            c.packaging.master_key = Secret::new("ab".repeat(32));
            c.packaging.master_key_previous = Secret::new("abc");
        })
        .unwrap();
        assert!(said.contains("packaging.master_key_previous must be 64 hex digits"), "{said}");
    }

    #[test]
    fn a_search_ranks_at_least_one_match() {
        let mut c = Config::default();
        for (n, ok) in [(0, false), (1, true), (2_000, true), (1_000_001, false)] {
            c.catalogue.search_ranked_matches = n;
            assert_eq!(c.validate().is_ok(), ok, "{n}");
        }
    }

    #[test]
    fn a_rung_drop_keeps_at_least_one_rung() {
        let mut c = Config::default();
        c.lifecycle.renditions_drop_after_idle_days = 30;
        assert!(c.validate().is_ok(), "the drop needs no cold tier");
        c.lifecycle.renditions_keep_rungs = 0;
        assert!(c.validate().unwrap_err().to_string().contains("renditions_keep_rungs"));
    }

    #[test]
    fn an_archive_class_needs_signed_requests_and_no_redirects_to_the_bucket() {
        let mut c = Config::default();
        c.storage.cold.storage_class = "DEEP_ARCHIVE".into();
        c.lifecycle.renditions_cold_after_idle_days = 30;
        assert!(c.validate().unwrap_err().to_string().contains("s3_access_key_id"));
        c.storage.s3_access_key_id = "key".into();
        assert!(c.validate().is_ok());
        c.delivery.s3_redirect = true;
        assert!(c.validate().unwrap_err().to_string().contains("s3_redirect"));
        c.delivery.s3_redirect = false;
        c.storage.cold.restore_check_secs = 0;
        assert!(c.validate().is_err());
    }
}
