//! Node control (节点管控): the court's stage profile applied to cases —
//! required actions, gate certification and overrides, deadlines with
//! warnings and escalation, clock stops, triage, and the closing checklist.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use chrono::NaiveDate;
use serde_json::json;
use zhixing_domain::access::Action;
use zhixing_domain::calendar::Calendar;
use zhixing_domain::case::{Closure, DeadlineState, PartyRole, Track};
use zhixing_domain::closing::{self, ChecklistItem, ClosureFacts};
use zhixing_domain::profile::{self, CaseFacts, GateDecision, Profile, TimeLimitDef, Trigger};
use zhixing_store::StoreError;
use zhixing_store::accounts::Court;
use zhixing_store::cases::{self as store_cases, CaseRow, CaseUpdate};
use zhixing_store::events::{self, NewEvent};
use zhixing_store::lifecycle::{self as lc, DeadlineRow, NewDeadline, NewWarning};

use crate::auth::Actor;
use crate::{App, AppError, AppResult};

/// Event kinds of the lifecycle.
pub mod kind {
    pub const ACTION_DONE: &str = "case.action_done";
    pub const GATE_CERTIFIED: &str = "case.gate_certified";
    pub const GATE_OVERRIDDEN: &str = "case.gate_overridden";
    pub const DEADLINE_OVERDUE: &str = "case.deadline_overdue";
    pub const DEADLINE_ESCALATED: &str = "case.deadline_escalated";
    pub const CLOCK_PAUSED: &str = "case.clock_paused";
    pub const CLOCK_RESUMED: &str = "case.clock_resumed";
    pub const TRIAGE_SUGGESTED: &str = "case.triage_suggested";
    pub const TRIAGE_CONFIRMED: &str = "case.triage_confirmed";
    pub const RESUMED_AS: &str = "case.resumed_as";
    pub const RESUMED_FROM: &str = "case.resumed_from";
    pub const BATCH_FILED: &str = "case.batch_filed";

    /// Chinese label for the timeline, for the kinds above.
    pub fn label_zh(kind: &str) -> Option<&'static str> {
        Some(match kind {
            ACTION_DONE => "完成规定动作",
            GATE_CERTIFIED => "指挥中心节点认证",
            GATE_OVERRIDDEN => "越过节点（书面理由）",
            DEADLINE_OVERDUE => "期限超期",
            DEADLINE_ESCALATED => "超期升级督办",
            CLOCK_PAUSED => "开始不计入期间",
            CLOCK_RESUMED => "不计入期间结束",
            TRIAGE_SUGGESTED => "系统分流建议",
            TRIAGE_CONFIRMED => "确认繁简分流",
            RESUMED_AS => "恢复执行（立新案）",
            RESUMED_FROM => "由原案恢复执行",
            BATCH_FILED => "批量立案",
            _ => return None,
        })
    }
}

/// Court profiles: `<data-dir>/profiles/<court code>.toml` if present, else
/// the default profile. Loaded once per court.
#[derive(Clone, Debug, Default)]
pub struct Profiles {
    dir: Option<PathBuf>,
    cache: Arc<Mutex<HashMap<String, Arc<Profile>>>>,
}

impl Profiles {
    pub fn new(dir: Option<PathBuf>) -> Profiles {
        Profiles { dir, cache: Arc::default() }
    }

    pub fn for_court(&self, court_code: &str) -> AppResult<Arc<Profile>> {
        if let Some(p) = self.cache.lock().ok().and_then(|c| c.get(court_code).cloned()) {
            return Ok(p);
        }
        let file = self.dir.as_ref().map(|d| d.join(format!("{court_code}.toml")));
        let profile = match file.as_ref().filter(|f| f.exists()) {
            Some(f) => {
                let text = std::fs::read_to_string(f)
                    .map_err(|e| AppError::Internal(format!("无法读取节点配置 {}：{e}", f.display())))?;
                Profile::from_toml(&text)
                    .map_err(|e| AppError::Internal(format!("节点配置 {} 无效：{e}", f.display())))?
            }
            None => Profile::default_profile().map_err(|e| AppError::Internal(format!("默认节点配置无效：{e}")))?,
        };
        let profile = Arc::new(profile);
        if let Ok(mut c) = self.cache.lock() {
            c.insert(court_code.to_string(), profile.clone());
        }
        Ok(profile)
    }
}

/// The facts the profile's rules look at, from what is known of the case.
pub fn facts_of(case: &CaseRow, parties: &[zhixing_store::cases::PartyRow]) -> CaseFacts {
    CaseFacts {
        case_type: case.type_code.clone(),
        title_type: case.title_type.clone(),
        track: (case.track != Track::Untriaged).then_some(case.track),
        claim_fen: case.claim_fen,
        assets_found_fen: 0,
        preserved_fen: 0,
        search_done: false,
        searches_empty: 0,
        party_count: u32::try_from(parties.len()).unwrap_or(u32::MAX),
        debtor_count: u32::try_from(parties.iter().filter(|p| p.role == PartyRole::Debtor).count()).unwrap_or(0),
        mass_case: case.batch_id.is_some(),
        settlement_likely: false,
        assets_to_dispose: false,
    }
}

