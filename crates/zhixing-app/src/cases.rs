//! Case commands and queries (foundation level: filing, list, page,
//! handling updates with optimistic versions, stage moves, closing, and
//! recorded reveals of personal data).

use std::sync::{Arc, OnceLock};

use chrono::{Months, NaiveDate};
use serde_json::json;
use zhixing_domain::access::{Action, CaseScope, case_scope};
use zhixing_domain::calendar::Calendar;
use zhixing_domain::case::{Closure, DeadlineState, PartyKind, PartyRole, Track, is_known_stage, stage_label};
use zhixing_domain::event::kind;
use zhixing_domain::ids;
use zhixing_store::StoreError;
use zhixing_store::cases::{self as store_cases, CaseFilter, CaseRow, CaseUpdate, NewCase, PartyRow, ScopeFilter};
use zhixing_store::events::{self, NewEvent, TimelineEntry};

use crate::auth::Actor;
use crate::{App, AppError, AppResult};

pub use zhixing_domain::filing::{Claim, FileCase, PartyInput};

/// Overall enforcement period: 6 months from filing, 3 for non-litigation
/// titles (《最高人民法院关于严格执行案件审理期限制度的若干规定》法释〔2000〕29号 第五条).
/// A month period ends on the corresponding day; a last day that is not a
/// working day moves to the next working day (民事诉讼法(2023) 第八十五条).
pub fn overall_deadline(cal: &Calendar, filed_on: NaiveDate, title_type: &str) -> NaiveDate {
    let months = if zhixing_domain::filing::is_non_litigation(title_type) { 3 } else { 6 };
    let end = filed_on.checked_add_months(Months::new(months)).unwrap_or(filed_on);
    cal.next_workday_on_or_after(end)
}

/// Checks a filing (see `zhixing_domain::filing::validate_filing`).
pub fn validate_filing(input: &FileCase, today: NaiveDate) -> AppResult<FileCase> {
    zhixing_domain::filing::validate_filing(input, today).map_err(|e| AppError::invalid(&e.field, e.message))
}

/// A line of the case list.
#[derive(Clone, Debug)]
pub struct CaseSummary {
    pub case: CaseRow,
    pub applicants: Vec<String>,
    pub debtors: Vec<String>,
    pub deadline_state: Option<DeadlineState>,
}

/// A party as shown to the actor: personal numbers masked.
#[derive(Clone, Debug)]
pub struct PartyView {
    pub id: i64,
    pub role: PartyRole,
    pub kind: PartyKind,
    pub name: String,
    pub id_number_masked: Option<String>,
    pub phone_masked: Option<String>,
    pub address: Option<String>,
}

/// The case page.
#[derive(Clone, Debug)]
pub struct CaseDetail {
    pub case: CaseRow,
    pub court_name: String,
    pub team_name: Option<String>,
    pub handler_name: Option<String>,
    pub updated_by_name: Option<String>,
    pub parties: Vec<PartyView>,
    pub timeline: Vec<TimelineEntry>,
    pub deadline_state: Option<DeadlineState>,
    pub can_edit: bool,
    pub can_reveal: bool,
}

/// Full personal numbers of a party, returned after the reading is recorded.
#[derive(Clone, Debug)]
pub struct RevealedParty {
    pub party_id: i64,
    pub name: String,
    pub id_number: Option<String>,
    pub phone: Option<String>,
}

/// A handling update; `None` leaves a field as it is.
#[derive(Clone, Debug, Default)]
pub struct CasePatch {
    pub team_id: Option<i64>,
    pub handler_id: Option<i64>,
    pub summary: Option<String>,
}

fn mask_party(p: &PartyRow) -> PartyView {
    PartyView {
        id: p.id,
        role: p.role,
        kind: p.kind,
        name: p.name.clone(),
        id_number_masked: p.id_number.as_deref().map(|n| match p.kind {
            PartyKind::Person => ids::mask_resident_id(n),
            // A credit code identifies an organization and is public.
            _ => n.to_string(),
        }),
        phone_masked: p.phone.as_deref().map(ids::mask_phone),
        address: p.address.clone(),
    }
}

impl App {
    /// The calendar in force (national data; court overrides come with profiles).
    pub fn calendar(&self) -> AppResult<Arc<Calendar>> {
        // Parsed once per process: the holiday data is compiled in.
        static CHINA: OnceLock<Result<Arc<Calendar>, String>> = OnceLock::new();
        CHINA
            .get_or_init(|| Calendar::china().map(Arc::new).map_err(|e| e.to_string()))
            .clone()
            .map_err(|e| AppError::Internal(format!("节假日数据无效：{e}")))
    }

