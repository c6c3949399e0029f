//! The query of a keyset-paged list, `?limit=&cursor=`, as every list of the API reads it.

use serde::Deserialize;

use crate::error::{AppError, AppResult};
use reel_core::library::videos::{self, Cursor};

/// `?limit=&cursor=` of a keyset-paged list ([`page_limit`], [`page_cursor`] read them).
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    /// How many to answer: 1–100 (0 is taken as 1, more as 100); 20 when absent.
    #[param(value_type = Option<u64>, minimum = 0, maximum = 4294967295.0)]
    pub limit: Option<String>,
    /// The `next_cursor` of the page before: a time and an id, as the API wrote it.
    #[param(pattern = r"^-?[0-9]{1,18}_[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")]
    pub cursor: Option<String>,
}

/// `?limit=` of a list that is one page (the ranked ones: recommendations).
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LimitParams {
    /// How many to answer: 1–100 (0 is taken as 1, more as 100); 20 when absent.
    #[param(value_type = Option<u64>, minimum = 0, maximum = 4294967295.0)]
    pub limit: Option<String>,
}

/// A listing's `?limit=`: 1–100 (larger is taken as 100), 20 when absent; anything but a
/// whole number is a 400.
pub fn page_limit(text: Option<&str>) -> AppResult<u32> {
    let limit = match text {
        Some(text) => {
            text.trim().parse::<u32>().map_err(|_| AppError::bad_request("bad-request", "limit is a whole number from 1 to 100"))?
        }
        None => 20,
    };
    Ok(limit.clamp(1, 100))
}

/// A listing's `?cursor=`, as an earlier page's `next_cursor` gave it; anything else is a 400.
pub fn page_cursor(text: Option<&str>) -> AppResult<Option<Cursor>> {
    text.map(|c| videos::parse_cursor(c).ok_or_else(|| AppError::bad_request("invalid-cursor", "the cursor is not one this API returned")))
        .transpose()
}
