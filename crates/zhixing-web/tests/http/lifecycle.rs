//! Node control (节点管控) over HTTP: a case through its gates, triage,
//! clock stops, the closing checklist, 终本 and 执恢; deadlines and warnings
//! after a sweep; what-if triage; the lifecycle panel and its forms.

use axum::http::{Method, StatusCode};
use chrono::Duration;
use serde_json::{Value, json};

use crate::world::{Auth, Resp, Session, World, error_body_problem, filing_json};

fn assert_error(r: &Resp, status: u16, code: &str) -> Value {
    assert_eq!(r.status.as_u16(), status, "{}", r.text());
    assert_eq!(r.code().as_deref(), Some(code), "{}", r.text());
    if let Some(p) = error_body_problem(r) {
        panic!("{p}");
    }
    r.json()
}

fn ok(r: &Resp, status: u16) -> Value {
    assert_eq!(r.status.as_u16(), status, "{}", r.text());
    r.try_json().unwrap_or(Value::Null)
}

/// Files a case for 执行一团队 through the API (as the clerk), with the judge as handler.
async fn file_case(w: &World, n: u32, handler: Option<&str>) -> Value {
    let mut body = filing_json(n);
    body["team_id"] = json!(w.team1_id);
    if let Some(h) = handler {
        body["handler_id"] = json!(w.account(h).user_id);
    }
    let r = w.call(Method::POST, "/api/v1/cases", Auth::Bearer(&w.session("clerk")), Some(body)).await;
    ok(&r, 201)
}

async fn version(w: &World, id: i64) -> i64 {
    let r = w.get(&format!("/api/v1/cases/{id}"), Auth::Bearer(&w.fresh_session("director").await)).await;
    ok(&r, 200)["case"]["version"].as_i64().unwrap()
}

async fn lifecycle(w: &World, id: i64, s: &Session) -> Value {
    ok(&w.get(&format!("/api/v1/cases/{id}/lifecycle"), Auth::Bearer(s)).await, 200)
}

async fn post(w: &World, path: &str, s: &Session, body: Value) -> Resp {
    w.call(Method::POST, path, Auth::Bearer(s), Some(body)).await
}

fn deadline<'a>(lc: &'a Value, rule: &str) -> &'a Value {
    lc["deadlines"].as_array().unwrap().iter().find(|d| d["rule"] == rule).unwrap_or_else(|| panic!("no {rule}: {lc}"))
}

fn gate<'a>(lc: &'a Value, to: &str) -> &'a Value {
    lc["gates"].as_array().unwrap().iter().find(|g| g["to"] == to).unwrap_or_else(|| panic!("no gate {to}: {lc}"))
}

