//! Who may see and manage what: pure rules over roles, owners and visibility.

use reel_base::domain::{UserId, Visibility};

use super::{Caller, Scope};

/// Whether `viewer` (None: not signed in) may see a video owned by `owner` with `visibility`.
///
/// Public videos are open only where the deployment allows public videos at all; members
/// videos to any signed-in account; private ones to their owner and admins.
pub fn can_view(viewer: Option<&Caller>, owner: Option<UserId>, visibility: Visibility, public_allowed: bool) -> bool {
    let viewer = viewer.filter(|v| v.has(Scope::Read)).map(|v| (v.subject(), v.is_admin()));
    allows(viewer, owner, visibility, public_allowed)
}

/// The rule itself, for a viewer given as (account id, acts as admin), or None when anonymous.
pub fn allows(viewer: Option<(UserId, bool)>, owner: Option<UserId>, visibility: Visibility, public_allowed: bool) -> bool {
    if visibility == Visibility::Public && public_allowed {
        return true;
    }
    let Some((id, admin)) = viewer else { return false };
    match visibility {
        Visibility::Public | Visibility::Members => true,
        Visibility::Private => admin || owner == Some(id),
    }
}

/// Whether `caller` may edit or delete a video owned by `owner`: its creator, or an admin.
pub fn can_manage(caller: &Caller, owner: Option<UserId>) -> bool {
    caller.is_admin() || (caller.has(Scope::Upload) && owner == Some(caller.subject()))
}

/// Whether `caller` may change a playlist `owner` made: any member keeps their own (it is
/// a list of what they watch, not an upload); admins may change any.
pub fn can_curate(caller: &Caller, owner: Option<UserId>) -> bool {
    caller.is_admin() || (caller.has(Scope::Read) && owner == Some(caller.subject()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::Credential;
    use reel_base::domain::Role;

    const O: UserId = UserId(uuid::Uuid::from_u128(1));
    const X: UserId = UserId(uuid::Uuid::from_u128(2));
    const A: UserId = UserId(uuid::Uuid::from_u128(3));
    const ELSE: UserId = UserId(uuid::Uuid::from_u128(4));

    fn caller(id: UserId, role: Role, scopes: Option<Vec<Scope>>) -> Caller {
        let credential = match scopes {
            Some(scopes) => Credential::ApiToken { id: reel_base::domain::TokenId::new(), scopes, expires_at: None },
            None => Credential::Session { id_hash: "h".into(), csrf_token: "c".into() },
        };
        Caller {
            user_id: id,
            role,
            display_name: id.to_string(),
            channel: id.to_string(),
            credential,
            profile: crate::auth::ActiveProfile::main(id, "p"),
            device: None,
        }
    }

    #[test]
    fn private_videos_are_for_their_owner_and_admins_only() {
        let (owner, other, admin) = (caller(O, Role::Creator, None), caller(X, Role::Viewer, None), caller(A, Role::Admin, None));
        assert!(can_view(Some(&owner), Some(O), Visibility::Private, false));
        assert!(can_view(Some(&admin), Some(O), Visibility::Private, false));
        assert!(!can_view(Some(&other), Some(O), Visibility::Private, false));
        assert!(!can_view(None, Some(O), Visibility::Private, true));
    }

    #[test]
    fn members_videos_need_a_signed_in_account() {
        assert!(can_view(Some(&caller(X, Role::Viewer, None)), Some(O), Visibility::Members, false));
        assert!(!can_view(None, Some(O), Visibility::Members, true));
    }

    #[test]
    fn public_videos_are_open_only_where_the_deployment_allows_it() {
        assert!(can_view(None, Some(O), Visibility::Public, true));
        assert!(!can_view(None, Some(O), Visibility::Public, false));
        assert!(can_view(Some(&caller(X, Role::Viewer, None)), Some(O), Visibility::Public, false));
    }

    #[test]
    fn creators_manage_their_own_videos_and_admins_all() {
        let creator = caller(O, Role::Creator, None);
        assert!(can_manage(&creator, Some(O)));
        assert!(!can_manage(&creator, Some(ELSE)));
        assert!(can_manage(&caller(A, Role::Admin, None), Some(ELSE)));
        // A read-only token of the owner cannot change anything.
        assert!(!can_manage(&caller(O, Role::Creator, Some(vec![Scope::Read])), Some(O)));
        // An admin's upload-only token is not an admin credential.
        assert!(!can_manage(&caller(A, Role::Admin, Some(vec![Scope::Upload])), Some(ELSE)));
    }
}
