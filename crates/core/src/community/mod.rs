//! The community: what members say about items. Reactions (a like or dislike per profile,
//! each item's totals, a profile's liked items, a signal for recommendations) and comments
//! (threads with one level of replies, the item owner's pin, hide and switch, notices to the
//! people concerned and the `comment.created` event), and moderation (reports, the queue,
//! takedowns and appeals, suspensions and who is suspended now).

pub mod comments;
pub mod moderation;
pub mod reactions;
pub mod reports;
pub mod suspensions;