fn state_of(d: &NewDeadline, today: NaiveDate) -> &'static str {
    if today > d.due_on {
        "overdue"
    } else if today >= d.warn_on {
        "due_soon"
    } else {
        "normal"
    }
}

/// A deadline instance of a limit started on `start`.
#[allow(clippy::too_many_arguments)] // the plain facts a deadline is computed from
pub fn new_deadline(
    court: &Court,
    case_id: i64,
    limit: &TimeLimitDef,
    start: NaiveDate,
    today: NaiveDate,
    cal: &Calendar,
    profile: &Profile,
    pauses: &[(NaiveDate, NaiveDate)],
) -> NewDeadline {
    let due_on = profile::due_date(limit, start, cal, pauses);
    let warn_on = due_on - chrono::Duration::days(i64::from(limit.warn_days));
    let escalate_on = due_on + chrono::Duration::days(i64::from(limit.escalate_after_days) + 1);
    let mut d = NewDeadline {
        case_id,
        court_id: court.id,
        rule_key: limit.key.clone(),
        label: limit.label.clone(),
        citation: limit.citation.clone(),
        starts_on: start,
        due_on,
        warn_on,
        escalate_on,
        profile_version: profile.version.clone(),
        calendar_version: cal.version().to_string(),
        pausable: limit.pausable,
        state: "normal",
    };
    d.state = state_of(&d, today);
    d
}

/// Ends the limits `trigger` ends and starts the ones it starts; then keeps
/// the case's nearest deadline on the case row (for lists and filters).
pub(crate) async fn apply_trigger(
    tx: &mut zhixing_store::Tx,
    ctx: &TriggerCtx<'_>,
    trigger: &Trigger,
) -> AppResult<()> {
    let ended: BTreeSet<&str> = ctx.profile.limits_ended_by(trigger).iter().map(|l| l.key.as_str()).collect();
    let open = lc::open_deadlines_in_tx(tx, ctx.case_id).await?;
    for d in open.iter().filter(|d| ended.contains(d.rule_key.as_str()) || *trigger == Trigger::Closed) {
        let status = if *trigger == Trigger::Closed && !ended.contains(d.rule_key.as_str()) {
            "cancelled"
        } else if ctx.today <= d.due_on {
            "met"
        } else {
            "missed"
        };
        lc::close_deadline(tx, d.id, status, ctx.now_ms).await?;
    }
    if *trigger != Trigger::Closed {
        let still_open: BTreeSet<String> =
            lc::open_deadlines_in_tx(tx, ctx.case_id).await?.into_iter().map(|d| d.rule_key).collect();
        for limit in ctx.profile.limits_started_by(trigger, &ctx.facts) {
            if still_open.contains(&limit.key) {
                continue;
            }
            let d = new_deadline(ctx.court, ctx.case_id, limit, ctx.today, ctx.today, ctx.cal, ctx.profile, &[]);
            lc::insert_deadline(tx, &d).await?;
        }
    }
    refresh_case_deadline(tx, ctx.case_id).await
}

async fn refresh_case_deadline(tx: &mut zhixing_store::Tx, case_id: i64) -> AppResult<()> {
    let open = lc::open_deadlines_in_tx(tx, case_id).await?;
    let nearest = open.iter().map(|d| d.due_on).min();
    lc::set_case_deadline(tx, case_id, nearest).await?;
    Ok(())
}

/// What `apply_trigger` needs to know.
pub(crate) struct TriggerCtx<'a> {
    pub court: &'a Court,
    pub case_id: i64,
    pub facts: CaseFacts,
    pub profile: &'a Profile,
    pub cal: &'a Calendar,
    pub today: NaiveDate,
    pub now_ms: i64,
}

/// The lifecycle state of a case, for its page.
#[derive(Clone, Debug)]
pub struct Lifecycle {
    pub stage_label: String,
    /// Required actions of the current stage: (key, label, citation, done on).
    pub required: Vec<(String, String, Option<String>, Option<NaiveDate>)>,
    /// Other recordable actions: (key, label, done on).
    pub other_actions: Vec<(String, String, Option<NaiveDate>)>,
    /// Possible next stages with the gate decision for each.
    pub gates: Vec<(String, String, GateDecision)>,
    pub deadlines: Vec<DeadlineRow>,
    pub pauses: Vec<lc::PauseRow>,
    pub suggested_track: Option<(Track, String)>,
    pub profile_version: String,
}

impl App {
    pub fn profiles(&self) -> &Profiles {
        &self.profiles
    }

    async fn load_for_change(&self, actor: &Actor, case_id: i64, action: Action) -> AppResult<(CaseRow, Court)> {
        actor.require(action)?;
        let case = self.store.case(case_id).await?;
        if !self.can_see_case(actor, &case).await? {
            return Err(AppError::NotFound("案件".into()));
        }
        if case.status != "open" {
            return Err(AppError::Conflict("案件已结案，不能再办理".into()));
        }
        let court = self.store.court(case.court_id).await?;
        Ok((case, court))
    }

