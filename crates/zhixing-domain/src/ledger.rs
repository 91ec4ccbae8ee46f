//! The enforcement-money ledger (执行款账簿): double entry over the court's
//! custody bank account and one account per case (一案一账号).
//!
//! Money received for a case belongs to the parties; the court holds it on
//! trust and must show where every fen went. The ledger is the proof:
//!
//! - **Accounts** ([`AccountRef`]): the court's custody bank account
//!   (执行款专户, an asset), and the court's obligations it covers: one
//!   sub-account per case (案款分户), what is payable to each applicant
//!   (应付申请执行人), execution fees to settle (执行费用), what is to be refunded
//!   to the debtor (应退被执行人), and a suspense account for money nobody has
//!   identified yet (待认领款).
//! - **Entries** ([`Entry`]): every movement is an entry whose legs sum to
//!   zero (debits positive, credits negative), in integer fen. Entries are
//!   never changed: a mistake is corrected by a reversing entry
//!   ([`Entry::reversal`]) that mirrors every leg.
//! - **Balances** ([`Balances`]): applying an entry refuses to take any
//!   account below zero in its normal direction, so no case ever shows money
//!   it does not have. Because every entry balances, the custody account
//!   always equals the sum of everything it owes ([`Balances::check`]).
//!
//! Statement matching ([`matching`]), the disbursement clock with its legal
//! delay reasons ([`disbursement`]) and the reconciliation report
//! ([`recon`]) are in the submodules. Citations sit next to the rules.

pub mod disbursement;
pub mod matching;
pub mod recon;

#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::money::{Fen, MAX_FEN};

/// Event kinds written by the funds module, one per posted entry or act.
pub mod event_kind {
    /// A ledger entry was posted (payload: entry number, kind, legs).
    pub const POSTED: &str = "funds.posted";
    /// A bank statement was imported (payload: file hash and totals).
    pub const STATEMENT_IMPORTED: &str = "funds.statement_imported";
    /// The handler proposed a disbursement.
    pub const PROPOSED: &str = "funds.disbursement_proposed";
    /// A second person approved it (the allocation entry is posted with it).
    pub const APPROVED: &str = "funds.disbursement_approved";
    pub const REJECTED: &str = "funds.disbursement_rejected";
    /// Approved payment instructions were put into a payment batch.
    pub const BATCH_EXPORTED: &str = "funds.batch_exported";
    /// A bank result file was imported.
    pub const BANK_RESULT_IMPORTED: &str = "funds.bank_result_imported";
    /// The bank refused an instruction.
    pub const PAYMENT_FAILED: &str = "funds.payment_failed";
    pub const DELAY_STARTED: &str = "funds.delay_started";
    pub const DELAY_ENDED: &str = "funds.delay_ended";
    /// Money in suspense was not claimed within its time.
    pub const SUSPENSE_OVERDUE: &str = "funds.suspense_overdue";

    /// Chinese label for the timeline.
    pub fn label_zh(kind: &str) -> Option<&'static str> {
        Some(match kind {
            POSTED => "执行款记账",
            STATEMENT_IMPORTED => "导入银行流水",
            PROPOSED => "提请发放执行款",
            APPROVED => "批准发放执行款",
            REJECTED => "退回发放申请",
            BATCH_EXPORTED => "生成付款批次",
            BANK_RESULT_IMPORTED => "导入银行付款回执",
            PAYMENT_FAILED => "银行付款失败",
            DELAY_STARTED => "延缓发放执行款",
            DELAY_ENDED => "延缓发放事由消除",
            SUSPENSE_OVERDUE => "待认领款超期未认领",
            _ => return None,
        })
    }
}

/// What an account is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccountKind {
    /// 执行款专户: the court's custody bank account (asset, debit-normal).
    Custody,
    /// 案款分户: money held for one case, not yet allocated (一案一账号).
    Case,
    /// 应付申请执行人款: allocated to one applicant, waiting to be paid.
    Payable,
    /// 执行费用: allocated to execution fees, waiting to be settled.
    Fees,
    /// 应退被执行人款: surplus allocated back to the debtor.
    Refund,
    /// 待认领款: received but not yet identified.
    Suspense,
}

