//! Staff roles and what each may do. The store checks these before every write, so a
//! hidden menu entry is never the only guard.

use crate::i18n::{self, Lang, Localized, Msg};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    Clerk,
    Manager,
    Trainer,
    Admin,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Clerk, Role::Manager, Role::Trainer, Role::Admin];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Clerk => "clerk",
            Role::Manager => "manager",
            Role::Trainer => "trainer",
            Role::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    pub fn label(self) -> Msg {
        match self {
            Role::Clerk => i18n::ROLE_CLERK,
            Role::Manager => i18n::ROLE_MANAGER,
            Role::Trainer => i18n::ROLE_TRAINER,
            Role::Admin => i18n::ROLE_ADMIN,
        }
    }
}

/// Things a staff member may attempt; `allows` is the single rule table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Permission {
    /// Look up customers and open the customer view.
    ViewCustomers,
    /// Create, reset and disable staff logins.
    ManageStaff,
    /// Import or create customer accounts.
    ManageAccounts,
    /// Counter work that moves money or changes a customer's state.
    CounterWork,
    /// Approve voids, close the day, read office figures.
    Supervise,
    /// Rebuild the demo dataset.
    RebuildDemo,
}

impl Role {
    pub fn allows(self, p: Permission) -> bool {
        use Permission::*;
        match self {
            Role::Clerk => matches!(p, ViewCustomers | CounterWork),
            Role::Manager => matches!(p, ViewCustomers | CounterWork | Supervise),
            // Trainers teach on the demo database: counter work there, but they never
            // administer the live system.
            Role::Trainer => matches!(p, ViewCustomers | CounterWork | RebuildDemo),
            Role::Admin => matches!(
                p,
                ViewCustomers | ManageStaff | ManageAccounts | RebuildDemo
            ),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("role {role:?} may not {permission:?}")]
pub struct PermissionDenied {
    pub role: Role,
    pub permission: Permission,
}

impl Localized for PermissionDenied {
    fn localized(&self, lang: Lang) -> String {
        i18n::PERMISSION_DENIED.fill(lang, &[("role", &self.role.label().get(lang))])
    }
}

pub fn require(role: Role, permission: Permission) -> Result<(), PermissionDenied> {
    if role.allows(permission) {
        Ok(())
    } else {
        Err(PermissionDenied { role, permission })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clerks_cannot_supervise_or_manage_staff() {
        for permission in [Permission::Supervise, Permission::ManageStaff] {
            assert_eq!(
                require(Role::Clerk, permission),
                Err(PermissionDenied {
                    role: Role::Clerk,
                    permission
                })
            );
        }
        assert!(require(Role::Clerk, Permission::CounterWork).is_ok());
    }

    #[test]
    fn role_names_round_trip() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Some(r));
        }
    }
}