    async fn event(
        &self,
        tx: &mut zhixing_store::Tx,
        court: &Court,
        case_id: i64,
        actor: Option<&Actor>,
        kind: &'static str,
        payload: serde_json::Value,
    ) -> AppResult<()> {
        events::append(
            tx,
            &court.chain(),
            NewEvent {
                case_id: Some(case_id),
                actor_id: actor.map(|a| a.user_id),
                actor: actor.map_or_else(|| "system".to_string(), Actor::label),
                occurred_at_ms: self.now_ms(),
                kind,
                payload,
                personal: None,
            },
        )
        .await?;
        Ok(())
    }

    /// The case's lifecycle panel.
    pub async fn lifecycle(&self, actor: &Actor, case_id: i64) -> AppResult<Lifecycle> {
        actor.require(Action::ViewCases)?;
        let case = self.store.case(case_id).await?;
        if !self.can_see_case(actor, &case).await? {
            return Err(AppError::NotFound("案件".into()));
        }
        let court = self.store.court(case.court_id).await?;
        let profile = self.profiles.for_court(&court.code)?;
        let done = self.store.actions(case_id).await?;
        let done_on = |k: &str| done.iter().find(|a| a.key == k).map(|a| a.done_on);
        let done_keys: BTreeSet<String> = done.iter().map(|a| a.key.clone()).collect();
        let stage = profile.stage(&case.stage);
        let required = stage
            .map(|s| {
                s.required_actions
                    .iter()
                    .map(|k| {
                        let a = profile.action(k);
                        (
                            k.clone(),
                            a.map_or(k.clone(), |a| a.label.clone()),
                            a.and_then(|a| a.citation.clone()),
                            done_on(k),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        let mut other_actions: Vec<(String, String, Option<NaiveDate>)> = profile
            .actions
            .iter()
            .filter(|a| !stage.is_some_and(|s| s.required_actions.contains(&a.key)))
            .map(|a| (a.key.clone(), a.label.clone(), done_on(&a.key)))
            .collect();
        other_actions
            .extend(closing::CLOSING_ACTIONS.iter().map(|(k, l, _)| (k.to_string(), l.to_string(), done_on(k))));
        let certs = self.store.certifications(case_id).await?;
        let gates = profile
            .transitions_from(&case.stage)
            .map(|t| {
                let certified = certs.iter().any(|c| !c.used && c.from_stage == t.from && c.to_stage == t.to);
                let label = profile.stage(&t.to).map_or(t.to.clone(), |s| s.label.clone());
                (t.to.clone(), label, profile.check_gate(&t.from, &t.to, &done_keys, certified))
            })
            .collect();
        let parties = self.store.parties(case_id).await?;
        let suggested_track = if case.stage == "triage" {
            let s = profile.triage.suggest(&facts_of(&case, &parties));
            Some((s.track, s.reasons.join("；")))
        } else {
            None
        };
        Ok(Lifecycle {
            stage_label: stage.map_or(case.stage.clone(), |s| s.label.clone()),
            required,
            other_actions,
            gates,
            deadlines: self.store.deadlines(case_id).await?,
            pauses: self.store.pauses(case_id).await?,
            suggested_track,
            profile_version: profile.version.clone(),
        })
    }

    /// Records that an action was done (today); ends the deadlines it meets.
    pub async fn record_action(&self, actor: &Actor, case_id: i64, action_key: &str, note: &str) -> AppResult<()> {
        self.record_actions(actor, case_id, &[action_key], note).await
    }

    /// Records several actions in one transaction (one event each).
    pub async fn record_actions(&self, actor: &Actor, case_id: i64, keys: &[&str], note: &str) -> AppResult<()> {
        let (case, court) = self.load_for_change(actor, case_id, Action::RecordAction).await?;
        let profile = self.profiles.for_court(&court.code)?;
        if note.chars().count() > 500 {
            return Err(AppError::invalid("note", "说明不能超过 500 个字"));
        }
        let mut labelled = Vec::with_capacity(keys.len());
        for key in keys {
            let label = profile
                .action(key)
                .map(|a| a.label.clone())
                .or_else(|| closing::closing_action_label(key).map(str::to_string))
                .ok_or_else(|| AppError::invalid("action", format!("未知的规定动作“{key}”")))?;
            labelled.push((*key, label));
        }
        let today = self.today();
        let now = self.now_ms();
        let cal = self.calendar()?;
        let parties = self.store.parties(case_id).await?;
        let ctx = TriggerCtx {
            court: &court,
            case_id,
            facts: facts_of(&case, &parties),
            profile: &profile,
            cal: &cal,
            today,
            now_ms: now,
        };
        let mut tx = self.store.begin().await?;
        for (key, label) in labelled {
            if !lc::insert_action(&mut tx, case_id, key, today, Some(actor.user_id), note.trim(), now).await? {
                return Err(AppError::Conflict(format!("“{label}”已记录过")));
            }
            self.event(
                &mut tx,
                &court,
                case_id,
                Some(actor),
                kind::ACTION_DONE,
                json!({"action": key, "label": label, "note": note.trim()}),
            )
            .await?;
            apply_trigger(&mut tx, &ctx, &Trigger::ActionDone(key.to_string())).await?;
        }
        tx.commit().await.map_err(StoreError::from)?;
        Ok(())
    }

    /// Keys of the actions done on a case.
    pub async fn done_actions(&self, case_id: i64) -> AppResult<BTreeSet<String>> {
        Ok(self.store.actions(case_id).await?.into_iter().map(|a| a.key).collect())
    }

    /// The command center certifies a gate (节点认证) after checking the
    /// stage's required actions are done.
    pub async fn certify_gate(&self, actor: &Actor, case_id: i64, to_stage: &str, note: &str) -> AppResult<()> {
        let (case, court) = self.load_for_change(actor, case_id, Action::CertifyGate).await?;
        let profile = self.profiles.for_court(&court.code)?;
        let done: BTreeSet<String> = self.store.actions(case_id).await?.into_iter().map(|a| a.key).collect();
        // Certification itself is what is being given, so check with it granted.
        match profile.check_gate(&case.stage, to_stage, &done, true) {
            GateDecision::Allowed => {}
            other => return Err(AppError::Conflict(other.explain_zh())),
        }
        let mut tx = self.store.begin().await?;
        lc::insert_certification(&mut tx, case_id, &case.stage, to_stage, actor.user_id, note.trim(), self.now_ms())
            .await?;
        self.event(
            &mut tx,
            &court,
            case_id,
            Some(actor),
            kind::GATE_CERTIFIED,
            json!({"from": case.stage, "to": to_stage, "note": note.trim()}),
        )
        .await?;
        tx.commit().await.map_err(StoreError::from)?;
        Ok(())
    }

    /// Moves a case through a gate. Refused, with what is missing, unless the
    /// stage's required actions are done and the gate is certified; nobody
    /// bypasses it (see `override_gate`).
    #[allow(clippy::too_many_arguments)] // one move, spelled out; called from three commands
    pub(crate) async fn gated_move(
        &self,
        actor: &Actor,
        case_id: i64,
        expected_version: i64,
        to_stage: &str,
        track: Option<Track>,
        note: &str,
        override_reason: Option<&str>,
    ) -> AppResult<CaseRow> {
        let case = self.store.case(case_id).await?;
        let court = self.store.court(case.court_id).await?;
        let profile = self.profiles.for_court(&court.code)?;
        let cal = self.calendar()?;
        let today = self.today();
        let now = self.now_ms();
        let parties = self.store.parties(case_id).await?;
        let mut tx = self.store.begin().await?;
        let current = store_cases::case_in_tx(&mut tx, case_id).await?;
        self.check_version(&current, expected_version).await?;
        let done: BTreeSet<String> = lc::actions_in_tx(&mut tx, case_id).await?.into_iter().map(|a| a.key).collect();
        let cert = lc::open_certification(&mut tx, case_id, &current.stage, to_stage).await?;
        let decision = profile.check_gate(&current.stage, to_stage, &done, cert.is_some());
        match (&decision, override_reason) {
            (GateDecision::Allowed, _) => {}
            (GateDecision::NotATransition { .. }, _) => return Err(AppError::Conflict(decision.explain_zh())),
            (GateDecision::Blocked { .. }, None) => return Err(AppError::Conflict(decision.explain_zh())),
            (GateDecision::Blocked { missing_actions, needs_certification, .. }, Some(reason)) => {
                self.event(
                    &mut tx,
                    &court,
                    case_id,
                    Some(actor),
                    kind::GATE_OVERRIDDEN,
                    json!({"from": current.stage, "to": to_stage, "reason": reason,
                           "missing_actions": missing_actions.iter().map(|a| &a.key).collect::<Vec<_>>(),
                           "uncertified": needs_certification}),
                )
                .await?;
            }
        }
        if let Some(id) = cert {
            lc::use_certification(&mut tx, id).await?;
        }
        let new_track = track.unwrap_or(match to_stage {
            "fast" => Track::Fast,
            "standard" => Track::Standard,
            "disposal" => Track::Disposal,
            _ => current.track,
        });
        let update = CaseUpdate {
            team_id: current.team_id,
            handler_id: current.handler_id,
            stage: to_stage.to_string(),
            track: new_track,
            summary: current.summary.clone(),
            deadline_on: current.deadline_on,
        };
        if !store_cases::update_case(&mut tx, case_id, expected_version, &update, actor.user_id, now).await? {
            return Err(AppError::Conflict("案件已被他人修改，请刷新后重试".into()));
        }
        self.event(
            &mut tx,
            &court,
            case_id,
            Some(actor),
            zhixing_domain::event::kind::CASE_STAGE_CHANGED,
            json!({"from": current.stage, "to": to_stage, "track": new_track.as_str(), "note": note.trim(),
                   "overridden": override_reason.is_some() && !decision.is_allowed()}),
        )
        .await?;
        let mut facts = facts_of(&current, &parties);
        facts.track = (new_track != Track::Untriaged).then_some(new_track);
        let ctx = TriggerCtx { court: &court, case_id, facts, profile: &profile, cal: &cal, today, now_ms: now };
        apply_trigger(&mut tx, &ctx, &Trigger::StageLeft(current.stage.clone())).await?;
        apply_trigger(&mut tx, &ctx, &Trigger::StageEntered(to_stage.to_string())).await?;
        if to_stage == "triage" {
            let s = profile.triage.suggest(&ctx.facts);
            let reasons = s.reasons.join("；");
            lc::set_triage_suggestion(&mut tx, case_id, s.track.as_str(), &reasons).await?;
            self.event(
                &mut tx,
                &court,
                case_id,
                None,
                kind::TRIAGE_SUGGESTED,
                json!({"track": s.track.as_str(), "reasons": s.reasons}),
            )
            .await?;
        }
        let row = store_cases::case_in_tx(&mut tx, case_id).await?;
        tx.commit().await.map_err(StoreError::from)?;
        Ok(row)
    }

    /// Passes a gate whose conditions are not met. Needs a written reason
    /// (at least 10 characters), and the override is an event of its own.
    pub async fn override_gate(
        &self,
        actor: &Actor,
        case_id: i64,
        expected_version: i64,
        to_stage: &str,
        reason: &str,
    ) -> AppResult<CaseRow> {
        self.load_for_change(actor, case_id, Action::OverrideGate).await?;
        let reason = reason.trim();
        if reason.chars().count() < 10 {
            return Err(AppError::invalid("reason", "越过节点须写明理由（至少 10 个字）"));
        }
        self.gated_move(actor, case_id, expected_version, to_stage, None, "", Some(reason)).await
    }

    /// The command center confirms the triage track (or overrides the
    /// suggestion with a reason) and moves the case onto it.
    pub async fn confirm_triage(
        &self,
        actor: &Actor,
        case_id: i64,
        expected_version: i64,
        track: Track,
        reason: &str,
    ) -> AppResult<CaseRow> {
        let (case, court) = self.load_for_change(actor, case_id, Action::Triage).await?;
        if case.stage != "triage" {
            return Err(AppError::Conflict("案件不在“繁简分流”节点".into()));
        }
        // A stale form must not leave a recorded decision behind a refused move.
        self.check_version(&case, expected_version).await?;
        let suggested = case.suggested_track.as_deref().and_then(Track::parse);
        let reason = reason.trim();
        if suggested.is_some_and(|s| s != track) && reason.chars().count() < 5 {
            return Err(AppError::invalid("reason", "与系统建议的分流不同，须写明理由"));
        }
        let to_stage = match track {
            Track::Fast => "fast",
            Track::Standard => "standard",
            Track::Disposal => "disposal",
            Track::TerminatedCurrent => "closing",
            Track::Untriaged => return Err(AppError::invalid("track", "请选择分流结果")),
        };
        {
            let mut tx = self.store.begin().await?;
            lc::insert_action(
                &mut tx,
                case_id,
                "triage_decided",
                self.today(),
                Some(actor.user_id),
                reason,
                self.now_ms(),
            )
            .await?;
            lc::insert_certification(&mut tx, case_id, "triage", to_stage, actor.user_id, reason, self.now_ms())
                .await?;
            self.event(
                &mut tx,
                &court,
                case_id,
                Some(actor),
                kind::TRIAGE_CONFIRMED,
                json!({"track": track.as_str(), "suggested": suggested.map(|t| t.as_str()), "reason": reason}),
            )
            .await?;
            tx.commit().await.map_err(StoreError::from)?;
        }
        self.gated_move(actor, case_id, expected_version, to_stage, Some(track), reason, None).await
    }

    /// How many cases each team would get per track under another rule set.
    pub async fn triage_what_if(
        &self,
        actor: &Actor,
        rules_toml: Option<&str>,
    ) -> AppResult<BTreeMap<String, BTreeMap<Track, u32>>> {
        actor.require(Action::Triage)?;
        let court = self.store.court(actor.court_id).await?;
        let rules = match rules_toml {
            // A whole profile, or just its triage part on top of the default profile.
            Some(text) => {
                Profile::from_toml(text)
                    .or_else(|_| {
                        Profile::from_toml(&format!("{}\n{text}", strip_triage(profile::DEFAULT_PROFILE_TOML)))
                    })
                    .map_err(|e| AppError::invalid("rules", e.to_string()))?
                    .triage
            }
            None => self.profiles.for_court(&court.code)?.triage.clone(),
        };
        let teams = self.store.teams(court.id).await?;
        let scope = zhixing_store::cases::ScopeFilter::Courts(vec![court.id]);
        let filter = zhixing_store::cases::CaseFilter { status: Some("open".into()), ..Default::default() };
        let mut cases = vec![];
        let mut offset = 0;
        loop {
            let page = self.store.list_cases(&scope, &filter, offset, 500).await?;
            if page.items.is_empty() {
                break;
            }
            offset += i64::try_from(page.items.len()).unwrap_or(500);
            for c in page.items {
                let team = c
                    .team_id
                    .and_then(|t| teams.iter().find(|x| x.id == t))
                    .map_or("未分配".to_string(), |t| t.name.clone());
                let parties = self.store.parties(c.id).await?;
                cases.push((team, facts_of(&c, &parties)));
            }
        }
        Ok(profile::what_if(&rules, &cases))
    }

    /// Starts a clock stop (中止执行、暂缓执行、公告、鉴定评估、拍卖变卖期间):
    /// pausable deadlines stop running until it ends.
    pub async fn pause_clock(&self, actor: &Actor, case_id: i64, pause_kind: &str, reason: &str) -> AppResult<()> {
        let (_case, court) = self.load_for_change(actor, case_id, Action::PauseClock).await?;
        let label = pause_label(pause_kind)
            .ok_or_else(|| AppError::invalid("kind", format!("未知的期间类型“{pause_kind}”")))?;
        if reason.trim().is_empty() {
            return Err(AppError::invalid("reason", "请写明依据（如裁定书文号）"));
        }
        let today = self.today();
        let mut tx = self.store.begin().await?;
        if lc::pauses_in_tx(&mut tx, case_id).await?.iter().any(|p| p.ends_on.is_none()) {
            return Err(AppError::Conflict("已有未结束的不计入期间".into()));
        }
        lc::insert_pause(&mut tx, case_id, pause_kind, today, reason.trim()).await?;
        self.event(
            &mut tx,
            &court,
            case_id,
            Some(actor),
            kind::CLOCK_PAUSED,
            json!({"kind": pause_kind, "label": label, "from": today.to_string(), "reason": reason.trim()}),
        )
        .await?;
        tx.commit().await.map_err(StoreError::from)?;
        Ok(())
    }

    /// Ends the running clock stop and moves pausable deadlines by its days.
    pub async fn resume_clock(&self, actor: &Actor, case_id: i64) -> AppResult<()> {
        let (_case, court) = self.load_for_change(actor, case_id, Action::PauseClock).await?;
        let profile = self.profiles.for_court(&court.code)?;
        let cal = self.calendar()?;
        let today = self.today();
        let mut tx = self.store.begin().await?;
        // The day the stop ends is the last uncounted day.
        let end = today.pred_opt().unwrap_or(today);
        if !lc::end_pause(&mut tx, case_id, end).await? {
            return Err(AppError::Conflict("没有正在计算的不计入期间".into()));
        }
        let pauses: Vec<(NaiveDate, NaiveDate)> = lc::pauses_in_tx(&mut tx, case_id)
            .await?
            .iter()
            .filter_map(|p| p.ends_on.map(|e| (p.starts_on, e)))
            .filter(|(s, e)| s <= e)
            .collect();
        for d in lc::open_deadlines_in_tx(&mut tx, case_id).await?.into_iter().filter(|d| d.pausable) {
            let Some(limit) = profile.time_limit(&d.rule_key) else { continue };
            let relevant: Vec<(NaiveDate, NaiveDate)> =
                pauses.iter().copied().filter(|(_, e)| *e >= d.starts_on).collect();
            let nd = new_deadline(&court, case_id, limit, d.starts_on, today, &cal, &profile, &relevant);
            lc::reschedule_deadline(&mut tx, d.id, nd.due_on, nd.warn_on, nd.escalate_on, nd.state).await?;
        }
        refresh_case_deadline(&mut tx, case_id).await?;
        self.event(&mut tx, &court, case_id, Some(actor), kind::CLOCK_RESUMED, json!({"to": end.to_string()})).await?;
        tx.commit().await.map_err(StoreError::from)?;
        Ok(())
    }

    /// The closing checklist for a closure method.
    pub async fn closure_checklist(
        &self,
        actor: &Actor,
        case_id: i64,
        closure: Closure,
    ) -> AppResult<Vec<ChecklistItem>> {
        actor.require(Action::ViewCases)?;
        let case = self.store.case(case_id).await?;
        if !self.can_see_case(actor, &case).await? {
            return Err(AppError::NotFound("案件".into()));
        }
        let actions = self.store.actions(case_id).await?;
        Ok(closing::closure_checklist(
            closure,
            &ClosureFacts {
                filed_on: Some(case.filed_on),
                today: Some(self.today()),
                actions_done: actions.into_iter().map(|a| a.key).collect(),
                outstanding_fen: case.outstanding_fen,
            },
        ))
    }

    /// The deadline sweep: marks due-soon and overdue deadlines, warns the
    /// handler, escalates to the court's director and command center. Work
    /// is proportional to the deadlines whose state changes.
    /// Runs the sweep now on a user's request (director and command center;
    /// the server also runs it hourly). The sweep does only what the hourly
    /// job would do, so running it early changes nothing else.
    pub async fn sweep_deadlines_now(&self, actor: &Actor) -> AppResult<SweepReport> {
        actor.require(Action::ViewBoard)?;
        self.sweep_deadlines().await
    }

    pub async fn sweep_deadlines(&self) -> AppResult<SweepReport> {
        let today = self.today();
        let now = self.now_ms();
        let mut report = SweepReport::default();
        let mut courts: HashMap<i64, Court> = HashMap::new();
        loop {
            // One transaction per 2,000 items, written in bulk: the cost
            // follows the number of items due, a few statements per chunk.
            let mut tx = self.store.begin().await?;
            let batch = lc::sweep_candidates(&mut tx, today, 2000).await?;
            if batch.is_empty() {
                break;
            }
            for d in &batch {
                if let std::collections::hash_map::Entry::Vacant(e) = courts.entry(d.court_id) {
                    e.insert(self.store.court(d.court_id).await?);
                }
            }
            let case_ids: Vec<i64> = batch.iter().map(|d| d.case_id).collect::<BTreeSet<_>>().into_iter().collect();
            let heads = lc::case_heads_in_tx(&mut tx, &case_ids).await?;
            let mut plan = SweepPlan::default();
            for d in &batch {
                let (case_no, handler) = heads.get(&d.case_id).cloned().unwrap_or_default();
                let state = DeadlineState::of(d.due_on, today, (d.due_on - d.warn_on).num_days());
                if d.state == "overdue" || (state == DeadlineState::Overdue && today >= d.escalate_on) {
                    if d.state != "overdue" {
                        // Not swept while merely overdue (e.g. the job was
                        // down): the handler hears of it too, not only the director.
                        plan.overdue(d, handler, &case_no);
                        report.overdue += 1;
                    }
                    plan.escalated.push(d.id);
                    let msg = format!("{case_no}“{}”已超期（期限 {}），升级督办", d.label, d.due_on);
                    for role in ["director", "command_center"] {
                        plan.warnings.push((d.court_id, d.case_id, d.id, "escalated", None, Some(role), msg.clone()));
                    }
                    plan.event(
                        d,
                        kind::DEADLINE_ESCALATED,
                        json!({"deadline": d.rule_key, "due_on": d.due_on.to_string(), "to": ["director", "command_center"]}),
                    );
                    report.escalated += 1;
                } else if state == DeadlineState::Overdue {
                    plan.overdue(d, handler, &case_no);
                    report.overdue += 1;
                } else {
                    plan.due_soon.push(d.id);
                    let msg = format!("{case_no}“{}”将于 {} 到期", d.label, d.due_on);
                    let role = handler.is_none().then_some("command_center");
                    plan.warnings.push((d.court_id, d.case_id, d.id, "due_soon", handler, role, msg));
                    report.due_soon += 1;
                }
            }
            lc::set_deadline_states(&mut tx, &plan.due_soon, "due_soon", now).await?;
            lc::set_deadline_states(&mut tx, &plan.overdue, "overdue", now).await?;
            lc::mark_escalated_many(&mut tx, &plan.escalated, now).await?;
            let warnings: Vec<NewWarning<'_>> = plan
                .warnings
                .iter()
                .map(|(court_id, case_id, deadline_id, kind, to_user_id, to_role, message)| NewWarning {
                    court_id: *court_id,
                    case_id: *case_id,
                    deadline_id: Some(*deadline_id),
                    kind,
                    to_user_id: *to_user_id,
                    to_role: *to_role,
                    message,
                })
                .collect();
            lc::insert_warnings(&mut tx, &warnings, now).await?;
            for (court_id, evs) in plan.events {
                let Some(court) = courts.get(&court_id) else { continue };
                let evs = evs
                    .into_iter()
                    .map(|(case_id, kind, payload)| NewEvent {
                        case_id: Some(case_id),
                        actor_id: None,
                        actor: "system".to_string(),
                        occurred_at_ms: now,
                        kind,
                        payload,
                        personal: None,
                    })
                    .collect();
                events::append_many(&mut tx, &court.chain(), evs).await?;
            }
            tx.commit().await.map_err(StoreError::from)?;
        }
        Ok(report)
    }

    /// Warnings addressed to the user or the user's role.
    pub async fn my_warnings(&self, actor: &Actor, limit: i64) -> AppResult<Vec<lc::WarningRow>> {
        Ok(self.store.warnings_for(actor.user_id, actor.court_id, actor.role.as_str(), limit.clamp(1, 500)).await?)
    }

    /// Open deadlines in the actor's scope (own cases for team members), most urgent first.
    pub async fn urgent_deadlines(
        &self,
        actor: &Actor,
        only_mine: bool,
        states: &[&str],
    ) -> AppResult<Vec<(DeadlineRow, String)>> {
        actor.require(Action::ViewCases)?;
        let scope = self.scope_filter(actor).await?;
        let handler = (only_mine && actor.role == zhixing_domain::role::Role::Judge).then_some(actor.user_id);
        Ok(self.store.urgent_deadlines(&scope, handler, states, 300).await?)
    }

    /// Resumes a case closed as terminated-current (执恢): a new case with a
    /// new number, linked to the old one.
    pub async fn resume_case(&self, actor: &Actor, case_id: i64, reason: &str) -> AppResult<CaseRow> {
        actor.require(Action::FileCase)?;
        let old = self.store.case(case_id).await?;
        if !self.can_see_case(actor, &old).await? {
            return Err(AppError::NotFound("案件".into()));
        }
        if old.closure != Some(Closure::TerminatedCurrent) {
            return Err(AppError::Conflict("只有以终结本次执行程序结案的案件才能恢复执行".into()));
        }
        if reason.trim().chars().count() < 5 {
            return Err(AppError::invalid("reason", "请写明恢复执行的理由（如发现的财产线索）"));
        }
        if let Some(open) = self.store.resumed_cases_of(case_id).await?.into_iter().find(|c| c.status == "open") {
            return Err(AppError::Conflict(format!("本案已恢复执行，恢复案件 {} 尚未结案", open.case_no)));
        }
        let parties = self.store.parties(case_id).await?;
        let input = zhixing_domain::filing::FileCase {
            case_type: zhixing_domain::case_no::CaseType::Resumed,
            title_type: old.title_type.clone(),
            title_doc_no: old.title_doc_no.clone(),
            title_issuer: old.title_issuer.clone(),
            title_effective_on: old.title_effective_on,
            title_deadline_on: old.title_deadline_on,
            cause: old.cause.clone(),
            claim: zhixing_domain::filing::Claim {
                principal: zhixing_domain::money::Fen(
                    old.outstanding_fen.min(old.principal_fen.max(old.outstanding_fen)),
                ),
                costs: zhixing_domain::money::Fen(0),
                interest_terms: old.interest_terms.clone(),
                non_money: old.non_money.clone(),
            },
            parties: parties
                .iter()
                .map(|p| zhixing_domain::filing::PartyInput {
                    role: p.role,
                    kind: p.kind,
                    name: p.name.clone(),
                    id_number: p.id_number.clone(),
                    phone: p.phone.clone(),
                    address: p.address.clone(),
                    region_code: p.region_code.clone(),
                    agent: p.agent.clone(),
                })
                .collect(),
            team_id: old.team_id,
            handler_id: old.handler_id,
            summary: format!("恢复执行，原案号 {}。{}", old.case_no, reason.trim()),
        };
        let new_case = self.file_case(actor, input).await?;
        let court = self.store.court(old.court_id).await?;
        let mut tx = self.store.begin().await?;
        lc::set_parent_case(&mut tx, new_case.id, old.id).await?;
        self.event(
            &mut tx,
            &court,
            old.id,
            Some(actor),
            kind::RESUMED_AS,
            json!({"case_id": new_case.id, "case_no": new_case.case_no, "reason": reason.trim()}),
        )
        .await?;
        self.event(
            &mut tx,
            &court,
            new_case.id,
            Some(actor),
            kind::RESUMED_FROM,
            json!({"case_id": old.id, "case_no": old.case_no}),
        )
        .await?;
        tx.commit().await.map_err(StoreError::from)?;
        Ok(self.store.case(new_case.id).await?)
    }
}

fn strip_triage(toml_text: &str) -> String {
    // Keep everything before the triage section so a what-if file may hold
    // only [triage]. Only a table header at the start of a line counts: the
    // profile's comments mention the section by name.
    let mut offset = 0;
    for line in toml_text.split_inclusive('\n') {
        let head = line.trim_start();
        if head.starts_with("[triage]") || head.starts_with("[[triage.") || head.starts_with("[triage.") {
            return toml_text[..offset].to_string();
        }
        offset += line.len();
    }
    toml_text.to_string()
}

#[cfg(test)]
mod strip_tests {
    use super::strip_triage;

    #[test]
    fn cuts_at_the_section_header_not_at_a_comment() {
        let t = "# see [[triage.rules]] below\nversion = \"1\"\n\n[[triage.rules]]\ntrack = \"fast\"\n";
        assert_eq!(strip_triage(t), "# see [[triage.rules]] below\nversion = \"1\"\n\n");
        assert_eq!(strip_triage("a = 1\n"), "a = 1\n");
        assert_eq!(strip_triage("a = 1\n  [triage]\nx = 1\n"), "a = 1\n");
    }
}

/// Periods that do not count (法释〔2000〕29号 第九条；执行程序解释(2020修正) 第十三条).
pub const PAUSE_KINDS: [(&str, &str); 6] = [
    ("suspension", "中止执行期间"),
    ("postponement", "暂缓执行期间"),
    ("public_notice", "公告期间"),
    ("appraisal", "鉴定、评估期间"),
    ("auction", "拍卖、变卖期间"),
    ("jurisdiction_dispute", "管辖争议、执行争议协调期间"),
];

pub fn pause_label(kind: &str) -> Option<&'static str> {
    PAUSE_KINDS.iter().find(|(k, _)| *k == kind).map(|(_, l)| *l)
}

/// What one sweep changed.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct SweepReport {
    pub due_soon: u64,
    pub overdue: u64,
    pub escalated: u64,
}

/// What one chunk of the sweep will write, gathered before writing it in bulk.
#[derive(Default)]
struct SweepPlan {
    due_soon: Vec<i64>,
    overdue: Vec<i64>,
    escalated: Vec<i64>,
    /// court, case, deadline, kind, to user, to role, message
    #[allow(clippy::type_complexity)]
    warnings: Vec<(i64, i64, i64, &'static str, Option<i64>, Option<&'static str>, String)>,
    /// Per court, in sweep order: case, kind, payload.
    events: BTreeMap<i64, Vec<(i64, &'static str, serde_json::Value)>>,
}

impl SweepPlan {
    fn event(&mut self, d: &DeadlineRow, kind: &'static str, payload: serde_json::Value) {
        self.events.entry(d.court_id).or_default().push((d.case_id, kind, payload));
    }

    /// An overdue deadline: the handler (or, with none, the command center)
    /// is warned and the event recorded.
    fn overdue(&mut self, d: &DeadlineRow, handler: Option<i64>, case_no: &str) {
        self.overdue.push(d.id);
        let msg = format!("{case_no}“{}”已超期（期限 {}）", d.label, d.due_on);
        let role = handler.is_none().then_some("command_center");
        self.warnings.push((d.court_id, d.case_id, d.id, "overdue", handler, role, msg));
        self.event(d, kind::DEADLINE_OVERDUE, json!({"deadline": d.rule_key, "due_on": d.due_on.to_string()}));
    }
}