    /// Turns the actor's case scope into a store filter.
    pub async fn scope_filter(&self, actor: &Actor) -> AppResult<ScopeFilter> {
        if !zhixing_domain::access::permits(actor.role, Action::ViewCases) {
            return Ok(ScopeFilter::Nothing);
        }
        Ok(match case_scope(actor.role) {
            CaseScope::CourtAndBelow => {
                let mut ids = vec![actor.court_id];
                ids.extend(self.store.subordinate_courts(actor.court_id).await?);
                ScopeFilter::Courts(ids)
            }
            CaseScope::Court => ScopeFilter::Courts(vec![actor.court_id]),
            CaseScope::Team => match actor.team_id {
                Some(team_id) => ScopeFilter::Team { court_id: actor.court_id, team_id },
                None => ScopeFilter::Nothing,
            },
            CaseScope::Linked => ScopeFilter::Linked { user_id: actor.user_id },
            CaseScope::None => ScopeFilter::Nothing,
        })
    }

    /// Whether the actor may see this case.
    pub async fn can_see_case(&self, actor: &Actor, case: &CaseRow) -> AppResult<bool> {
        Ok(match self.scope_filter(actor).await? {
            ScopeFilter::Courts(ids) => ids.contains(&case.court_id),
            ScopeFilter::Team { court_id, team_id } => case.court_id == court_id && case.team_id == Some(team_id),
            ScopeFilter::Linked { user_id } => self.store.has_case_access(user_id, case.id).await?,
            ScopeFilter::Nothing => false,
        })
    }

    /// Loads a case the actor may see; a case outside the scope is reported
    /// as not found, so that case ids cannot be probed.
    async fn visible_case(&self, actor: &Actor, case_id: i64) -> AppResult<CaseRow> {
        let case = self.store.case(case_id).await?;
        if !self.can_see_case(actor, &case).await? {
            return Err(AppError::NotFound("案件".into()));
        }
        Ok(case)
    }

    pub async fn list_cases(
        &self,
        actor: &Actor,
        filter: &CaseFilter,
        page: i64,
        per_page: i64,
    ) -> AppResult<(i64, Vec<CaseSummary>)> {
        actor.require(Action::ViewCases)?;
        let scope = self.scope_filter(actor).await?;
        let per_page = per_page.clamp(1, 200);
        let page = page.max(1);
        let result = self.store.list_cases(&scope, filter, (page - 1) * per_page, per_page).await?;
        let ids: Vec<i64> = result.items.iter().map(|c| c.id).collect();
        let names = self.store.party_names(&ids).await?;
        let today = self.today();
        let items = result
            .items
            .into_iter()
            .map(|case| {
                let pick = |role: PartyRole| {
                    names.iter().filter(|(id, r, _)| *id == case.id && *r == role).map(|(_, _, n)| n.clone()).collect()
                };
                let deadline_state = case
                    .deadline_on
                    .filter(|_| case.status == "open")
                    .map(|d| DeadlineState::of(d, today, self.settings.warn_days));
                CaseSummary {
                    applicants: pick(PartyRole::Applicant),
                    debtors: pick(PartyRole::Debtor),
                    deadline_state,
                    case,
                }
            })
            .collect();
        Ok((result.total, items))
    }

    pub async fn case_detail(&self, actor: &Actor, case_id: i64) -> AppResult<CaseDetail> {
        actor.require(Action::ViewCases)?;
        let case = self.visible_case(actor, case_id).await?;
        let court = self.store.court(case.court_id).await?;
        let team_name = match case.team_id {
            Some(t) => self.store.teams(case.court_id).await?.into_iter().find(|x| x.id == t).map(|x| x.name),
            None => None,
        };
        let user_name = |id: Option<i64>| async move {
            match id {
                Some(id) => self.store.user(id).await.ok().map(|u| u.display_name),
                None => None,
            }
        };
        let handler_name = user_name(case.handler_id).await;
        let updated_by_name = user_name(case.updated_by).await;
        let parties = self.store.parties(case_id).await?.iter().map(mask_party).collect();
        let timeline = self.store.case_events(case_id).await?;
        let deadline_state = case
            .deadline_on
            .filter(|_| case.status == "open")
            .map(|d| DeadlineState::of(d, self.today(), self.settings.warn_days));
        Ok(CaseDetail {
            can_edit: zhixing_domain::access::permits(actor.role, Action::EditCase) && case.status == "open",
            can_reveal: zhixing_domain::access::permits(actor.role, Action::RevealPersonalData),
            court_name: court.name,
            team_name,
            handler_name,
            updated_by_name,
            parties,
            timeline,
            deadline_state,
            case,
        })
    }

