//! Plans and entitlements: admins define plans and grant, renew and end them for viewers
//! (each change recorded with its amount, for revenue reports); an item's owner may make it
//! require a plan, and then only holders of that plan, its owner and admins get a playback
//! token for it. Everyone else still sees the item, with what it requires.

pub mod commands;

use std::collections::{HashMap, HashSet};

use crate::auth::{policy, Actor, Caller, Scope};
use crate::library::videos::{self, VideoRecord};
use crate::platform::problem::{self, Problem};
use crate::platform::Context;
use reel_base::db::plans::{self, Granted};
use reel_base::db::users::{self, UserRecord};
use reel_base::domain::entitlement::{self, Entitlement};
use reel_base::domain::plan::{self as rules, Period};
use reel_base::domain::{Email, PlanId, VideoId};
use reel_base::i18n::Said;

pub use reel_base::db::plans::{Held, PlanRecord, Revenue};

/// Most periods one grant or renewal may pay for.
pub const MAX_PERIODS: u32 = 120;

/// What a new plan is.
#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewPlan {
    /// Its name (unique): 1–60 characters, no control characters.
    #[schema(
        max_length = 60,
        pattern = r"^[^\x00-\x1F\x7F-\x9F\u2028\u2029]*[^\s\x00-\x1F\x7F-\x9F\u2028\u2029][^\x00-\x1F\x7F-\x9F\u2028\u2029]*$"
    )]
    pub name: String,
    /// What it is, for people choosing (at most 500 characters).
    #[serde(default)]
    #[schema(max_length = 500, pattern = r"^[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*$")]
    pub description: String,
    /// Price of one period, in minor units (cents).
    #[schema(minimum = 0, maximum = 100000000)]
    pub price_minor: i64,
    /// ISO 4217 code.
    #[schema(pattern = r"^\s*[A-Za-z]{3}\s*$")]
    pub currency: String,
    /// `month` or `year`.
    #[schema(pattern = "^(month|monthly|year|yearly|annual)$")]
    pub period: String,
    /// Streams its holder may play at once: 1 to 100; absent or 0 for no limit.
    #[serde(default)]
    #[schema(minimum = 0, maximum = 100)]
    pub max_streams: Option<i64>,
    /// Devices its holder may have signed in at once: 1 to 100; absent or 0 for no limit.
    #[serde(default)]
    #[schema(minimum = 0, maximum = 100)]
    pub max_devices: Option<i64>,
    /// The tallest rung its holder may play, in lines (144 to 4320); absent or 0 for every rung.
    #[serde(default)]
    #[schema(schema_with = height_schema)]
    pub max_height: Option<i64>,
    /// Whether its holder is offered and served the downloads (default: yes).
    #[serde(default)]
    pub downloads: Option<bool>,
}

/// `max_height`'s schema: none, 0, or a height from 144 to 4320 lines (a range with a hole,
/// which `minimum` and `maximum` alone cannot state).
fn height_schema() -> utoipa::openapi::schema::Schema {
    use utoipa::openapi::schema::{ObjectBuilder, OneOfBuilder, Schema, Type};
    let (lowest, highest) = (*entitlement::HEIGHTS.start(), *entitlement::HEIGHTS.end());
    let one_of = OneOfBuilder::new()
        .description(Some("The tallest rung its holder may play, in lines (144 to 4320); absent, null or 0 for every rung."))
        .item(ObjectBuilder::new().schema_type(Type::Null))
        .item(ObjectBuilder::new().schema_type(Type::Integer).enum_values(Some([0])))
        .item(ObjectBuilder::new().schema_type(Type::Integer).minimum(Some(lowest)).maximum(Some(highest)))
        .build();
    Schema::OneOf(one_of)
}

impl NewPlan {
    /// Its limits, checked; the message names the field at fault.
    pub fn entitlement(&self) -> Result<Entitlement, rules::PlanError> {
        Ok(Entitlement {
            max_streams: entitlement::count_limit("max_streams", self.max_streams)?,
            max_devices: entitlement::count_limit("max_devices", self.max_devices)?,
            max_height: entitlement::height_limit(self.max_height)?,
            downloads: self.downloads.unwrap_or(true),
        })
    }
}

