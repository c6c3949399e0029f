//! The creator's side: the upload page, "my videos" with live status, editing and deleting.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::Form;
use minijinja::context;
use serde::Deserialize;

use crate::state::AppState;
use reel_base::domain::collection::Shelf;
use reel_base::domain::ItemKind;
use reel_core::auth::{Caller, Scope};
use reel_core::library::collections;
use reel_core::library::videos::{self, Audience, Filter};

use crate::http::pages::account::sign_in;
use crate::http::pages::cards::{self, cards};
use crate::http::pages::frame::form_error::FormError;
use crate::http::pages::frame::layout::PageInfo;
use crate::http::pages::frame::notices::Notices;
use crate::http::pages::frame::page_error::{PageError, PageResult};
use crate::http::pages::frame::respond::see_other;
use crate::http::pages::frame::templates::{render, t};
use crate::http::pages::frame::viewer::{form_caller, Viewer};
use crate::http::pages::studio::edit_form::EditForm;

/// Videos per page of "my videos".
const PAGE_SIZE: u32 = 50;

/// Bytes per tus PATCH the upload page sends: big enough to be quick, small enough that a
/// dropped connection loses little, and one staging part, so that on S3 every PATCH ends on a
/// part boundary and leaves no tail to store and read back.
const CHUNK_BYTES: u64 = reel_base::storage::PART_SIZE as u64;

/// The visibilities a creator may pick here, each with how the menu describes it.
pub fn visibilities(state: &AppState) -> Vec<(&'static str, String)> {
    let mut v = vec![("members", t("studio-visibility-choice-members", &[])), ("private", t("studio-visibility-choice-private", &[]))];
    if state.config.auth.allow_public_videos {
        v.push(("public", t("studio-visibility-choice-public", &[])));
    }
    v
}

/// The confirmation after a change that comes back to "my videos" or the edit page (`?done=`).
pub static NOTICES: Notices = Notices::new(&[
    ("saved", "studio-notice-saved"),
    ("deleted", "studio-notice-deleted"),
    ("video-retried", "studio-notice-retried"),
    ("loudness-saved", "studio-notice-loudness-saved"),
    ("audio-saved", "studio-notice-audio-saved"),
    ("caption-added", "studio-notice-caption-added"),
    ("caption-removed", "studio-notice-caption-removed"),
    ("chapters-saved", "studio-notice-chapters-saved"),
    ("reprocessing", "studio-notice-reprocessing"),
]);

fn uploader(viewer: Viewer) -> Result<Caller, PageError> {
    let caller = viewer.required()?;
    caller.require(Scope::Upload)?;
    Ok(caller)
}

/// `GET /upload`: the resumable upload form (its script does the uploading).
pub async fn upload_page(State(state): State<AppState>, viewer: Viewer) -> PageResult {
    let caller = viewer.required()?;
    let page = PageInfo::new(Some(&caller), &t("shell-upload", &[]), "upload");
    if !caller.has(Scope::Upload) {
        return render("upload.html", context! { page, allowed => false });
    }
    render(
        "upload.html",
        context! {
            page,
            allowed => true,
            max_bytes => state.config.server.max_upload_bytes,
            chunk_bytes => CHUNK_BYTES,
            visibilities => visibilities(&state),
        },
    )
}

/// `?cursor=&done=` of "my videos".
#[derive(Debug, Deserialize)]
pub struct StudioQuery {
    cursor: Option<String>,
    done: Option<String>,
}

/// `GET /studio`: the creator's videos, every status, newest first.
pub async fn my_videos(State(state): State<AppState>, viewer: Viewer, Query(q): Query<StudioQuery>) -> PageResult {
    let caller = uploader(viewer)?;
    let after = cards::parse_cursor(q.cursor.as_deref())?;
    let filter = Filter { owner: Some(caller.subject()), ..Filter::default() };
    let rows = videos::list(&state, videos::member_audience(&state, &caller), filter, PAGE_SIZE, after).await?;
    let more = videos::next_cursor(&rows, PAGE_SIZE, &filter, after).map(|c| format!("/studio?cursor={c}"));
    let videos = cards(&state, Some(&caller), rows, &HashMap::new()).await?;
    let page = PageInfo::new(Some(&caller), &t("studio-title", &[]), "studio").with_notice(NOTICES.of(q.done.as_deref()));
    render("studio.html", context! { page, videos, more })
}

