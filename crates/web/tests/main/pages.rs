//! The read-only pages and their JSON counterparts, as a signed-in viewer of every council.

use crate::{get, store};
use assure_store::{Change, Store};
use axum::http::StatusCode;

#[tokio::test]
async fn the_home_page_lists_the_councils_with_their_status() {
    let s = store("home").await;
    let (status, _, body) = get(&s, "/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("<h1 class=\"govuk-heading-l\">All councils</h1>"));
    for name in [
        "Coventry City Council",
        "Sandwell Metropolitan Borough Council",
        "St Helens Metropolitan Borough Council",
    ] {
        assert!(body.contains(name), "{name}");
    }
    assert!(body.contains("href=\"/councils/coventry\""));
}

#[tokio::test]
async fn coventry_on_12_february_2019_shows_its_roles_and_findings() {
    let s = store("dashboard").await;
    let (status, _, body) = get(&s, "/councils/coventry?day=12&month=2&year=2019").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("Statutory roles on 12 February 2019"));
    assert!(body.contains("Deputy Chief Executive (People)"));
    assert!(body.contains("Gail Quinton"));
    assert!(body.contains("Accepted departure"), "the DPH departure");
    assert!(body.contains("Children Act 2004 s18(1)"));
    assert!(
        body.contains("value=\"12\"") && body.contains("value=\"2019\""),
        "the date picker keeps the date"
    );
}

#[tokio::test]
async fn an_interim_holder_is_marked() {
    let s = store("interim").await;
    let (_, _, body) = get(&s, "/councils/coventry?at=2023-07-01").await;
    assert!(
        body.contains(
            "Kirston Nelson <strong class=\"govuk-tag govuk-tag--yellow\">Interim</strong>"
        ),
        "{body}"
    );
}

#[tokio::test]
async fn an_invalid_date_re_renders_the_form_with_the_govuk_error_summary() {
    let s = store("bad_date").await;
    let (status, _, body) = get(&s, "/councils/coventry?day=30&month=2&year=2019").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains("govuk-error-summary"));
    assert!(
        body.contains("<a href=\"#at-day\">Date must be a real date, for example 12 2 2019</a>")
    );
    assert!(body.contains("govuk-form-group--error"));
    assert!(body.contains("value=\"30\""), "what was typed is kept");
    assert!(
        body.contains("<title>Error: Coventry City Council"),
        "the title says there is an error"
    );
    assert_eq!(body.matches("govuk-input--error").count(), 3);
    let (status, _, body) = get(&s, "/councils/coventry?day=12&month=&year=2019").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains("Date must include a day, month and year"));
}

#[tokio::test]
async fn an_unknown_council_or_page_is_a_404_page() {
    let s = store("not_found").await;
    let (status, _, body) = get(&s, "/councils/leeds").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(body.contains("There is no council with the id leeds."));
    let (status, _, _) = get(&s, "/no/such/page").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_findings_api_gives_what_assure_check_gives() {
    let s = store("api").await;
    let (status, headers, body) = get(&s, "/api/v1/councils/coventry/findings?at=2019-02-12").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["content-type"], "application/json");
    let v: serde_json::Value = serde_json::from_str(&body).expect("json");
    assert_eq!(v["at"], "2019-02-12");
    let results = v["councils"][0]["results"].as_array().expect("results");
    assert_eq!(results.len(), 29);
    let dcs = results
        .iter()
        .find(|r| r["rule"] == "dcs_designated")
        .expect("dcs_designated");
    assert_eq!(dcs["status"], "pass");
    let (status, _, _) = get(&s, "/api/v1/councils/coventry/findings?at=2019-02-30").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _, body) = get(&s, "/api/v1/councils").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("\"id\":\"sandwell\""));
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let s = store("headers").await;
    for uri in [
        "/",
        "/councils/coventry",
        "/api/v1/councils",
        "/nowhere",
        assure_web::GOVUK_CSS_PATH,
    ] {
        let (_, headers, _) = get(&s, uri).await;
        let csp = headers["content-security-policy"].to_str().expect("ascii");
        assert!(
            csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
            "{uri}: {csp}"
        );
        assert!(csp.contains("frame-ancestors 'none'"));
        assert_eq!(headers["referrer-policy"], "same-origin", "{uri}");
        assert_eq!(headers["x-content-type-options"], "nosniff", "{uri}");
    }
}

#[tokio::test]
async fn the_stylesheet_is_served_from_the_vendored_file() {
    let s = store("css").await;
    let (status, headers, body) = get(&s, assure_web::GOVUK_CSS_PATH).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["content-type"], "text/css; charset=utf-8");
    assert!(body.contains(".govuk-header"));
    assert!(
        !body.contains("GDS Transport"),
        "the GOV.UK font is only for GOV.UK"
    );
}