fn invalid(e: rules::PlanError) -> Problem {
    Problem::bad_request("invalid-plan", e.0)
}

/// Checks and stores a plan (admins and the operator); a name already taken is a 409.
pub async fn create(ctx: &Context, actor: Actor<'_>, new: &NewPlan) -> problem::Result<PlanRecord> {
    actor.require(Scope::Admin)?;
    let description = new.description.trim();
    if description.chars().count() > 500 {
        return Err(Problem::bad_request("invalid-plan", "description: at most 500 characters"));
    }
    let period = Period::parse(&new.period).ok_or_else(|| Problem::bad_request("invalid-plan", "period: month or year"))?;
    let plan = PlanRecord {
        id: PlanId::new(),
        name: rules::plan_name(&new.name).map_err(invalid)?,
        description: description.to_string(),
        price_minor: rules::price_minor(new.price_minor).map_err(invalid)?,
        currency: rules::currency(&new.currency).map_err(invalid)?,
        period: period.as_str().to_string(),
        created_at: ctx.clock().now_ms(),
        entitlement: new.entitlement().map_err(invalid)?,
    };
    plans::insert(&ctx.db, &plan).await.map_err(|e| match e.as_database_error() {
        Some(d) if d.is_unique_violation() => Problem::conflict("plan-exists", "a plan with that name exists"),
        _ => e.into(),
    })?;
    Ok(plan)
}

/// Every plan (anyone signed in may see what there is to hold).
pub async fn list(ctx: &Context, caller: &Caller) -> problem::Result<Vec<PlanRecord>> {
    caller.require(Scope::Read)?;
    Ok(plans::list(&ctx.db).await?)
}

/// The plan with this id or name, or 404.
pub async fn find(db: &reel_base::db::Db, id_or_name: &str) -> problem::Result<PlanRecord> {
    if id_or_name.len() > 200 {
        return Err(Problem::not_found("plan"));
    }
    plans::find(db, id_or_name).await?.ok_or_else(|| Problem::not_found("plan"))
}

/// The account an admin names: an account id or an email address.
async fn account(db: &reel_base::db::Db, who: &str) -> problem::Result<UserRecord> {
    let who = who.trim();
    let found = match who.parse() {
        Ok(id) => users::by_id(db, id).await?,
        Err(_) => match Email::parse(who) {
            Ok(email) => users::by_address(db, &reel_base::domain::Address::Email(email)).await?,
            Err(_) => None,
        },
    };
    found.ok_or_else(|| Problem::not_found("account"))
}

/// Grants `plan` to the account `who` for `periods` periods, or renews a running grant by as
/// much (admins and the operator; the record names who granted it).
pub async fn grant(
    ctx: &Context,
    actor: Actor<'_>,
    plan: &str,
    who: &str,
    periods: u32,
) -> problem::Result<(UserRecord, PlanRecord, Granted)> {
    actor.require(Scope::Admin)?;
    let (db, by) = (&ctx.db, actor.subject());
    if !(1..=MAX_PERIODS).contains(&periods) {
        return Err(Problem::bad_request("invalid-periods", format!("periods: a whole number from 1 to {MAX_PERIODS}")));
    }
    let plan = find(db, plan).await?;
    let user = account(db, who).await?;
    let granted = plans::grant(db, user.id, &plan, periods, by).await?;
    reel_base::db::audit::record(
        db,
        by,
        "plan.granted",
        Some(&user.id.to_string()),
        None,
        Some(&Said::new("audit-plan-granted").arg("plan", plan.name.as_str()).arg("periods", periods)),
    )
    .await?;
    Ok((user, plan, granted))
}

/// Ends the account `who`'s grant of `plan` now (admins only); 404 when none is running.
pub async fn end(ctx: &Context, caller: &Caller, plan: &str, who: &str) -> problem::Result<()> {
    caller.require(Scope::Admin)?;
    let plan = find(&ctx.db, plan).await?;
    let user = account(&ctx.db, who).await?;
    if !plans::end(&ctx.db, user.id, &plan, Some(caller.subject())).await? {
        return Err(Problem::not_found("running grant"));
    }
    reel_base::db::audit::record(
        &ctx.db,
        Some(caller.subject()),
        "plan.ended",
        Some(&user.id.to_string()),
        None,
        Some(&Said::verbatim(plan.name.as_str())),
    )
    .await?;
    Ok(())
}