/// The edit form, with an error from the last attempt: beside the field it names (`year: …`),
/// else above the form.
pub async fn edit_view(state: &AppState, caller: &Caller, id: &str, typed: Option<EditForm>, error: Option<&str>) -> PageResult {
    let error = error.map(|message| FormError::naming(message, EDIT_FIELDS));
    edit_view_with(state, caller, id, Typed { form: typed, ..Typed::default() }, error, None).await
}

/// The edit page with a caption track refused: a file that cannot be read beside the file
/// field, anything else (its language, its label, one track too many) above the form.
pub async fn edit_view_captions(state: &AppState, caller: &Caller, id: &str, error: &str, about_file: bool) -> PageResult {
    let error = if about_file { FormError::at("caption-file", error) } else { FormError::above(error) };
    edit_view_with(state, caller, id, Typed::default(), Some(error), None).await
}

/// The edit page with the chapter lines as typed and why they were refused, beside them.
pub async fn edit_view_chapters(state: &AppState, caller: &Caller, id: &str, lines: &str, error: &str) -> PageResult {
    let error = FormError::at("chapter-lines", error);
    edit_view_with(state, caller, id, Typed { chapters: Some(lines), ..Typed::default() }, Some(error), None).await
}

/// The names refusals of the edit form give their field (`year: must be a whole number`), and
/// the input each error goes beside.
const EDIT_FIELDS: &[(&str, &str)] = &[
    ("kind", "kind"),
    ("tags", "tags"),
    ("year", "year"),
    ("language", "language"),
    ("content_rating", "content_rating"),
    ("credits", "director"),
    ("director", "director"),
    ("cast", "cast"),
    ("artist", "artist"),
    ("album", "album"),
    ("album_artist", "album_artist"),
    ("track_number", "track_number"),
    ("disc_number", "disc_number"),
    ("series", "series"),
    ("season", "season"),
    ("episode", "episode"),
];

/// What the viewer typed into the page's forms, shown again with an error.
#[derive(Default)]
struct Typed<'a> {
    form: Option<EditForm>,
    chapters: Option<&'a str>,
}

async fn edit_view_with(
    state: &AppState,
    caller: &Caller,
    id: &str,
    typed: Typed<'_>,
    error: Option<FormError>,
    done: Option<&str>,
) -> PageResult {
    let video = videos::managed(state, caller, id).await?;
    let page = PageInfo::new(Some(caller), &t("studio-edit-page-title", &[("title", video.title.as_str().into())]), "studio")
        .with_notice(NOTICES.of(done));
    let form = match typed.form {
        Some(form) => form,
        None => {
            let mut form = EditForm::of(&video);
            form.comments = !reel_core::community::comments::are_off(state, &video).await?;
            form
        }
    };
    let chapter_lines = match typed.chapters {
        Some(lines) => lines.to_string(),
        None => reel_core::library::chapters::of_item(state, &video).await?.to_lines(),
    };
    let catalogue = &state.config.catalogue;
    let ctx = context! {
        page,
        video => context! { id => video.id.to_string(), status => video.status.to_string() },
        form,
        visibilities => visibilities(state),
        kinds => ItemKind::ALL.map(ItemKind::as_str),
        genres => &catalogue.genres,
        ratings => &catalogue.content_ratings,
        series_choices => own_series(state, caller).await?,
        plan_choices => reel_core::audience::plans::list(state, caller).await?.into_iter().map(|p| context! { id => p.id, name => p.name }).collect::<Vec<_>>(),
        required_plan => video.required_plan.map(|p| p.to_string()),
        audio_tracks => reel_core::library::audio_tracks::list(state, Some(caller), id).await?,
        normalize_audio => videos::normalizes_audio(state, caller, id).await?,
        loudness_target => state.config.audio.loudness_target,
        captions => caption_rows(state, caller, id).await?,
        caption_kinds => reel_base::domain::CaptionKind::ALL.map(reel_base::domain::CaptionKind::as_str),
        chapter_lines,
        geo_on => state.geo.is_on(),
        error,
    };
    let refused = error.is_some();
    let mut response = render("edit.html", ctx)?;
    if refused {
        *response.status_mut() = axum::http::StatusCode::BAD_REQUEST;
    }
    Ok(response)
}

