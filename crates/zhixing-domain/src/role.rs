//! Courts, roles and who may do what.

use serde::{Deserialize, Serialize};

/// Level of a people's court (法院层级).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CourtLevel {
    Supreme,
    High,
    Intermediate,
    Basic,
}

impl CourtLevel {
    pub fn as_str(self) -> &'static str {
        match self {
            CourtLevel::Supreme => "supreme",
            CourtLevel::High => "high",
            CourtLevel::Intermediate => "intermediate",
            CourtLevel::Basic => "basic",
        }
    }
    pub fn label_zh(self) -> &'static str {
        match self {
            CourtLevel::Supreme => "最高人民法院",
            CourtLevel::High => "高级人民法院",
            CourtLevel::Intermediate => "中级人民法院",
            CourtLevel::Basic => "基层人民法院",
        }
    }
    pub fn parse(s: &str) -> Option<CourtLevel> {
        [CourtLevel::Supreme, CourtLevel::High, CourtLevel::Intermediate, CourtLevel::Basic]
            .into_iter()
            .find(|l| l.as_str() == s)
    }
}

/// A user's role. One role per account: a person with two duties gets two
/// accounts, so that every act on the record says in which capacity it was done.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Admin,
    Director,
    CommandCenter,
    Judge,
    Assistant,
    Clerk,
    Bailiff,
    FundsClerk,
    ArchiveClerk,
    GridWorker,
    Lawyer,
    Applicant,
}

impl Role {
    pub const ALL: [Role; 12] = [
        Role::Admin,
        Role::Director,
        Role::CommandCenter,
        Role::Judge,
        Role::Assistant,
        Role::Clerk,
        Role::Bailiff,
        Role::FundsClerk,
        Role::ArchiveClerk,
        Role::GridWorker,
        Role::Lawyer,
        Role::Applicant,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Director => "director",
            Role::CommandCenter => "command_center",
            Role::Judge => "judge",
            Role::Assistant => "assistant",
            Role::Clerk => "clerk",
            Role::Bailiff => "bailiff",
            Role::FundsClerk => "funds_clerk",
            Role::ArchiveClerk => "archive_clerk",
            Role::GridWorker => "grid_worker",
            Role::Lawyer => "lawyer",
            Role::Applicant => "applicant",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Role::Admin => "系统管理员",
            Role::Director => "执行局长",
            Role::CommandCenter => "指挥中心",
            Role::Judge => "员额法官",
            Role::Assistant => "法官助理",
            Role::Clerk => "书记员",
            Role::Bailiff => "司法警察",
            Role::FundsClerk => "案款岗",
            Role::ArchiveClerk => "档案岗",
            Role::GridWorker => "网格员",
            Role::Lawyer => "律师",
            Role::Applicant => "申请执行人",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// Members of an enforcement team (执行团队) work the team's cases.
    pub fn is_team_member(self) -> bool {
        matches!(self, Role::Judge | Role::Assistant | Role::Clerk | Role::Bailiff)
    }

    /// Court staff, as opposed to outside users (parties, lawyers, grid workers).
    pub fn is_court_staff(self) -> bool {
        !matches!(self, Role::GridWorker | Role::Lawyer | Role::Applicant)
    }
}
