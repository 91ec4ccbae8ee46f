//! Batch filing over HTTP: the template, an upload with good and bad rows,
//! the error sheet, a repeated upload, and the page form.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use chrono::NaiveDate;
use zhixing_import::SyntheticFormat;

use crate::world::{Auth, World};

/// A synthetic CSV (valid rows) with two rows broken: row 3 (the second
/// data row) gets a resident ID with a wrong check digit, row 5 a negative
/// principal. Rows are counted as Excel shows them (the header is row 1).
fn csv_with_bad_rows(n: usize) -> Vec<u8> {
    assert!(n >= 4, "rows 3 and 5 must exist");
    let today = NaiveDate::from_ymd_opt(2025, 3, 3).unwrap();
    let bytes = zhixing_import::synthetic(n, 7, today, SyntheticFormat::Csv).unwrap();
    let text = String::from_utf8(bytes).unwrap();
    let mut lines: Vec<String> = text.split("\r\n").map(str::to_string).collect();
    let mut rec = |line: usize, col: usize, value: &str| {
        let mut cells: Vec<String> = lines[line].split(',').map(str::to_string).collect();
        cells[col] = value.to_string();
        lines[line] = cells.join(",");
    };
    // Columns: 7 = 执行标的（本金）, 17 + 2 = 被执行人1 证件号码.
    let debtor_id = 17 + 2;
    rec(2, debtor_id, "110105194912310021");
    rec(4, 7, "-100.00");
    lines.join("\r\n").into_bytes()
}

async fn upload(w: &World, key: &str, name: &str, body: Vec<u8>) -> crate::world::Resp {
    let s = w.session(key);
    let req = Auth::Bearer(&s)
        .apply(Request::builder().method(Method::POST).uri(format!("/api/v1/cases/batch?filename={name}")))
        .header(header::CONTENT_TYPE, "application/octet-stream")
        .body(Body::from(body))
        .unwrap();
    w.send(req).await
}

#[tokio::test]
async fn an_upload_files_the_good_rows_reports_the_bad_and_files_nothing_twice() {
    let w = World::new().await;
    let before = w.case_count("command_center").await;
    let file = csv_with_bad_rows(6);

    let r = upload(&w, "clerk", "mass.csv", file.clone()).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let v = r.json();
    assert_eq!(
        (v["total_rows"].as_i64(), v["filed"].as_i64(), v["failed"].as_i64()),
        (Some(6), Some(4), Some(2)),
        "{v}"
    );
    let errors = v["errors"].as_array().unwrap();
    let rows: Vec<i64> = errors.iter().map(|e| e["row"].as_i64().unwrap()).collect();
    assert_eq!(rows, vec![3, 5], "{v}");
    assert!(errors.iter().all(|e| e["reason"].as_str().is_some_and(|s| !s.is_empty())));
    assert!(errors[0]["column"].as_str().unwrap().contains("证件号码"), "{v}");
    assert!(
        errors[1]["column"].as_str().unwrap().contains("本金") || errors[1]["reason"].as_str().unwrap().contains("负"),
        "{v}"
    );
    assert_eq!(w.case_count("command_center").await, before + 4);

    // The error sheet is a real workbook with the failed rows.
    let sheet = v["error_sheet"].as_str().unwrap().to_string();
    let r = w.get(&sheet, Auth::Bearer(&w.session("clerk"))).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.header("content-type").unwrap().contains("spreadsheetml"));
    let errs = zhixing_import::parse_upload(&r.body, NaiveDate::from_ymd_opt(2025, 3, 3).unwrap()).unwrap();
    // Read back as an upload, it holds exactly the two failed rows, still failing.
    assert!(errs.rows.is_empty() && errs.errors.len() == 2, "{:?}", errs.errors);

    // The same file again: nothing filed twice.
    let r = upload(&w, "clerk", "mass-again.csv", file).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json()["already_uploaded"], true);
    assert_eq!(r.json()["filed"].as_i64(), Some(0), "nothing filed this time");
    assert_eq!(w.case_count("command_center").await, before + 4);

    // The batch list shows it once.
    let r = w.get("/api/v1/cases/batch", Auth::Bearer(&w.session("command_center"))).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json().as_array().unwrap().len(), 1, "{}", r.text());

    // A judge may not batch-file; an anonymous visitor is not let in.
    assert_eq!(upload(&w, "judge", "x.csv", b"a".to_vec()).await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_wrong_file_is_one_chinese_error_and_files_nothing() {
    let w = World::new().await;
    let before = w.case_count("command_center").await;
    for (name, body) in [
        ("notes.csv", "姓名,年龄\r\n张三,30\r\n".as_bytes().to_vec()),
        ("fake.xlsx", b"PK\x03\x04 not really a workbook".to_vec()),
        ("empty.csv", vec![]),
    ] {
        let r = upload(&w, "clerk", name, body).await;
        assert!(r.status.is_client_error(), "{name}: {}", r.text());
        let v = r.json();
        assert!(crate::world::has_chinese(v["message"].as_str().unwrap()), "{name}: {v}");
        assert_eq!(v["field"], "file", "{name}: {v}");
    }
    assert_eq!(w.case_count("command_center").await, before);
}

#[tokio::test]
async fn the_page_takes_a_multipart_upload_with_its_csrf_field() {
    let w = World::new().await;
    let s = w.session("clerk");
    let page = w.get("/cases/batch", Auth::Cookie(&s)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text().contains("批量立案") && page.text().contains("enctype=\"multipart/form-data\""));
    let file = csv_with_bad_rows(4);
    let multipart = |csrf: &str| {
        let boundary = "zxboundary";
        let mut b = Vec::new();
        b.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n{csrf}\r\n").as_bytes(),
        );
        b.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"p.csv\"\r\nContent-Type: text/csv\r\n\r\n")
                .as_bytes(),
        );
        b.extend_from_slice(&file);
        b.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        Auth::Cookie(&s)
            .apply(Request::builder().method(Method::POST).uri("/cases/batch"))
            .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"))
            .body(Body::from(b))
            .unwrap()
    };
    // Without the right token: refused, nothing filed.
    let before = w.case_count("command_center").await;
    let r = w.send(multipart("wrong")).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(w.case_count("command_center").await, before);
    // With it: two rows filed, the bad ones listed with their row numbers.
    let r = w.send(multipart(&s.csrf)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let html = r.text();
    assert!(html.contains("errors.xlsx"), "a link to the error sheet");
    assert!(html.contains('3'), "row 3 is reported");
    assert_eq!(w.case_count("command_center").await, before + 2);
}
