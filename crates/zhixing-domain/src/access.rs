//! Authorization rules: which role may do what, and over which cases.
//!
//! This is the policy as data; the application layer enforces it on every
//! command and query (not only on routes), so a new route cannot forget it.

use crate::role::Role;

/// Something a user asks to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    /// See the case list and case pages (within the case scope below).
    ViewCases,
    /// File a new case (立案).
    FileCase,
    /// Change a case's handling data (handler, team, summary).
    EditCase,
    /// See a party's full resident ID or phone number (recorded as an event).
    RevealPersonalData,
    /// Manage users and teams of the court.
    ManageUsers,
    /// Verify the event chain and sign checkpoints on demand.
    Audit,
    /// See the command-center overview.
    ViewBoard,
    /// Record that a required action was done (送达、查控、约谈……).
    RecordAction,
    /// Certify a stage gate (节点认证): the command center's act.
    CertifyGate,
    /// Move a case past a gate without its conditions, with a written reason.
    OverrideGate,
    /// Confirm or override a triage suggestion, run what-if triage.
    Triage,
    /// Start or end a clock stop (中止、暂缓、公告、评估拍卖期间).
    PauseClock,
    /// Batch filing from a spreadsheet.
    BatchFile,
}

/// Which cases a user may see.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CaseScope {
    /// Every case of the user's court and of the courts below it.
    CourtAndBelow,
    /// Every case of the user's own court.
    Court,
    /// Cases of the user's team.
    Team,
    /// Only cases the user is linked to as a party or agent.
    Linked,
    /// No case at all.
    None,
}

/// The role's case scope.
pub fn case_scope(role: Role) -> CaseScope {
    match role {
        Role::Director | Role::CommandCenter => CaseScope::CourtAndBelow,
        Role::Admin | Role::FundsClerk | Role::ArchiveClerk => CaseScope::Court,
        Role::Judge | Role::Assistant | Role::Clerk | Role::Bailiff => CaseScope::Team,
        Role::Lawyer | Role::Applicant => CaseScope::Linked,
        Role::GridWorker => CaseScope::None,
    }
}

/// Whether the role may perform the action at all (the case scope is checked
/// separately against the case).
pub fn permits(role: Role, action: Action) -> bool {
    use Role::*;
    match action {
        Action::ViewCases => case_scope(role) != CaseScope::None && role != Admin,
        Action::FileCase => matches!(role, CommandCenter | Clerk | Director),
        Action::EditCase => matches!(role, CommandCenter | Director | Judge | Assistant | Clerk),
        // Those who must contact or identify the party: the handling team, the
        // command center, the funds clerk (payments need the payee's identity).
        Action::RevealPersonalData => {
            matches!(role, CommandCenter | Director | Judge | Assistant | Clerk | Bailiff | FundsClerk)
        }
        Action::ManageUsers => role == Admin,
        Action::Audit => matches!(role, Admin | Director | CommandCenter),
        Action::ViewBoard => matches!(role, Director | CommandCenter),
        Action::RecordAction => matches!(role, CommandCenter | Director | Judge | Assistant | Clerk | Bailiff),
        Action::CertifyGate => role == CommandCenter,
        Action::OverrideGate => matches!(role, CommandCenter | Director),
        Action::Triage => role == CommandCenter,
        Action::PauseClock => matches!(role, CommandCenter | Director | Judge),
        Action::BatchFile => matches!(role, CommandCenter | Clerk),
    }
}

/// Whether personal ID and phone numbers are shown unmasked to this role by
/// default. No role sees them unmasked in lists; revealing is an explicit,
/// recorded act (`Action::RevealPersonalData`).
pub fn sees_masked_personal_data(_role: Role) -> bool {
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outsiders_never_manage_or_audit() {
        for role in [Role::GridWorker, Role::Lawyer, Role::Applicant] {
            assert!(!permits(role, Action::ManageUsers));
            assert!(!permits(role, Action::Audit));
            assert!(!permits(role, Action::RevealPersonalData));
            assert!(!permits(role, Action::FileCase));
        }
    }

    #[test]
    fn admin_manages_but_does_not_handle_cases() {
        assert!(permits(Role::Admin, Action::ManageUsers));
        assert!(!permits(Role::Admin, Action::ViewCases));
        assert!(!permits(Role::Admin, Action::EditCase));
    }
}