#[tokio::test]
async fn text_from_the_register_is_escaped_in_pages() {
    let s = store("escape").await;
    let body =
        serde_json::json!({"id": "evil", "name": "<script>alert(1)</script>", "kind": "unitary"});
    s.apply(
        "test",
        vec![Change::Put {
            table: "organisations".into(),
            key: "evil".into(),
            council: Some("evil".into()),
            body,
            base: Some(0),
        }],
    )
    .await
    .expect("stored");
    let (_, _, page) = get(&s, "/").await;
    assert!(!page.contains("<script>alert(1)</script>"));
    assert!(
        page.contains("&#60;script&#62;") || page.contains("&lt;script&gt;"),
        "escaped"
    );
}

#[tokio::test]
async fn the_audit_log_shows_who_changed_what_with_before_and_after_and_filters() {
    let s = store("audit").await;
    let key = "designation:coventry/dcs/cov-director-childrens-services/2019-04-01";
    let history = s.history("designations", key).await.expect("history");
    let mut body = history.last().expect("stored").body.clone();
    body["to"] = serde_json::json!("2021-03-31");
    s.apply(
        "julie.newman",
        vec![Change::Put {
            table: "designations".into(),
            key: key.into(),
            council: Some("coventry".into()),
            body,
            base: Some(1),
        }],
    )
    .await
    .expect("edit");
    let (status, _, page) = get(&s, "/audit?actor=julie.newman").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("1 changes"), "only Julie Newman's change");
    assert!(page.contains("julie.newman"));
    assert!(
        page.contains("to: 2023-06-29 \u{2192} 2021-03-31"),
        "{page}"
    );
    let (_, _, page) = get(&s, "/audit?council=sandwell").await;
    assert!(page.contains("sandwell") && !page.contains("julie.newman"));
}