impl AccountKind {
    pub const ALL: [AccountKind; 6] = [
        AccountKind::Custody,
        AccountKind::Case,
        AccountKind::Payable,
        AccountKind::Fees,
        AccountKind::Refund,
        AccountKind::Suspense,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AccountKind::Custody => "custody",
            AccountKind::Case => "case",
            AccountKind::Payable => "payable",
            AccountKind::Fees => "fees",
            AccountKind::Refund => "refund",
            AccountKind::Suspense => "suspense",
        }
    }

    pub fn parse(s: &str) -> Option<AccountKind> {
        AccountKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            AccountKind::Custody => "执行款专户",
            AccountKind::Case => "案款分户",
            AccountKind::Payable => "应付申请执行人",
            AccountKind::Fees => "执行费用",
            AccountKind::Refund => "应退被执行人",
            AccountKind::Suspense => "待认领款",
        }
    }

    /// The custody account is an asset (its balance is debits − credits);
    /// every other account is money the court owes (credits − debits).
    pub fn is_asset(self) -> bool {
        self == AccountKind::Custody
    }

    /// Whether the account belongs to one case.
    pub fn is_case_part(self) -> bool {
        matches!(self, AccountKind::Case | AccountKind::Payable | AccountKind::Fees | AccountKind::Refund)
    }
}

/// One account of a court's ledger. The court is implicit: each court keeps
/// its own ledger.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct AccountRef {
    pub kind: AccountKind,
    /// The case, for case, payable, fee and refund accounts.
    pub case_id: Option<i64>,
    /// The party (applicant, or debtor for refunds), for payable and refund accounts.
    pub party_id: Option<i64>,
}

impl AccountRef {
    pub const CUSTODY: AccountRef = AccountRef { kind: AccountKind::Custody, case_id: None, party_id: None };
    pub const SUSPENSE: AccountRef = AccountRef { kind: AccountKind::Suspense, case_id: None, party_id: None };

    pub fn case(case_id: i64) -> AccountRef {
        AccountRef { kind: AccountKind::Case, case_id: Some(case_id), party_id: None }
    }
    pub fn payable(case_id: i64, party_id: i64) -> AccountRef {
        AccountRef { kind: AccountKind::Payable, case_id: Some(case_id), party_id: Some(party_id) }
    }
    pub fn fees(case_id: i64) -> AccountRef {
        AccountRef { kind: AccountKind::Fees, case_id: Some(case_id), party_id: None }
    }
    pub fn refund(case_id: i64, party_id: i64) -> AccountRef {
        AccountRef { kind: AccountKind::Refund, case_id: Some(case_id), party_id: Some(party_id) }
    }

    /// The stored key: `custody`, `suspense`, `case:12`, `payable:12:34`,
    /// `fees:12`, `refund:12:35`. Unique within a court.
    pub fn key(&self) -> String {
        match (self.case_id, self.party_id) {
            (None, _) => self.kind.as_str().to_string(),
            (Some(c), None) => format!("{}:{c}", self.kind.as_str()),
            (Some(c), Some(p)) => format!("{}:{c}:{p}", self.kind.as_str()),
        }
    }

    /// Reads a key written by [`AccountRef::key`]; `None` if it is not a
    /// well-formed key of a known kind.
    pub fn parse_key(key: &str) -> Option<AccountRef> {
        let mut parts = key.split(':');
        let kind = AccountKind::parse(parts.next()?)?;
        let num = |s: Option<&str>| -> Option<Option<i64>> {
            match s {
                None => Some(None),
                Some(t) => t.parse::<i64>().ok().filter(|v| *v > 0).map(Some),
            }
        };
        let case_id = num(parts.next())?;
        let party_id = num(parts.next())?;
        if parts.next().is_some() {
            return None;
        }
        let r = AccountRef { kind, case_id, party_id };
        r.is_well_formed().then_some(r)
    }

