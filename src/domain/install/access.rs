//! Who may work on an application. Anyone at any office may look one up and read it (the
//! customer asks wherever they are), but only staff of the application's own office —
//! its clerks and its manager — do any step on it: the counter's steps, the documents
//! brought in, a correction, the fee, the account, and the manager's. The mobile service
//! vehicle is an office of its own (its staff work its applications, an office's staff do
//! not work the vehicle's), as a reassignment already decides. The store refuses the rest
//! (`InstallDbError::OtherOffice`); F5 offers them no step.

use super::{Action, Progress};
use crate::domain::role::Role;

/// True when staff of `office` work on applications of `app_office`: the same office.
/// Staff with no office (the installer) work on none.
pub fn own_office(office: Option<i64>, app_office: i64) -> bool {
    office == Some(app_office)
}

impl Progress {
    /// The actions a staff member of `role` may take now on an application, in the rules'
    /// order: those the stage allows and the role may do (a clerk is never offered a
    /// manager's step) — and none at all for staff of another office (`own_office`
    /// false), who may only read it.
    pub fn allowed_for(self, role: Role, own_office: bool) -> Vec<Action> {
        if !own_office {
            return Vec::new();
        }
        self.allowed()
            .into_iter()
            .filter(|a| role.allows(a.permission()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::install::Stage;

    #[test]
    fn another_office_is_offered_nothing_and_roles_filter_the_rest() {
        let p = Progress::new();
        assert!(own_office(Some(1), 1));
        assert!(!own_office(Some(2), 1));
        assert!(!own_office(None, 1));
        for role in Role::ALL {
            assert!(p.allowed_for(role, false).is_empty(), "{role:?}");
        }
        let clerk = p.allowed_for(Role::Clerk, true);
        assert!(clerk.contains(&Action::BookSurvey) && clerk.contains(&Action::Hold));
        assert!(!clerk.contains(&Action::Cancel) && !clerk.contains(&Action::MoveDue));
        let manager = p.allowed_for(Role::Manager, true);
        assert!(manager.contains(&Action::Cancel) && manager.contains(&Action::BookSurvey));
        // The administrator does no counter work and steers nothing.
        assert!(p.allowed_for(Role::Admin, true).is_empty());
        let cancelled = Progress {
            stage: Stage::Cancelled,
            cancelled_from: Some(Stage::Survey),
            ..p
        };
        assert_eq!(
            cancelled.allowed_for(Role::Manager, true),
            vec![Action::Reopen]
        );
        assert!(cancelled.allowed_for(Role::Manager, false).is_empty());
    }
}