/// `GET /studio/{id}/edit?done=`.
pub async fn edit_page(State(state): State<AppState>, viewer: Viewer, Path(id): Path<String>, Query(q): Query<StudioQuery>) -> PageResult {
    let caller = viewer.required()?;
    edit_view_with(&state, &caller, &id, Typed::default(), None, q.done.as_deref()).await
}

/// `POST /studio/{id}/edit`: saves, or shows the form again with what was typed and the error.
pub async fn save_edit(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> PageResult {
    let f = EditForm::from_pairs(pairs);
    let caller = form_caller(&state, &headers, &f.csrf).await?;
    let changed = match f.edit() {
        Ok(edit) => videos::change(&state, &caller, &id, &edit).await.map_err(crate::error::AppError::from),
        Err(e) => Err(e),
    };
    match changed {
        Ok(_) => Ok(see_other("/studio?done=saved")),
        Err(e)
            if e.status().is_client_error()
                && e.status() != axum::http::StatusCode::NOT_FOUND
                && e.status() != axum::http::StatusCode::FORBIDDEN =>
        {
            edit_view(&state, &caller, &id, Some(f), Some(e.message())).await
        }
        Err(e) => Err(e.into()),
    }
}

/// `GET /studio/{id}/delete`: asks "are you sure?" (without JavaScript, this page is the
/// confirmation).
pub async fn delete_page(State(state): State<AppState>, viewer: Viewer, Path(id): Path<String>) -> PageResult {
    let caller = viewer.required()?;
    let video = videos::managed(&state, &caller, &id).await?;
    let page = PageInfo::new(Some(&caller), &t("studio-delete-page-title", &[("title", video.title.as_str().into())]), "studio");
    render("delete.html", context! { page, video => context! { id => video.id.to_string(), title => video.title, views => video.views } })
}

/// `POST /studio/{id}/retry`: processes a failed video again ("try again").
pub async fn retry(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(f): Form<sign_in::CsrfForm>,
) -> PageResult {
    let caller = form_caller(&state, &headers, &f.csrf).await?;
    reel_core::processing::again::try_again(&state, &caller, &id).await?;
    Ok(see_other("/studio?done=video-retried"))
}

/// `POST /studio/{id}/reprocess`: transcodes a ready item again from its original with today's
/// settings, then its edit page says so; a refusal (an item not ready, its original removed)
/// is shown beside the button.
pub async fn reprocess(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(f): Form<sign_in::CsrfForm>,
) -> PageResult {
    let caller = form_caller(&state, &headers, &f.csrf).await?;
    match reel_core::processing::again::reprocess(&state, &caller, &id).await {
        Ok(_) => Ok(see_other(&format!("/studio/{id}/edit?done=reprocessing#reprocess"))),
        Err(e) if e.status() == axum::http::StatusCode::CONFLICT => {
            edit_view_with(&state, &caller, &id, Typed::default(), Some(FormError::at("reprocess", &e)), None).await
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /studio/{id}/delete`: deletes the video and everything stored for it.
pub async fn delete(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(f): Form<sign_in::CsrfForm>,
) -> PageResult {
    let caller = form_caller(&state, &headers, &f.csrf).await?;
    reel_core::processing::purge::remove(&state, &caller, &id).await?;
    Ok(see_other("/studio?done=deleted"))
}

/// The tracks as the edit page lists them.
async fn caption_rows(state: &AppState, caller: &Caller, id: &str) -> Result<Vec<minijinja::Value>, PageError> {
    Ok(reel_core::library::captions::list(state, Some(caller), id)
        .await?
        .into_iter()
        .map(|c| {
            context! {
                id => c.id.to_string(),
                label => c.label.to_string(),
                language => c.language.as_str(),
                kind => c.kind.as_str(),
                from_file => c.origin == reel_base::domain::CaptionOrigin::Source,
                cues => c.cues,
            }
        })
        .collect())
}

/// The series a creator may put an item in, for the edit form.
async fn own_series(state: &AppState, caller: &Caller) -> Result<Vec<minijinja::Value>, PageError> {
    let audience = if caller.is_admin() { Audience::All } else { videos::member_audience(state, caller) };
    let owner = (!caller.is_admin()).then(|| collections::own(caller, Shelf::Series));
    let series = collections::list(state, Some(caller), audience, Shelf::Series, owner).await?;
    Ok(series.into_iter().map(|r| context! { id => r.id.to_string(), title => r.title }).collect())
}