/// Revenue per plan and month (admins only).
pub async fn revenue(ctx: &Context, caller: &Caller) -> problem::Result<Vec<Revenue>> {
    caller.require(Scope::Admin)?;
    Ok(plans::revenue(&ctx.db).await?)
}

/// The plans the caller holds now.
pub async fn held(ctx: &Context, caller: &Caller) -> problem::Result<Vec<Held>> {
    caller.require(Scope::Read)?;
    Ok(plans::held(&ctx.db, caller.subject()).await?)
}

/// What `held` lets its holder do: the best of each running plan's limits, or, holding none,
/// `[entitlements]`.
pub fn entitlement_of(ctx: &Context, held: &[Held]) -> Entitlement {
    ctx.config.entitlements.of_plans(held.iter().map(|h| h.plan.entitlement))
}

/// Makes the item `id` require the plan `plan` (id or name), or nothing (its owner or an
/// admin).
#[tracing::instrument(skip_all, fields(item = %id))]
pub async fn require(ctx: &Context, caller: &Caller, id: &str, plan: Option<&str>) -> problem::Result<Option<PlanRecord>> {
    let video = videos::managed(ctx, caller, id).await?;
    let plan = match plan {
        Some(p) => Some(find(&ctx.db, p).await?),
        None => None,
    };
    crate::library::item::require_plan(ctx, video.id, plan.as_ref().map(|p| p.id)).await?;
    Ok(plan)
}

/// The plan an item requires, and whether it keeps a viewer from playing it.
#[derive(Debug, Clone)]
pub struct Gate {
    /// The plan.
    pub plan: PlanRecord,
    /// Whether the viewer lacks it (owners and admins never do).
    pub locked: bool,
}

/// For each of `videos` that requires a plan, the plan and whether `viewer` lacks it; the
/// viewer's plans and the plans are read once for the whole list.
pub async fn gates(ctx: &Context, viewer: Option<&Caller>, videos: &[VideoRecord]) -> problem::Result<HashMap<VideoId, Gate>> {
    if videos.iter().all(|v| v.required_plan.is_none()) {
        return Ok(HashMap::new());
    }
    let holds: HashSet<PlanId> = match viewer.filter(|c| c.has(Scope::Read)) {
        Some(c) => plans::held(&ctx.db, c.subject()).await?.into_iter().map(|h| h.plan.id).collect(),
        None => HashSet::new(),
    };
    let all: HashMap<PlanId, PlanRecord> = plans::list(&ctx.db).await?.into_iter().map(|p| (p.id, p)).collect();
    Ok(videos
        .iter()
        .filter_map(|v| {
            let needed = v.required_plan?;
            // A plan missing from the table (removed by hand) locks, rather than opens, its items.
            let plan = all.get(&needed).cloned().unwrap_or_else(|| PlanRecord {
                id: needed,
                name: "an unavailable plan".into(),
                description: String::new(),
                price_minor: 0,
                currency: String::new(),
                period: String::new(),
                created_at: 0,
                entitlement: Entitlement::UNLIMITED,
            });
            let exempt = viewer.is_some_and(|c| policy::can_manage(c, v.created_by));
            Some((v.id, Gate { locked: !exempt && !holds.contains(&needed), plan }))
        })
        .collect())
}

/// The plan that keeps `viewer` from playing `video`, if one does.
pub async fn lock(ctx: &Context, viewer: Option<&Caller>, video: &VideoRecord) -> problem::Result<Option<PlanRecord>> {
    let gate = gates(ctx, viewer, std::slice::from_ref(video)).await?.remove(&video.id);
    Ok(gate.filter(|g| g.locked).map(|g| g.plan))
}

/// Refuses playback (403 `plan-required`, naming the plan) to a viewer without the plan
/// `video` requires.
pub async fn check_playable(ctx: &Context, viewer: &Caller, video: &VideoRecord) -> problem::Result<()> {
    match lock(ctx, Some(viewer), video).await? {
        Some(plan) => {
            Err(Problem::new(http::StatusCode::FORBIDDEN, "plan-required", format!("this item requires the plan “{}”", plan.name)))
        }
        None => Ok(()),
    }
}