    /// Files a case: validates, allocates the number, writes case, parties and
    /// the `case.filed` event in one transaction.
    pub async fn file_case(&self, actor: &Actor, input: FileCase) -> AppResult<CaseRow> {
        actor.require(Action::FileCase)?;
        let today = self.today();
        let mut input = validate_filing(&input, today)?;
        // A team member files for the team by default, so the case lands in
        // the filer's own view.
        if input.team_id.is_none() && actor.role.is_team_member() {
            input.team_id = actor.team_id;
        }
        let parties = &input.parties;
        let court = self.store.court(actor.court_id).await?;
        if let Some(team_id) = input.team_id
            && !self.store.teams(court.id).await?.iter().any(|t| t.id == team_id)
        {
            return Err(AppError::invalid("team_id", "所选执行团队不属于本院"));
        }
        if let Some(h) = input.handler_id {
            let u = self.store.user(h).await.map_err(|_| AppError::invalid("handler_id", "承办人不存在"))?;
            if u.court_id != court.id || !u.role.is_team_member() {
                return Err(AppError::invalid("handler_id", "承办人须为本院执行团队成员"));
            }
        }
        let cal = self.calendar()?;
        let now = self.now_ms();
        let year = chrono::Datelike::year(&today);
        let search_text = parties.iter().map(|p| p.name.as_str()).collect::<Vec<_>>().join(" ");
        let new_case = NewCase {
            court_id: court.id,
            court_code: court.code.clone(),
            team_id: input.team_id,
            handler_id: input.handler_id,
            year,
            type_code: input.case_type.code().to_string(),
            title_type: input.title_type.trim().to_string(),
            title_doc_no: input.title_doc_no.trim().to_string(),
            title_issuer: input.title_issuer.trim().to_string(),
            title_effective_on: input.title_effective_on,
            title_deadline_on: input.title_deadline_on,
            cause: input.cause.trim().to_string(),
            stage: "filing".into(),
            track: Track::Untriaged,
            filed_on: today,
            deadline_on: Some(overall_deadline(&cal, today, input.title_type.trim())),
            claim_fen: input.claim.total().0,
            principal_fen: input.claim.principal.0,
            costs_fen: input.claim.costs.0,
            interest_terms: input.claim.interest_terms.clone(),
            non_money: input.claim.non_money.clone(),
            summary: input.summary.trim().to_string(),
            search_text,
            created_by: Some(actor.user_id),
            now_ms: now,
        };
        let mut tx = self.store.begin().await?;
        let code = court.code.clone();
        let type_code = new_case.type_code.clone();
        let (case_id, _seq, case_no) =
            store_cases::insert_case(&mut tx, &new_case, |seq| format!("（{year}）{code}{type_code}{seq}号")).await?;
        for (i, p) in parties.iter().enumerate() {
            store_cases::insert_party(&mut tx, case_id, i64::try_from(i).unwrap_or(0) + 1, p).await?;
        }
        events::append(
            &mut tx,
            &court.chain(),
            NewEvent {
                case_id: Some(case_id),
                actor_id: Some(actor.user_id),
                actor: actor.label(),
                occurred_at_ms: now,
                kind: kind::CASE_FILED,
                payload: json!({
                    "case_no": case_no,
                    "case_type": new_case.type_code,
                    "title": {"type": new_case.title_type, "doc_no": new_case.title_doc_no, "issuer": new_case.title_issuer,
                              "effective_on": new_case.title_effective_on.map(|d| d.to_string())},
                    "cause": new_case.cause,
                    "claim_fen": new_case.claim_fen,
                    "principal_fen": new_case.principal_fen,
                    "costs_fen": new_case.costs_fen,
                    "interest_terms": new_case.interest_terms,
                    "non_money": new_case.non_money,
                    "title_deadline_on": new_case.title_deadline_on.map(|d| d.to_string()),
                    "stage": "filing",
                    "deadline_on": new_case.deadline_on.map(|d| d.to_string()),
                    "team_id": new_case.team_id,
                    "handler_id": new_case.handler_id,
                    "parties": parties.iter().map(|p| json!({"role": p.role.as_str(), "kind": p.kind.as_str()})).collect::<Vec<_>>(),
                }),
                personal: Some(json!({
                    "parties": parties.iter().map(|p| json!({
                        "name": p.name, "id_number": p.id_number, "phone": p.phone, "address": p.address,
                        "region_code": p.region_code, "agent": p.agent,
                    })).collect::<Vec<_>>(),
                })),
            },
        )
        .await?;
        // The applicant is told of the filing. Until the notification outbox
        // exists, the intent is recorded as an event in the same transaction.
        events::append(
            &mut tx,
            &court.chain(),
            NewEvent {
                case_id: Some(case_id),
                actor_id: None,
                actor: "system".into(),
                occurred_at_ms: now,
                kind: kind::NOTIFICATION_REQUESTED,
                payload: json!({"template": "case_filed", "to_role": "applicant", "case_no": case_no}),
                personal: None,
            },
        )
        .await?;
        // Clocks start at filing: the profile's limits counted from filing
        // and from entering the first stage.
        {
            let profile = self.profiles().for_court(&court.code)?;
            let row = store_cases::case_in_tx(&mut tx, case_id).await?;
            let stored_parties = parties
                .iter()
                .enumerate()
                .map(|(i, p)| zhixing_store::cases::PartyRow {
                    id: 0,
                    case_id,
                    ord: i64::try_from(i).unwrap_or(0),
                    role: p.role,
                    kind: p.kind,
                    name: p.name.clone(),
                    id_number: None,
                    phone: None,
                    address: None,
                    region_code: None,
                    agent: None,
                })
                .collect::<Vec<_>>();
            let ctx = crate::lifecycle::TriggerCtx {
                court: &court,
                case_id,
                facts: crate::lifecycle::facts_of(&row, &stored_parties),
                profile: &profile,
                cal: &cal,
                today,
                now_ms: now,
            };
            crate::lifecycle::apply_trigger(&mut tx, &ctx, &zhixing_domain::profile::Trigger::Filed).await?;
            crate::lifecycle::apply_trigger(
                &mut tx,
                &ctx,
                &zhixing_domain::profile::Trigger::StageEntered(row.stage.clone()),
            )
            .await?;
            if row.handler_id.is_some() {
                zhixing_store::lifecycle::insert_action(
                    &mut tx,
                    case_id,
                    "assign_handler",
                    today,
                    Some(actor.user_id),
                    "立案时确定承办人",
                    now,
                )
                .await?;
                crate::lifecycle::apply_trigger(
                    &mut tx,
                    &ctx,
                    &zhixing_domain::profile::Trigger::ActionDone("assign_handler".into()),
                )
                .await?;
            }
        }
        let row = store_cases::case_in_tx(&mut tx, case_id).await?;
        tx.commit().await.map_err(StoreError::from)?;
        Ok(row)
    }