#[tokio::test]
async fn a_case_through_its_gates_to_zhongben_and_resumption() {
    let w = World::new().await;
    let mut judge = w.session("judge");
    let cc = w.session("command_center");
    let mut director = w.session("director");
    let case = file_case(&w, 31, Some("judge")).await;
    let id = case["id"].as_i64().unwrap();
    let base = format!("/api/v1/cases/{id}");

    // The panel at filing: required actions (the handler is assigned at
    // filing), the shut gate, the deadlines with their rule and citation.
    let lc = lifecycle(&w, id, &judge).await;
    assert_eq!(lc["stage_label"], "立案");
    assert!(!lc["profile_version"].as_str().unwrap().is_empty());
    let required: Vec<(&str, bool)> = lc["required_actions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| (a["key"].as_str().unwrap(), a["done_on"].is_string()))
        .collect();
    assert_eq!(
        required,
        [
            ("assign_handler", true),
            ("send_enforcement_notice", false),
            ("send_property_report_order", false),
            ("notify_applicant_leads", false)
        ]
    );
    assert!(lc["required_actions"][1]["citation"].as_str().unwrap().contains("民诉法"));
    let g = gate(&lc, "search");
    assert_eq!((g["decision"].as_str(), g["allowed"].as_bool()), (Some("blocked"), Some(false)));
    assert_eq!(g["missing_actions"].as_array().unwrap().len(), 3);
    assert_eq!(g["needs_certification"], true);
    assert!(g["explanation"].as_str().unwrap().contains("尚未经指挥中心节点认证"), "{g}");
    let notice = deadline(&lc, "enforcement_notice");
    assert_eq!(notice["due_on"], "2025-03-13", "{notice}");
    assert_eq!((notice["status"].as_str(), notice["state"].as_str()), (Some("open"), Some("normal")));
    assert_eq!(notice["days_left"], 10);
    assert!(notice["citation"].as_str().unwrap().contains("第480条"), "{notice}");
    assert!(!notice["calendar_version"].as_str().unwrap().is_empty());
    assert_eq!(deadline(&lc, "assign_handler")["status"], "met");
    assert!(lc["suggested_track"].is_null());
    // Outside the scope: not found.
    assert_error(&w.get(&format!("{base}/lifecycle"), Auth::Bearer(&w.session("judge2"))).await, 404, "not_found");
    assert_error(&w.get(&format!("{base}/lifecycle"), Auth::Bearer(&w.session("lawyer"))).await, 404, "not_found");

    // Moving is refused with what is missing.
    let v = version(&w, id).await;
    let r = post(&w, &format!("{base}/stage"), &judge, json!({"version": v, "stage": "search"})).await;
    let e = assert_error(&r, 409, "conflict");
    let msg = e["message"].as_str().unwrap();
    assert!(msg.contains("发出执行通知书") && msg.contains("发出报告财产令") && msg.contains("节点认证"), "{msg}");

    // Recording actions.
    let actions = format!("{base}/actions");
    let e = assert_error(&post(&w, &actions, &judge, json!({"action": "no_such_action"})).await, 422, "invalid");
    assert_eq!(e["field"], "action");
    let e = assert_error(&post(&w, &actions, &judge, json!({"action": "x", "when": "today"})).await, 422, "invalid");
    assert_eq!(e["field"], "when");
    assert_error(
        &post(&w, &actions, &w.session("lawyer"), json!({"action": "send_enforcement_notice"})).await,
        403,
        "forbidden",
    );
    for a in ["send_enforcement_notice", "send_property_report_order", "notify_applicant_leads"] {
        ok(&post(&w, &actions, &judge, json!({"action": a, "note": "已送达"})).await, 204);
    }
    assert_error(&post(&w, &actions, &judge, json!({"action": "send_enforcement_notice"})).await, 409, "conflict");
    let lc = lifecycle(&w, id, &judge).await;
    assert!(lc["required_actions"].as_array().unwrap().iter().all(|a| a["done_on"] == "2025-03-03"), "{lc}");
    assert_eq!(deadline(&lc, "enforcement_notice")["status"], "met");
    let g = gate(&lc, "search");
    assert!(g["missing_actions"].as_array().unwrap().is_empty() && g["needs_certification"] == true, "{g}");

    // Certification: the command center's act, not the judge's.
    let certify = format!("{base}/gates/search/certify");
    assert_error(&post(&w, &certify, &judge, json!({"note": ""})).await, 403, "forbidden");
    let e = assert_error(&post(&w, &format!("{base}/gates/closing/certify"), &cc, json!({})).await, 409, "conflict");
    assert!(e["message"].as_str().unwrap().contains("只能转入"), "{e}");
    ok(&post(&w, &certify, &cc, json!({"note": "材料齐全"})).await, 204);
    assert_eq!(gate(&lifecycle(&w, id, &judge).await, "search")["allowed"], true);

    // Now the judge moves the case.
    let v = version(&w, id).await;
    let moved = ok(&post(&w, &format!("{base}/stage"), &judge, json!({"version": v, "stage": "search"})).await, 200);
    assert_eq!(moved["stage"], "search");
    let lc = lifecycle(&w, id, &judge).await;
    assert_eq!(lc["stage_label"], "查控与送达");
    let mut to: Vec<&str> = lc["gates"].as_array().unwrap().iter().map(|g| g["to"].as_str().unwrap()).collect();
    to.sort_unstable();
    assert_eq!(to, ["closing", "triage"]);

    // Overriding a gate: director or command center, with a written reason.
    let v = version(&w, id).await;
    let over = format!("{base}/gates/triage/override");
    let long = "查控系统故障，经局长批准先行分流";
    assert_error(&post(&w, &over, &judge, json!({"version": v, "reason": long})).await, 403, "forbidden");
    let e = assert_error(&post(&w, &over, &director, json!({"version": v, "reason": "来不及"})).await, 422, "invalid");
    assert_eq!(e["field"], "reason");
    let e = assert_error(&post(&w, &over, &director, json!({"version": v})).await, 422, "invalid");
    assert!(e["message"].as_str().unwrap().contains("reason"), "{e}");
    assert_error(&post(&w, &over, &director, json!({"version": v - 1, "reason": long})).await, 409, "conflict");
    let moved = ok(&post(&w, &over, &director, json!({"version": v, "reason": long})).await, 200);
    assert_eq!((moved["stage"].as_str(), moved["version"].as_i64()), (Some("triage"), Some(v + 1)));
    let events = ok(&w.get(&format!("{base}/events"), Auth::Bearer(&director)).await, 200);
    let overridden = events.as_array().unwrap().iter().find(|e| e["kind"] == "case.gate_overridden").unwrap();
    assert_eq!(overridden["payload"]["reason"], long);

    // Triage: the suggestion with its reasons; the command center confirms.
    let lc = lifecycle(&w, id, &judge).await;
    assert_eq!(lc["suggested_track"]["track"], "standard", "{lc}");
    assert!(!lc["suggested_track"]["reasons"].as_str().unwrap().is_empty());
    let v = version(&w, id).await;
    let triage = format!("{base}/triage");
    let zb = json!({"version": v, "track": "terminated_current", "reason": ""});
    assert_error(&post(&w, &triage, &judge, zb.clone()).await, 403, "forbidden");
    let e = assert_error(&post(&w, &triage, &cc, zb).await, 422, "invalid");
    assert_eq!(e["field"], "reason");
    let e = assert_error(&post(&w, &triage, &cc, json!({"version": v, "track": "quick"})).await, 422, "invalid");
    assert_eq!(e["field"], "track");
    let moved = ok(
        &post(&w, &triage, &cc, json!({"version": v, "track": "terminated_current", "reason": "两次查控均无财产"}))
            .await,
        200,
    );
    assert_eq!((moved["stage"].as_str(), moved["track"].as_str()), (Some("closing"), Some("terminated_current")));
    assert!(lifecycle(&w, id, &judge).await["suggested_track"].is_null());

    // A clock stop pushes the pausable limits back.
    let pauses = format!("{base}/pauses");
    let six_months = deadline(&lifecycle(&w, id, &judge).await, "overall_six_months")["due_on"].clone();
    let e = assert_error(&post(&w, &pauses, &judge, json!({"kind": "nap", "reason": "x"})).await, 422, "invalid");
    assert_eq!(e["field"], "kind");
    let e = assert_error(&post(&w, &pauses, &judge, json!({"kind": "appraisal", "reason": " "})).await, 422, "invalid");
    assert_eq!(e["field"], "reason");
    assert_error(
        &post(&w, &pauses, &w.session("clerk"), json!({"kind": "appraisal", "reason": "（2025）苏0205执1号之一"}))
            .await,
        403,
        "forbidden",
    );
    ok(&post(&w, &pauses, &judge, json!({"kind": "appraisal", "reason": "（2025）苏0205执1号之一"})).await, 204);
    assert_error(&post(&w, &pauses, &judge, json!({"kind": "auction", "reason": "再来一次"})).await, 409, "conflict");
    let lc = lifecycle(&w, id, &judge).await;
    assert_eq!(lc["pauses"][0]["running"], true, "{lc}");
    assert_eq!(lc["pauses"][0]["kind_label"], "鉴定、评估期间");
    w.clock.advance(Duration::days(10));
    // Sessions expire after 30 idle minutes.
    judge = w.fresh_session("judge").await;
    let end = format!("{base}/pauses/end");
    ok(&w.call(Method::POST, &end, Auth::Bearer(&judge), None).await, 204);
    assert_error(&w.call(Method::POST, &end, Auth::Bearer(&judge), None).await, 409, "conflict");
    let lc = lifecycle(&w, id, &judge).await;
    assert_eq!(
        (lc["pauses"][0]["running"].as_bool(), lc["pauses"][0]["ends_on"].as_str()),
        (Some(false), Some("2025-03-12"))
    );
    let pushed = deadline(&lc, "overall_six_months")["due_on"].clone();
    assert!(pushed.as_str().unwrap() > six_months.as_str().unwrap(), "{six_months} → {pushed}");

    // The closing checklist refuses 终本 until every condition holds.
    let checklist = format!("{base}/closing-checklist");
    let e = assert_error(&w.get(&checklist, Auth::Bearer(&judge)).await, 422, "invalid");
    assert_eq!(e["field"], "closure");
    let e = assert_error(&w.get(&format!("{checklist}?closure=gone"), Auth::Bearer(&judge)).await, 422, "invalid");
    assert_eq!(e["field"], "closure");
    let zb_list = format!("{checklist}?closure=terminated_current");
    let cl = ok(&w.get(&zb_list, Auth::Bearer(&judge)).await, 200);
    assert_eq!((cl["closure_label"].as_str(), cl["can_close"].as_bool()), (Some("终结本次执行程序"), Some(false)));
    assert_eq!(cl["items"].as_array().unwrap().len(), 8);
    assert!(cl["items"].as_array().unwrap().iter().all(|i| i["citation"].as_str().is_some_and(|c| !c.is_empty())));
    let v = version(&w, id).await;
    let close = format!("{base}/close");
    let e = assert_error(
        &post(&w, &close, &judge, json!({"version": v, "closure": "terminated_current"})).await,
        409,
        "conflict",
    );
    assert!(e["message"].as_str().unwrap().contains("不能以“终结本次执行程序”结案"), "{e}");
    for a in [
        "online_search",
        "consumption_restriction",
        "dishonest_list_reviewed",
        "search_exhausted",
        "applicant_interviewed",
    ] {
        ok(&post(&w, &actions, &judge, json!({"action": a})).await, 204);
    }
    let cl = ok(&w.get(&zb_list, Auth::Bearer(&judge)).await, 200);
    let missing: Vec<&str> = cl["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["ok"] == false)
        .map(|i| i["item"].as_str().unwrap())
        .collect();
    assert_eq!(missing, ["自立案之日起已超过三个月"]);
    // Filed 2025-03-03: more than three months have passed on 2025-06-16.
    w.clock.advance(Duration::days(95));
    judge = w.fresh_session("judge").await;
    director = w.fresh_session("director").await;
    let clerk = w.fresh_session("clerk").await;
    let cl = ok(&w.get(&zb_list, Auth::Bearer(&judge)).await, 200);
    assert_eq!(cl["can_close"], true, "{cl}");
    let closed = ok(&post(&w, &close, &judge, json!({"version": v, "closure": "terminated_current"})).await, 200);
    assert_eq!((closed["status"].as_str(), closed["closure"].as_str()), (Some("closed"), Some("terminated_current")));
    let lc = lifecycle(&w, id, &judge).await;
    assert!(lc["deadlines"].as_array().unwrap().iter().all(|d| d["status"] != "open"), "{lc}");
    assert_error(&post(&w, &actions, &judge, json!({"action": "funds_received"})).await, 409, "conflict");

    // Resumption (执恢): a new case, linked to the old one.
    let resume = format!("{base}/resume");
    let reason = json!({"reason": "申请执行人提供被执行人新开立的银行账户"});
    assert_error(&post(&w, &resume, &judge, reason.clone()).await, 403, "forbidden");
    let e = assert_error(&post(&w, &resume, &clerk, json!({"reason": "有钱"})).await, 422, "invalid");
    assert_eq!(e["field"], "reason");
    assert_error(
        &post(&w, &format!("/api/v1/cases/{}/resume", w.case_a.id), &clerk, reason.clone()).await,
        409,
        "conflict",
    );
    let new_case = ok(&post(&w, &resume, &clerk, reason).await, 201);
    assert_eq!((new_case["case_type"].as_str(), new_case["status"].as_str()), (Some("执恢"), Some("open")));
    assert!(new_case["case_no"].as_str().unwrap().contains("执恢"), "{new_case}");
    assert_ne!(new_case["id"], id);
    let events = ok(&w.get(&format!("{base}/events"), Auth::Bearer(&director)).await, 200);
    let resumed = events.as_array().unwrap().iter().find(|e| e["kind"] == "case.resumed_as").unwrap();
    assert_eq!(resumed["payload"]["case_no"], new_case["case_no"]);
    let lc = lifecycle(&w, new_case["id"].as_i64().unwrap(), &judge).await;
    assert_eq!(lc["stage_label"], "立案");
}

#[tokio::test]
async fn deadlines_and_warnings_after_a_sweep() {
    let w = World::new().await;
    let judge = w.session("judge");
    let cc = w.session("command_center");
    let d = file_case(&w, 41, Some("judge")).await;
    let d_no = d["case_no"].as_str().unwrap().to_string();
    let a_no = w.case_a.case_no.clone();

    // Before: the judge's own cases by urgency, nothing overdue, no warnings.
    let mine = ok(&w.get("/api/v1/deadlines", Auth::Bearer(&judge)).await, 200);
    let rows = mine.as_array().unwrap();
    assert!(!rows.is_empty() && rows.iter().all(|r| r["case_no"] == d_no.as_str()), "{mine}");
    let due: Vec<&str> = rows.iter().map(|r| r["due_on"].as_str().unwrap()).collect();
    assert!(due.windows(2).all(|p| p[0] <= p[1]), "{due:?}");
    assert!(rows.iter().all(|r| r["state"] == "normal" && r["status"] == "open"));
    let none = ok(&w.get("/api/v1/deadlines?scope=all&state=overdue", Auth::Bearer(&cc)).await, 200);
    assert!(none.as_array().unwrap().is_empty(), "{none}");
    assert!(ok(&w.get("/api/v1/warnings", Auth::Bearer(&judge)).await, 200).as_array().unwrap().is_empty());
    let e = assert_error(&w.get("/api/v1/deadlines?state=late", Auth::Bearer(&judge)).await, 422, "invalid");
    assert_eq!(e["field"], "state");
    let e = assert_error(&w.get("/api/v1/deadlines?scope=court", Auth::Bearer(&judge)).await, 422, "invalid");
    assert_eq!(e["field"], "scope");
    assert_error(&w.get("/api/v1/deadlines?colour=red", Auth::Bearer(&judge)).await, 422, "invalid");
    assert_error(&w.get("/api/v1/deadlines", Auth::Bearer(&w.session("admin"))).await, 403, "forbidden");

    // The sweep: director and command center only.
    for key in ["judge", "clerk", "lawyer", "admin"] {
        let r = w.call(Method::POST, "/api/v1/deadlines/sweep", Auth::Bearer(&w.session(key)), None).await;
        assert_error(&r, 403, "forbidden");
    }
    // 2025-03-14: the enforcement notice (due 03-13) is one day overdue; the
    // unassigned cases A and B are escalated for their handler (due 03-10).
    w.clock.advance(Duration::days(11));
    // Sessions expire after 30 idle minutes.
    let judge = w.fresh_session("judge").await;
    let cc = w.fresh_session("command_center").await;
    let report = ok(&w.call(Method::POST, "/api/v1/deadlines/sweep", Auth::Bearer(&cc), None).await, 200);
    assert!(report["overdue"].as_u64().unwrap() >= 4 && report["escalated"].as_u64().unwrap() >= 2, "{report}");
    let again = ok(&w.call(Method::POST, "/api/v1/deadlines/sweep", Auth::Bearer(&cc), None).await, 200);
    assert_eq!(again, json!({"due_soon": 0, "overdue": 0, "escalated": 0}));

    // The judge: the overdue items of the judge's own case, and a warning.
    let mine = ok(&w.get("/api/v1/deadlines?state=overdue", Auth::Bearer(&judge)).await, 200);
    let rules: Vec<&str> = mine.as_array().unwrap().iter().map(|r| r["rule"].as_str().unwrap()).collect();
    assert!(rules.contains(&"enforcement_notice") && rules.contains(&"property_report_order"), "{mine}");
    for r in mine.as_array().unwrap() {
        assert_eq!((r["case_no"].as_str(), r["state"].as_str()), (Some(d_no.as_str()), Some("overdue")), "{r}");
        assert_eq!(r["recorded_state"], "overdue");
        assert!(r["days_left"].as_i64().unwrap() < 0);
    }
    let notice = mine.as_array().unwrap().iter().find(|r| r["rule"] == "enforcement_notice").unwrap();
    assert_eq!((notice["due_on"].as_str(), notice["days_left"].as_i64()), (Some("2025-03-13"), Some(-1)));
    // The team's cases with scope=all; another team's judge sees neither.
    let team = ok(&w.get("/api/v1/deadlines?scope=all&state=overdue", Auth::Bearer(&judge)).await, 200);
    assert!(team.as_array().unwrap().iter().any(|r| r["case_no"] == a_no.as_str()), "{team}");
    let other = ok(&w.get("/api/v1/deadlines?scope=all", Auth::Bearer(&w.fresh_session("judge2").await)).await, 200);
    assert!(other.as_array().unwrap().iter().all(|r| r["case_no"] == w.case_b.case_no.as_str()), "{other}");
    let warnings = ok(&w.get("/api/v1/warnings", Auth::Bearer(&judge)).await, 200);
    let w_notice = warnings
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["kind"] == "overdue" && x["message"].as_str().unwrap().contains("发出执行通知书"))
        .unwrap_or_else(|| panic!("{warnings}"));
    assert_eq!((w_notice["case_no"].as_str(), w_notice["kind_label"].as_str()), (Some(d_no.as_str()), Some("超期")));

    // The command center: the court's overdue list and the escalations.
    let overdue = ok(&w.get("/api/v1/deadlines?scope=all&state=overdue", Auth::Bearer(&cc)).await, 200);
    let cases: Vec<&str> = overdue.as_array().unwrap().iter().map(|r| r["case_no"].as_str().unwrap()).collect();
    assert!(
        cases.contains(&a_no.as_str()) && cases.contains(&w.case_b.case_no.as_str()) && cases.contains(&d_no.as_str())
    );
    let a_handler =
        overdue.as_array().unwrap().iter().find(|r| r["case_no"] == a_no.as_str() && r["rule"] == "assign_handler");
    assert_eq!(a_handler.unwrap()["escalated"], true);
    for key in ["command_center", "director"] {
        let ws = ok(&w.get("/api/v1/warnings", Auth::Bearer(&w.fresh_session(key).await)).await, 200);
        assert!(
            ws.as_array().unwrap().iter().any(|x| x["kind"] == "escalated" && x["case_no"] == a_no.as_str()),
            "{key}: {ws}"
        );
    }
    // Warnings are addressed: the clerk and another court's director get none.
    for key in ["clerk", "director02", "lawyer"] {
        let ws = ok(&w.get("/api/v1/warnings", Auth::Bearer(&w.fresh_session(key).await)).await, 200);
        assert!(ws.as_array().unwrap().is_empty(), "{key}: {ws}");
    }

    // The pages.
    let page = w.get("/deadlines", Auth::Cookie(&judge)).await;
    assert_eq!(page.status, StatusCode::OK);
    let html = page.text();
    assert!(html.contains("我的案件期限") && html.contains(&d_no) && html.contains("超期 1 天"), "{html}");
    assert!(!html.contains("/deadlines/sweep"));
    let html = w.get("/deadlines", Auth::Cookie(&cc)).await.text();
    assert!(
        html.contains("期限督办")
            && html.contains(&a_no)
            && html.contains("已升级督办")
            && html.contains("立即扫描期限")
    );
    let html = w.get("/deadlines?state=normal", Auth::Cookie(&cc)).await.text();
    assert!(html.contains("overall_six_months") || html.contains("执行期限（6个月）"), "{html}");
    let html = w.get("/warnings", Auth::Cookie(&judge)).await.text();
    assert!(html.contains("期限预警") && html.contains("已超期") && html.contains(&d_no), "{html}");
    let r = w.form("/deadlines/sweep", &cc, &[]).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.text().contains("期限扫描完成"));
    assert_eq!(w.form("/deadlines/sweep", &judge, &[]).await.status, StatusCode::FORBIDDEN);
    assert_eq!(w.get("/deadlines?state=late", Auth::Cookie(&judge)).await.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn what_if_triage_counts_per_team_and_track() {
    let w = World::new().await;
    let cc = w.session("command_center");
    let path = "/api/v1/triage/what-if";

    // The court's current rules: cases A and B, one per team, both standard.
    let v = ok(&post(&w, path, &cc, json!({})).await, 200);
    assert_eq!(v["rules"], "current");
    let teams: Vec<(&str, u64, u64)> = v["teams"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (t["team"].as_str().unwrap(), t["total"].as_u64().unwrap(), t["counts"]["standard"].as_u64().unwrap_or(0))
        })
        .collect();
    assert_eq!(teams, [("执行一团队", 1, 1), ("执行二团队", 1, 1)]);
    assert!(v["tracks"].as_array().unwrap().iter().any(|t| t["track"] == "fast" && t["label"] == "快执（简案）"));

    // A whole profile whose default rule is the fast track.
    let profile = zhixing_domain::profile::DEFAULT_PROFILE_TOML.replace(
        "track = \"standard\"\nreason = \"不符合以上任何一条",
        "track = \"fast\"\nreason = \"不符合以上任何一条",
    );
    assert_ne!(profile, zhixing_domain::profile::DEFAULT_PROFILE_TOML);
    let v = ok(&post(&w, path, &cc, json!({"rules": profile})).await, 200);
    assert_eq!(v["rules"], "proposed");
    for t in v["teams"].as_array().unwrap() {
        assert_eq!((t["counts"]["fast"].as_u64(), t["total"].as_u64()), (Some(1), Some(1)), "{t}");
    }
    // An empty text means the current rules.
    assert_eq!(ok(&post(&w, path, &cc, json!({"rules": "  "})).await, 200)["rules"], "current");

    // Invalid rules name the field; other roles may not.
    let e = assert_error(&post(&w, path, &cc, json!({"rules": "[[triage.rules]]\ntrack = 5"})).await, 422, "invalid");
    assert_eq!(e["field"], "rules");
    assert_error(&post(&w, path, &cc, json!({"toml": ""})).await, 422, "invalid");
    for key in ["judge", "director", "admin"] {
        assert_error(&post(&w, path, &w.session(key), json!({})).await, 403, "forbidden");
    }

    // The page: an empty form with the explanation; the result as a table with a bar per team.
    let html = w.get("/triage/what-if", Auth::Cookie(&cc)).await.text();
    assert!(html.contains("<textarea name=\"rules\"") && html.contains("留空") && !html.contains("测算结果"), "{html}");
    let r = w.form("/triage/what-if", &cc, &[("rules", "")]).await;
    assert_eq!(r.status, StatusCode::OK);
    let html = r.text();
    assert!(html.contains("测算结果") && html.contains("执行二团队") && html.contains("<progress"), "{html}");
    let r = w.form("/triage/what-if", &cc, &[("rules", "[[triage.rules]]\ntrack = 5")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("class=\"error\"") && r.text().contains("track = 5"));
    assert_eq!(w.get("/triage/what-if", Auth::Cookie(&w.session("judge"))).await.status, StatusCode::FORBIDDEN);
}

/// A what-if text holding only `[[triage.rules]]` is read on top of the
/// default profile (whose header comment also names that section).
#[tokio::test]
async fn what_if_accepts_only_the_triage_rules() {
    let w = World::new().await;
    let cc = w.session("command_center");
    let rules = "[[triage.rules]]\ntrack = \"disposal\"\nreason = \"全部进入财产处置（测算）\"\n";
    let v = ok(&post(&w, "/api/v1/triage/what-if", &cc, json!({"rules": rules})).await, 200);
    assert!(v["teams"].as_array().unwrap().iter().all(|t| t["counts"]["disposal"] == 1), "{v}");
}

#[tokio::test]
async fn the_panel_shows_what_the_role_may_do_and_its_forms_work() {
    let w = World::new().await;
    let a = w.case_a.id;
    let page = format!("/cases/{a}");
    // Fresh sessions: the clock moves below, and sessions expire after 30 idle minutes.
    let html_of = async |key: &str, path: &str| {
        let r = w.get(path, Auth::Cookie(&w.fresh_session(key).await)).await;
        assert_eq!(r.status, StatusCode::OK, "{key} {path}");
        r.text()
    };

    // The judge records and moves; certification and overrides are not the judge's.
    let html = html_of("judge", &page).await;
    assert!(html.contains("节点管控") && html.contains("记录完成") && html.contains("待指挥中心认证"), "{html}");
    assert!(html.contains("民诉法(2023) 第251条"), "citations are shown");
    assert!(html.contains("转入“查控与送达”") && html.contains(" disabled"));
    assert!(!html.contains("/gates/search/certify") && !html.contains("/gates/search/override"));
    assert!(html.contains("开始不计入期间") && html.contains("查看结案条件"));
    assert!(!html.contains("确认分流") && !html.contains("恢复执行"));
    // The director may override (with a reason field), not certify.
    let html = html_of("director", &page).await;
    assert!(html.contains("/gates/search/override") && html.contains("name=\"reason\""));
    assert!(!html.contains("/gates/search/certify"));
    // A lawyer looks, and does nothing.
    let html = html_of("lawyer", &page).await;
    assert!(html.contains("节点管控") && html.contains("执行期限（6个月）"));
    for form in ["/actions\"", "/stage\"", "/override\"", "/pauses\"", "/close\""] {
        assert!(!html.contains(form), "lawyer sees {form}");
    }

    // Forms: record the actions, the command center certifies, the judge moves.
    let judge = w.session("judge");
    for action in ["assign_handler", "send_enforcement_notice", "send_property_report_order", "notify_applicant_leads"]
    {
        let r = w.form(&format!("/cases/{a}/actions"), &judge, &[("action", action)]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
        assert_eq!(r.header("location"), Some(format!("/cases/{a}#lifecycle").as_str()));
    }
    let r = w.form(&format!("/cases/{a}/actions"), &judge, &[("action", "assign_handler")]).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(r.text().contains("已记录过") && r.text().contains("节点管控"), "the refusal is shown on the case page");
    let cc = w.session("command_center");
    assert!(html_of("command_center", &page).await.contains("/gates/search/certify"));
    let r = w.form(&format!("/cases/{a}/gates/search/certify"), &judge, &[("note", "")]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = w.form(&format!("/cases/{a}/gates/search/certify"), &cc, &[("note", "同意")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let html = html_of("judge", &page).await;
    assert!(html.contains("可转入"), "{html}");
    let v = version(&w, a).await.to_string();
    let r = w.form(&format!("/cases/{a}/stage"), &judge, &[("version", &v), ("stage", "search")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());

    // An override without a reason is refused inline.
    let director = w.session("director");
    let v = version(&w, a).await.to_string();
    let r = w.form(&format!("/cases/{a}/gates/triage/override"), &director, &[("version", &v), ("reason", "急")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("至少 10 个字"));
    let reason = "查控结果已由银行书面答复，先行分流";
    let r =
        w.form(&format!("/cases/{a}/gates/triage/override"), &director, &[("version", &v), ("reason", reason)]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());

    // Triage: the suggestion with its reasons and the confirm form (command center only).
    let html = html_of("command_center", &page).await;
    assert!(html.contains("系统建议") && html.contains("普通执行（繁案）") && html.contains("确认分流"), "{html}");
    assert!(!html_of("judge", &page).await.contains("确认分流"));
    let v = version(&w, a).await.to_string();
    let r = w.form(&format!("/cases/{a}/triage"), &cc, &[("version", &v), ("track", "standard"), ("reason", "")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert_eq!(w.app.store.case(a).await.unwrap().stage, "standard");

    // Clock stops: start, then end.
    let r = w.form(&format!("/cases/{a}/pauses"), &judge, &[("kind", "public_notice"), ("reason", "公告送达")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let html = html_of("judge", &page).await;
    assert!(html.contains("公告期间") && html.contains("计算中") && html.contains("结束不计入期间"), "{html}");
    w.clock.advance(Duration::days(3));
    let judge = w.fresh_session("judge").await;
    let r = w.form(&format!("/cases/{a}/pauses/end"), &judge, &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert!(!html_of("judge", &page).await.contains("计算中"));

    // The closing checklist: ✗ items with citations, and a disabled close button.
    let html = html_of("judge", &format!("{page}?closure=terminated_current")).await;
    assert!(html.contains("✗") && html.contains("法〔2016〕373号") && html.contains("自立案之日起已超过三个月"));
    assert!(html.contains("以“终结本次执行程序”结案") && html.contains("尚有条件未满足"), "{html}");
    let html = html_of("judge", &format!("{page}?closure=nonsense")).await;
    assert!(html.contains("未知的结案方式"));
    let v = version(&w, a).await.to_string();
    let r = w.form(&format!("/cases/{a}/close"), &judge, &[("version", &v), ("closure", "withdrawn")]).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(r.text().contains("准予撤回执行申请"));
    // Withdrawal approved: the checklist is all ✓ and the case closes.
    let r = w.form(&format!("/cases/{a}/actions"), &judge, &[("action", "withdrawal_approved")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let html = html_of("judge", &format!("{page}?closure=withdrawn")).await;
    assert!(html.contains("✓") && !html.contains("尚有条件未满足"), "{html}");
    let r = w.form(&format!("/cases/{a}/close"), &judge, &[("version", &v), ("closure", "withdrawn")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let html = html_of("judge", &page).await;
    assert!(!html.contains("记录完成") && !html.contains("查看结案条件") && !html.contains("恢复执行"));
    // Not 终本: no resumption.
    let r =
        w.form(&format!("/cases/{a}/resume"), &w.fresh_session("clerk").await, &[("reason", "发现新的财产线索")]).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
}

#[tokio::test]
async fn lifecycle_pages_keep_the_content_security_policy_and_phone_layout() {
    let w = World::new().await;
    let cc = w.session("command_center");
    let judge = w.session("judge");
    let a = w.case_a.id;
    for (s, path) in [
        (&judge, format!("/cases/{a}")),
        (&judge, format!("/cases/{a}?closure=terminated_current")),
        (&cc, format!("/cases/{a}")),
        (&judge, "/deadlines".to_string()),
        (&cc, "/deadlines".to_string()),
        (&judge, "/warnings".to_string()),
        (&cc, "/triage/what-if".to_string()),
    ] {
        let r = w.get(&path, Auth::Cookie(s)).await;
        assert_eq!(r.status, StatusCode::OK, "{path}");
        let html = r.text().to_lowercase();
        assert!(!html.contains("style=") && !html.contains("<style") && !html.contains("<script"), "{path}");
        assert!(!html.contains(" onclick") && !html.contains(" onchange") && !html.contains(" onsubmit"), "{path}");
        assert!(html.contains("name=\"viewport\""), "{path}");
        // Every POST form carries the CSRF field.
        assert_eq!(html.matches("method=\"post\"").count(), html.matches("name=\"_csrf\"").count(), "{path}");
    }
    // Nav entries for the deadlines and the warnings.
    let html = w.get("/cases", Auth::Cookie(&judge)).await.text();
    assert!(html.contains("href=\"/deadlines\"") && html.contains("href=\"/warnings\""));
    // The stylesheet holds the panel's classes.
    let css = w.get("/static/app.css", Auth::None).await.text();
    assert!(css.contains("节点管控") && css.contains(".lc-gates") && css.contains(".dl.met"));
}

#[tokio::test]
async fn the_openapi_document_lists_the_lifecycle_routes() {
    let w = World::new().await;
    let doc = ok(&w.get("/api/v1/openapi.json", Auth::None).await, 200);
    let paths = doc["paths"].as_object().unwrap();
    for (p, m) in [
        ("/api/v1/cases/{id}/lifecycle", "get"),
        ("/api/v1/cases/{id}/actions", "post"),
        ("/api/v1/cases/{id}/gates/{to}/certify", "post"),
        ("/api/v1/cases/{id}/gates/{to}/override", "post"),
        ("/api/v1/cases/{id}/triage", "post"),
        ("/api/v1/cases/{id}/pauses", "post"),
        ("/api/v1/cases/{id}/pauses/end", "post"),
        ("/api/v1/cases/{id}/closing-checklist", "get"),
        ("/api/v1/cases/{id}/resume", "post"),
        ("/api/v1/deadlines", "get"),
        ("/api/v1/deadlines/sweep", "post"),
        ("/api/v1/warnings", "get"),
        ("/api/v1/triage/what-if", "post"),
    ] {
        assert!(paths.get(p).and_then(|x| x.get(m)).is_some(), "openapi lacks {m} {p}");
    }
    for schema in ["LifecycleDto", "DeadlineDto", "GateDto", "ChecklistDto", "WarningDto", "WhatIfDto"] {
        assert!(doc["components"]["schemas"][schema].is_object(), "openapi lacks {schema}");
    }
}