    /// Case-less kinds have no case; case kinds have one; payable and refund
    /// accounts also name the party.
    pub fn is_well_formed(&self) -> bool {
        match self.kind {
            AccountKind::Custody | AccountKind::Suspense => self.case_id.is_none() && self.party_id.is_none(),
            AccountKind::Case | AccountKind::Fees => self.case_id.is_some() && self.party_id.is_none(),
            AccountKind::Payable | AccountKind::Refund => self.case_id.is_some() && self.party_id.is_some(),
        }
    }

    /// The balance in the account's normal direction from the signed sum of
    /// its legs (debits positive).
    pub fn balance_of(&self, signed_sum: i64) -> i64 {
        if self.kind.is_asset() { signed_sum } else { -signed_sum }
    }
}

impl fmt::Display for AccountRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.kind.label_zh())?;
        if let Some(c) = self.case_id {
            write!(f, "（案件 {c}")?;
            if let Some(p) = self.party_id {
                write!(f, "，当事人 {p}")?;
            }
            f.write_str("）")?;
        }
        Ok(())
    }
}

/// What an entry records.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    /// 到账: money received for an identified case.
    Receipt,
    /// 到账待认领: money received that no rule matched.
    SuspenseReceipt,
    /// 认领: suspense money assigned to its case.
    Claim,
    /// 核算分配: case money allocated to applicants, fees and refunds
    /// (on approval of a disbursement).
    Allocation,
    /// 付款: the bank paid an instruction out of the custody account.
    Payment,
    /// 撤销分配: an allocation not paid (instruction cancelled) back to the case.
    Release,
    /// 冲正: the mirror of an earlier entry.
    Reversal,
}

impl EntryKind {
    pub const ALL: [EntryKind; 7] = [
        EntryKind::Receipt,
        EntryKind::SuspenseReceipt,
        EntryKind::Claim,
        EntryKind::Allocation,
        EntryKind::Payment,
        EntryKind::Release,
        EntryKind::Reversal,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EntryKind::Receipt => "receipt",
            EntryKind::SuspenseReceipt => "suspense_receipt",
            EntryKind::Claim => "claim",
            EntryKind::Allocation => "allocation",
            EntryKind::Payment => "payment",
            EntryKind::Release => "release",
            EntryKind::Reversal => "reversal",
        }
    }

    pub fn parse(s: &str) -> Option<EntryKind> {
        EntryKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            EntryKind::Receipt => "到账",
            EntryKind::SuspenseReceipt => "到账待认领",
            EntryKind::Claim => "认领",
            EntryKind::Allocation => "核算分配",
            EntryKind::Payment => "付款",
            EntryKind::Release => "撤销分配",
            EntryKind::Reversal => "冲正",
        }
    }
}

/// One leg of an entry: `amount` is positive for a debit, negative for a credit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Leg {
    pub account: AccountRef,
    pub amount: i64,
}

/// A balanced set of legs. Build it with the constructors; they refuse
/// anything that does not balance.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub kind: EntryKind,
    /// Legs with one leg per account (merged), in account order.
    pub legs: Vec<Leg>,
}

/// Why an entry or a posting was refused. Messages are shown to users.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum LedgerError {
    #[error("分录借贷不平衡（差额 {0} 分）")]
    Unbalanced(i64),
    #[error("分录至少需要两个不同的科目")]
    TooFewLegs,
    #[error("金额必须大于零")]
    NotPositive,
    #[error("金额超出允许范围")]
    TooLarge,
    #[error("科目“{0}”格式不正确")]
    BadAccount(String),
    #[error("{account}余额不足：现有 {available}，需要 {needed}")]
    Insufficient { account: String, available: Fen, needed: Fen },
}