    /// Changes handling data if the case is still at `expected_version`;
    /// otherwise 409 naming who changed it and when.
    pub async fn update_case(
        &self,
        actor: &Actor,
        case_id: i64,
        expected_version: i64,
        patch: CasePatch,
    ) -> AppResult<CaseRow> {
        actor.require(Action::EditCase)?;
        let case = self.visible_case(actor, case_id).await?;
        if case.status != "open" {
            return Err(AppError::Conflict("案件已结案，不能修改".into()));
        }
        if let Some(team_id) = patch.team_id
            && !self.store.teams(case.court_id).await?.iter().any(|t| t.id == team_id)
        {
            return Err(AppError::invalid("team_id", "所选执行团队不属于本案法院"));
        }
        if let Some(h) = patch.handler_id {
            let u = self.store.user(h).await.map_err(|_| AppError::invalid("handler_id", "承办人不存在"))?;
            if u.court_id != case.court_id || !u.role.is_team_member() {
                return Err(AppError::invalid("handler_id", "承办人须为本院执行团队成员"));
            }
        }
        if let Some(s) = &patch.summary
            && s.chars().count() > 2000
        {
            return Err(AppError::invalid("summary", "案情摘要不能超过 2000 个字"));
        }
        self.write_case(actor, case_id, expected_version, kind::CASE_UPDATED, |c| {
            let mut changes = serde_json::Map::new();
            let u = CaseUpdate {
                team_id: patch.team_id.or(c.team_id),
                handler_id: patch.handler_id.or(c.handler_id),
                stage: c.stage.clone(),
                track: c.track,
                summary: patch.summary.clone().map_or(c.summary.clone(), |s| s.trim().to_string()),
                deadline_on: c.deadline_on,
            };
            if u.team_id != c.team_id {
                changes.insert("team_id".into(), json!({"from": c.team_id, "to": u.team_id}));
            }
            if u.handler_id != c.handler_id {
                changes.insert("handler_id".into(), json!({"from": c.handler_id, "to": u.handler_id}));
            }
            if u.summary != c.summary {
                changes.insert("summary".into(), json!({"changed": true}));
            }
            Ok((u, serde_json::Value::Object(changes)))
        })
        .await
    }