#[tokio::test]
async fn the_calendar_feed_lists_due_dates_as_all_day_events() {
    let s = store("calendar").await;
    let (status, headers, body) = get(&s, "/councils/coventry/calendar").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["content-type"], "text/calendar; charset=utf-8");
    assert!(body.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
    assert!(body.ends_with("END:VCALENDAR\r\n"));
    assert_eq!(
        body.matches("BEGIN:VEVENT").count(),
        body.matches("END:VEVENT").count()
    );
    let (status, _, _) = get(&s, "/councils/leeds/calendar").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[test]
fn due_dates_include_open_actions_interim_six_months_and_the_next_periodic_review() {
    let text = include_str!("../../../../examples/coventry.toml");
    let reg = assure_domain::reader::read(&[assure_domain::reader::Source::new("c.toml", text)])
        .expect("reads");
    let on = assure_domain::date::parse_date("2023-07-01").expect("date");
    let dates = assure_web::service::due_dates(&assure_rules::Engine::new(&reg), "coventry", on);
    let summaries: Vec<String> = dates
        .iter()
        .map(|d| format!("{} {}", d.date, d.summary))
        .collect();
    // The interim DCS from 30 June 2023 reaches six months on 30 December 2023.
    assert!(summaries.iter().any(|s| s == "2023-12-30 The interim Director of Children's Services reaches 6 months: review it"), "{summaries:?}");
    // The 2023 statement concluded on 20 June 2023: the next periodic review is due 20 June 2025.
    assert!(
        summaries
            .iter()
            .any(|s| s == "2025-06-20 Periodic review of the DCS arrangements due"),
        "{summaries:?}"
    );
    assert!(
        summaries
            .iter()
            .any(|s| s.starts_with("2023-12-31 Action due: Recruit a permanent Director")),
        "{summaries:?}"
    );
    let ics = assure_web::service::icalendar("Coventry City Council", &dates);
    assert!(
        ics.contains("DTSTART;VALUE=DATE:20231230\r\nDTEND;VALUE=DATE:20231231\r\n"),
        "{ics}"
    );
}

#[tokio::test]
async fn the_timeline_shows_who_held_each_role_as_svg_with_a_table_alternative() {
    let s = store("timeline").await;
    let (status, _, page) = get(
        &s,
        "/councils/coventry/timeline?from=2013-01-01&to=2024-01-01",
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("<svg")
            && page.contains("role=\"img\"")
            && page.contains("aria-labelledby=\"tl-title tl-desc\"")
    );
    assert!(page.contains("The same as a table"));
    assert!(
        page.contains("url(#interim)"),
        "interim holdings are hatched"
    );
    assert!(page.contains("<td class=\"govuk-table__cell\">Kirston Nelson <strong class=\"govuk-tag govuk-tag--yellow\">Interim</strong></td>"));
    assert!(
        page.contains("safeguarding_yearly_report"),
        "the failing duty is named"
    );
    let (status, _, _) = get(
        &s,
        "/councils/coventry/timeline?from=2020-01-01&to=2019-01-01",
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _, _) = get(&s, "/councils/coventry/timeline?from=yesterday").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[test]
fn timeline_stretches_follow_the_register() {
    let text = include_str!("../../../../examples/coventry.toml");
    let reg = assure_domain::reader::read(&[assure_domain::reader::Source::new("c.toml", text)])
        .expect("reads");
    let day = |s: &str| assure_domain::date::parse_date(s).expect("date");
    let v = assure_web::service::timeline(
        &assure_rules::Engine::new(&reg),
        "coventry",
        day("2013-01-01"),
        day("2024-01-01"),
    )
    .expect("coventry");
    let dcs = v.tracks.iter().find(|t| t.short == "DCS").expect("DCS");
    let summary: Vec<String> = dcs
        .stretches
        .iter()
        .map(|s| format!("{} {} {} {}", s.from, s.to, s.holder, s.interim))
        .collect();
    assert!(
        summary.contains(&"2019-04-01 2023-06-29 John Gregg false".to_owned()),
        "{summary:?}"
    );
    assert!(
        summary.contains(&"2023-06-30 2024-01-01 Kirston Nelson true".to_owned()),
        "{summary:?}"
    );
    for w in dcs.stretches.windows(2) {
        assert_eq!(
            w[0].to.tomorrow().ok(),
            Some(w[1].from),
            "stretches are contiguous"
        );
    }
}

#[tokio::test]
async fn any_report_kind_can_be_generated_from_the_page() {
    let s = store("report").await;
    let mut c = crate::Client::signed_in(&s, "viewer").await;
    for (kind, format, mime, magic) in [
        ("statement", "pdf", "application/pdf", &b"%PDF-"[..]),
        (
            "cabinet-report",
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            &b"PK"[..],
        ),
        (
            "assurance-document",
            "html",
            "text/html; charset=utf-8",
            &b"<!DOCTYPE html>"[..],
        ),
    ] {
        let r = c
            .get(&format!(
                "/councils/coventry/report?kind={kind}&at=2019-02-12&format={format}"
            ))
            .await;
        assert_eq!(r.status, StatusCode::OK, "{kind} {format}");
        assert_eq!(r.headers["content-type"], mime);
        assert_eq!(
            r.headers["content-disposition"],
            format!("attachment; filename=\"coventry-{kind}-2019-02-12.{format}\"").as_str()
        );
        let body = r.bytes;
        assert!(body.starts_with(magic), "{kind} {format}");
    }
    let (status, _, _) = get(
        &s,
        "/councils/coventry/report?kind=memo&at=2019-02-12&format=pdf",
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _, _) = get(
        &s,
        "/councils/leeds/report?kind=statement&at=2019-02-12&format=pdf",
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_councils_can_be_filtered_by_name_and_failing_and_sorted_by_any_column() {
    let s = store("sort").await;
    let (_, _, page) = get(&s, "/?q=sand").await;
    assert!(page.contains("1 of 3 councils"));
    assert!(page.contains("Sandwell Metropolitan Borough Council"));
    assert!(!page.contains("Coventry City Council"));
    let (_, _, page) = get(&s, "/?sort=name").await;
    let at = |name: &str| page.find(name).unwrap_or(usize::MAX);
    assert!(at("Coventry City Council") < at("Sandwell Metropolitan"));
    assert!(at("Sandwell Metropolitan") < at("St Helens Metropolitan"));
    assert!(page.contains("aria-sort=\"ascending\""));
    let (_, _, page) = get(&s, "/?sort=interim&q=a").await;
    assert!(page.contains("aria-sort=\"descending\""));
    assert!(
        page.contains("/?q=a&amp;sort=must") || page.contains("/?q=a&#38;sort=must"),
        "sort links keep the filter: {page}"
    );
    let (status, _, _) = get(&s, "/?sort=nonsense").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[test]
fn statutory_deadlines_come_from_the_timeline_of_each_rule() {
    let text = include_str!("../../../../examples/coventry.toml");
    let mut reg =
        assure_domain::reader::read(&[assure_domain::reader::Source::new("c.toml", text)])
            .expect("reads");
    let from = assure_domain::date::parse_date("2016-11-01").expect("date");
    // As the register stood in November 2016: the review of January 2017 not yet held.
    reg.reviews
        .retain(|r| r.concluded.is_some_and(|c| c < from));
    let dates = assure_web::service::due_dates(&assure_rules::Engine::new(&reg), "coventry", from);
    // The October 2016 restructure made a review of the DCS and DASS arrangements due within six
    // months: change_triggers_review is `due` until 1 April 2017 and fails the day after.
    let deadline = dates
        .iter()
        .find(|d| d.uid.starts_with("deadline-change_triggers_review-"))
        .unwrap_or_else(|| panic!("{dates:?}"));
    assert_eq!(deadline.date.to_string(), "2017-04-01");
    assert!(
        deadline.summary.starts_with("Last day for: "),
        "{deadline:?}"
    );
}