impl Entry {
    /// An entry of `legs` (merged per account, zero legs dropped). Refused
    /// unless the legs balance, at least two accounts remain, every account
    /// is well formed and every amount is within range.
    pub fn new(kind: EntryKind, legs: impl IntoIterator<Item = Leg>) -> Result<Entry, LedgerError> {
        let mut merged: BTreeMap<AccountRef, i128> = BTreeMap::new();
        for leg in legs {
            if !leg.account.is_well_formed() {
                return Err(LedgerError::BadAccount(leg.account.key()));
            }
            if leg.amount.unsigned_abs() > MAX_FEN as u64 {
                return Err(LedgerError::TooLarge);
            }
            *merged.entry(leg.account).or_default() += i128::from(leg.amount);
        }
        let sum: i128 = merged.values().sum();
        if sum != 0 {
            return Err(LedgerError::Unbalanced(i64::try_from(sum).unwrap_or(i64::MAX)));
        }
        let legs: Vec<Leg> = merged
            .into_iter()
            .filter(|(_, a)| *a != 0)
            .map(|(account, a)| Ok(Leg { account, amount: i64::try_from(a).map_err(|_| LedgerError::TooLarge)? }))
            .collect::<Result<_, LedgerError>>()?;
        if legs.len() < 2 {
            return Err(LedgerError::TooFewLegs);
        }
        if legs.iter().filter(|l| l.amount > 0).map(|l| i128::from(l.amount)).sum::<i128>() > i128::from(MAX_FEN) {
            return Err(LedgerError::TooLarge);
        }
        Ok(Entry { kind, legs })
    }

    fn transfer(kind: EntryKind, debit: AccountRef, credit: AccountRef, amount: Fen) -> Result<Entry, LedgerError> {
        if amount.0 <= 0 {
            return Err(LedgerError::NotPositive);
        }
        Entry::new(kind, [Leg { account: debit, amount: amount.0 }, Leg { account: credit, amount: -amount.0 }])
    }

    /// 到账: Dr custody, Cr the case's account.
    pub fn receipt(case_id: i64, amount: Fen) -> Result<Entry, LedgerError> {
        Entry::transfer(EntryKind::Receipt, AccountRef::CUSTODY, AccountRef::case(case_id), amount)
    }

    /// 到账待认领: Dr custody, Cr suspense.
    pub fn suspense_receipt(amount: Fen) -> Result<Entry, LedgerError> {
        Entry::transfer(EntryKind::SuspenseReceipt, AccountRef::CUSTODY, AccountRef::SUSPENSE, amount)
    }

    /// 认领: Dr suspense, Cr the case's account.
    pub fn claim(case_id: i64, amount: Fen) -> Result<Entry, LedgerError> {
        Entry::transfer(EntryKind::Claim, AccountRef::SUSPENSE, AccountRef::case(case_id), amount)
    }

    /// 核算分配: Dr the case's account for the total, Cr each target
    /// (payable, fees, refund accounts of the same case).
    pub fn allocation(case_id: i64, parts: &[(AccountRef, Fen)]) -> Result<Entry, LedgerError> {
        let mut total: i64 = 0;
        let mut legs = Vec::with_capacity(parts.len() + 1);
        for (account, amount) in parts {
            if amount.0 <= 0 {
                return Err(LedgerError::NotPositive);
            }
            if account.case_id != Some(case_id)
                || !matches!(account.kind, AccountKind::Payable | AccountKind::Fees | AccountKind::Refund)
            {
                return Err(LedgerError::BadAccount(account.key()));
            }
            total = total.checked_add(amount.0).ok_or(LedgerError::TooLarge)?;
            legs.push(Leg { account: *account, amount: -amount.0 });
        }
        legs.push(Leg { account: AccountRef::case(case_id), amount: total });
        Entry::new(EntryKind::Allocation, legs)
    }

    /// 付款: Dr the payable (fee, refund) account, Cr custody.
    pub fn payment(from: AccountRef, amount: Fen) -> Result<Entry, LedgerError> {
        if !matches!(from.kind, AccountKind::Payable | AccountKind::Fees | AccountKind::Refund) {
            return Err(LedgerError::BadAccount(from.key()));
        }
        Entry::transfer(EntryKind::Payment, from, AccountRef::CUSTODY, amount)
    }