    /// Moves a case to another stage through its gate: the stage's required
    /// actions must be done and the gate certified by the command center
    /// (`certify_gate`); otherwise the refusal says what is missing.
    pub async fn move_stage(
        &self,
        actor: &Actor,
        case_id: i64,
        expected_version: i64,
        to_stage: &str,
        track: Option<Track>,
        note: &str,
    ) -> AppResult<CaseRow> {
        actor.require(Action::EditCase)?;
        if !is_known_stage(to_stage) || to_stage == "closed" || to_stage == "archived" {
            return Err(AppError::invalid("stage", format!("无法转入节点“{to_stage}”")));
        }
        let case = self.visible_case(actor, case_id).await?;
        if case.status != "open" {
            return Err(AppError::Conflict("案件已结案".into()));
        }
        if case.stage == to_stage {
            return Err(AppError::invalid("stage", format!("案件已处于“{}”节点", stage_label(to_stage))));
        }
        self.gated_move(actor, case_id, expected_version, to_stage, track, note, None).await
    }

    /// Closes a case by one of the closure methods.
    pub async fn close_case(
        &self,
        actor: &Actor,
        case_id: i64,
        expected_version: i64,
        closure: Closure,
    ) -> AppResult<CaseRow> {
        actor.require(Action::EditCase)?;
        let case = self.visible_case(actor, case_id).await?;
        if case.status != "open" {
            return Err(AppError::Conflict("案件已结案".into()));
        }
        let checklist = self.closure_checklist(actor, case_id, closure).await?;
        let missing = zhixing_domain::closing::missing_items(&checklist);
        if !missing.is_empty() {
            return Err(AppError::Conflict(format!("不能以“{}”结案：{}", closure.label_zh(), missing.join("；"))));
        }
        let court = self.store.court(case.court_id).await?;
        let profile = self.profiles().for_court(&court.code)?;
        let cal = self.calendar()?;
        let parties = self.store.parties(case_id).await?;
        let now = self.now_ms();
        let today = self.today();
        let mut tx = self.store.begin().await?;
        let current = store_cases::case_in_tx(&mut tx, case_id).await?;
        self.check_version(&current, expected_version).await?;
        sqlx_close(&mut tx, case_id, expected_version, closure, today, actor.user_id, now).await?;
        events::append(
            &mut tx,
            &court.chain(),
            NewEvent {
                case_id: Some(case_id),
                actor_id: Some(actor.user_id),
                actor: actor.label(),
                occurred_at_ms: now,
                kind: kind::CASE_CLOSED,
                payload: json!({"closure": closure.as_str(), "closed_on": today.to_string(), "from_stage": current.stage,
                                "checklist": checklist.iter().map(|i| json!({"item": i.item, "ok": i.ok, "citation": i.citation})).collect::<Vec<_>>()}),
                personal: None,
            },
        )
        .await?;
        let ctx = crate::lifecycle::TriggerCtx {
            court: &court,
            case_id,
            facts: crate::lifecycle::facts_of(&current, &parties),
            profile: &profile,
            cal: &cal,
            today,
            now_ms: now,
        };
        crate::lifecycle::apply_trigger(&mut tx, &ctx, &zhixing_domain::profile::Trigger::Closed).await?;
        let row = store_cases::case_in_tx(&mut tx, case_id).await?;
        tx.commit().await.map_err(StoreError::from)?;
        Ok(row)
    }