    /// 撤销分配: an allocated amount not paid goes back to the case's account.
    pub fn release(from: AccountRef, amount: Fen) -> Result<Entry, LedgerError> {
        let Some(case_id) = from.case_id.filter(|_| from.kind != AccountKind::Case) else {
            return Err(LedgerError::BadAccount(from.key()));
        };
        Entry::transfer(EntryKind::Release, from, AccountRef::case(case_id), amount)
    }

    /// The reversing entry (冲正): every leg mirrored. Posting an entry and
    /// its reversal leaves every account as it was.
    pub fn reversal(&self) -> Entry {
        Entry {
            kind: EntryKind::Reversal,
            legs: self.legs.iter().map(|l| Leg { account: l.account, amount: -l.amount }).collect(),
        }
    }

    /// Total of the debits (= total of the credits).
    pub fn amount(&self) -> Fen {
        Fen(self.legs.iter().filter(|l| l.amount > 0).map(|l| l.amount).sum())
    }

    /// The case the entry concerns (the first case named by a leg).
    pub fn case_id(&self) -> Option<i64> {
        self.legs.iter().find_map(|l| l.account.case_id)
    }
}

/// Balances per account, in each account's normal direction.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Balances {
    by_account: BTreeMap<AccountRef, i64>,
}

/// A broken ledger invariant (never expected; reported by reconciliation).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum Violation {
    /// The custody account does not equal the sum of what it owes.
    CustodyMismatch { custody: Fen, owed: Fen },
    /// An account is below zero in its normal direction.
    Negative { account: AccountRef, balance: Fen },
}

impl Balances {
    pub fn new() -> Balances {
        Balances::default()
    }

    /// From signed sums per account (as a `GROUP BY` over the legs gives).
    pub fn from_signed_sums(sums: impl IntoIterator<Item = (AccountRef, i64)>) -> Balances {
        let mut b = Balances::default();
        for (account, signed) in sums {
            *b.by_account.entry(account).or_default() += account.balance_of(signed);
        }
        b
    }

    pub fn get(&self, account: &AccountRef) -> Fen {
        Fen(self.by_account.get(account).copied().unwrap_or(0))
    }

    pub fn iter(&self) -> impl Iterator<Item = (&AccountRef, Fen)> {
        self.by_account.iter().map(|(a, b)| (a, Fen(*b)))
    }

    /// Applies an entry if no account would go below zero; otherwise
    /// changes nothing and says which account is short.
    pub fn apply(&mut self, entry: &Entry) -> Result<(), LedgerError> {
        for leg in &entry.legs {
            let now = self.get(&leg.account).0;
            let change = leg.account.balance_of(leg.amount);
            if now + change < 0 {
                return Err(LedgerError::Insufficient {
                    account: leg.account.to_string(),
                    available: Fen(now),
                    needed: Fen(-change),
                });
            }
        }
        for leg in &entry.legs {
            *self.by_account.entry(leg.account).or_default() += leg.account.balance_of(leg.amount);
        }
        Ok(())
    }

    /// Everything held for one case: its account, payables, fees and refunds.
    pub fn case_total(&self, case_id: i64) -> Fen {
        Fen(self
            .by_account
            .iter()
            .filter(|(a, _)| a.case_id == Some(case_id) && a.kind.is_case_part())
            .map(|(_, b)| *b)
            .sum())
    }

    pub fn custody(&self) -> Fen {
        self.get(&AccountRef::CUSTODY)
    }

    /// The sum of every account the custody money covers (cases and suspense).
    pub fn owed(&self) -> Fen {
        Fen(self.by_account.iter().filter(|(a, _)| !a.kind.is_asset()).map(|(_, b)| *b).sum())
    }

    /// The invariants: custody equals what it owes; no account below zero.
    pub fn check(&self) -> Vec<Violation> {
        let mut out = vec![];
        if self.custody() != self.owed() {
            out.push(Violation::CustodyMismatch { custody: self.custody(), owed: self.owed() });
        }
        for (account, b) in &self.by_account {
            if *b < 0 {
                out.push(Violation::Negative { account: *account, balance: Fen(*b) });
            }
        }
        out
    }
}