    pub(crate) async fn check_version(&self, current: &CaseRow, expected: i64) -> AppResult<()> {
        if current.version == expected {
            return Ok(());
        }
        let who = match current.updated_by {
            Some(id) => self.store.user(id).await.map(|u| u.display_name).unwrap_or_else(|_| "他人".into()),
            None => "系统".into(),
        };
        Err(AppError::Conflict(format!(
            "案件已被{who}于 {} 修改（当前版本 {}，您提交的版本 {expected}），请刷新后重试",
            crate::clock::china_datetime_string(current.updated_at_ms),
            current.version
        )))
    }

    /// The one way a case row changes: in a transaction, check the version,
    /// compute the update, write it and its event.
    async fn write_case(
        &self,
        actor: &Actor,
        case_id: i64,
        expected_version: i64,
        event_kind: &'static str,
        decide: impl FnOnce(&CaseRow) -> AppResult<(CaseUpdate, serde_json::Value)>,
    ) -> AppResult<CaseRow> {
        let now = self.now_ms();
        let mut tx = self.store.begin().await?;
        let current = store_cases::case_in_tx(&mut tx, case_id).await?;
        self.check_version(&current, expected_version).await?;
        let court = self.store.court(current.court_id).await?;
        let (update, payload) = decide(&current)?;
        if !store_cases::update_case(&mut tx, case_id, expected_version, &update, actor.user_id, now).await? {
            return Err(AppError::Conflict("案件已被他人修改，请刷新后重试".into()));
        }
        events::append(
            &mut tx,
            &court.chain(),
            NewEvent {
                case_id: Some(case_id),
                actor_id: Some(actor.user_id),
                actor: actor.label(),
                occurred_at_ms: now,
                kind: event_kind,
                payload,
                personal: None,
            },
        )
        .await?;
        if update.handler_id.is_some() && update.handler_id != current.handler_id {
            // Naming a handler is the required action 确定承办人.
            let today = self.today();
            if zhixing_store::lifecycle::insert_action(
                &mut tx,
                case_id,
                "assign_handler",
                today,
                Some(actor.user_id),
                "",
                now,
            )
            .await?
            {
                let profile = self.profiles().for_court(&court.code)?;
                let cal = self.calendar()?;
                let ctx = crate::lifecycle::TriggerCtx {
                    court: &court,
                    case_id,
                    facts: crate::lifecycle::facts_of(&current, &[]),
                    profile: &profile,
                    cal: &cal,
                    today,
                    now_ms: now,
                };
                crate::lifecycle::apply_trigger(
                    &mut tx,
                    &ctx,
                    &zhixing_domain::profile::Trigger::ActionDone("assign_handler".into()),
                )
                .await?;
            }
        }
        let row = store_cases::case_in_tx(&mut tx, case_id).await?;
        tx.commit().await.map_err(StoreError::from)?;
        Ok(row)
    }

    /// Returns a party's full ID and phone numbers and records the reading
    /// in the court's chain.
    pub async fn reveal_party(&self, actor: &Actor, case_id: i64, party_id: i64) -> AppResult<RevealedParty> {
        actor.require(Action::RevealPersonalData)?;
        let case = self.visible_case(actor, case_id).await?;
        let party = self
            .store
            .parties(case_id)
            .await?
            .into_iter()
            .find(|p| p.id == party_id)
            .ok_or_else(|| AppError::NotFound("当事人".into()))?;
        let court = self.store.court(case.court_id).await?;
        let mut tx = self.store.begin().await?;
        events::append(
            &mut tx,
            &court.chain(),
            NewEvent {
                case_id: Some(case_id),
                actor_id: Some(actor.user_id),
                actor: actor.label(),
                occurred_at_ms: self.now_ms(),
                kind: kind::PERSONAL_DATA_READ,
                payload: json!({"party_id": party_id, "fields": ["id_number", "phone"]}),
                personal: None,
            },
        )
        .await?;
        tx.commit().await.map_err(StoreError::from)?;
        Ok(RevealedParty { party_id, name: party.name, id_number: party.id_number, phone: party.phone })
    }
}

async fn sqlx_close(
    tx: &mut zhixing_store::Tx,
    case_id: i64,
    expected_version: i64,
    closure: Closure,
    today: NaiveDate,
    by: i64,
    now: i64,
) -> AppResult<()> {
    if !store_cases::close_case(tx, case_id, expected_version, closure, today, by, now).await? {
        return Err(AppError::Conflict("案件已被他人修改，请刷新后重试".into()));
    }
    Ok(())
}
