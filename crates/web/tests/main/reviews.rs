//! Assurance reviews: list, create, edit, actions, sign-off.

use crate::{Client, store, user};
use assure_store::{Role, Store};
use assure_store_sqlite::SqliteStore;
use axum::http::StatusCode;
use serde_json::Value;

/// The stored body and version of review `rid`, if it exists.
async fn stored(s: &SqliteStore, rid: &str) -> Option<(Value, i64)> {
    s.history("reviews", rid)
        .await
        .expect("history")
        .into_iter()
        .rfind(|v| v.recorded_to.is_none())
        .map(|v| (v.body, v.version))
}

/// The fields of a new review of Coventry with the id `rid`.
fn new_review(rid: &str) -> Vec<(&str, &str)> {
    vec![
        ("id", rid),
        ("kind", "periodic_review"),
        ("roles", "dcs"),
        ("roles", "dass"),
        ("started-day", "1"),
        ("started-month", "4"),
        ("started-year", "2025"),
        ("reported_to", "cabinet"),
    ]
}

/// A store with an editor, an approver and a viewer of Coventry, and an editor of Sandwell.
async fn people(name: &str) -> SqliteStore {
    let s = store(name).await;
    user(&s, "ed", &[("coventry", Role::Editor)]).await;
    user(&s, "ann", &[("coventry", Role::Approver)]).await;
    user(&s, "vic", &[("coventry", Role::Viewer)]).await;
    user(&s, "sam", &[("sandwell", Role::Editor)]).await;
    s
}

#[tokio::test]
async fn the_coventry_reviews_list_shows_its_reviews() {
    let s = people("reviews-list").await;
    let mut c = Client::signed_in(&s, "vic").await;
    let r = c.get("/councils/coventry/reviews").await;
    assert_eq!(r.status, StatusCode::OK);
    for rid in ["coventry-2017", "coventry-2019"] {
        assert!(
            r.body.contains(&format!(
                "href=\"/councils/coventry/reviews/{rid}\">{rid}</a>"
            )),
            "{rid}"
        );
    }
    assert!(r.body.contains("Local test of assurance"));
    assert!(r.body.contains("DCS, DASS, LMCS"));
    assert!(r.body.contains("24 January 2017"));
    assert!(r.body.contains("approvals received"));
    assert!(
        !r.body.contains("Start a review"),
        "a viewer is not offered the button"
    );
    let mut e = Client::signed_in(&s, "ed").await;
    let r = e.get("/councils/coventry/reviews").await;
    assert!(r.body.contains("href=\"/councils/coventry/reviews/new\""));
    assert!(r.body.contains("Start a review"));
}

#[tokio::test]
async fn the_review_page_shows_the_opinion_evidence_actions_and_approvals() {
    let s = people("review-page").await;
    let mut c = Client::signed_in(&s, "vic").await;
    let r = c.get("/councils/coventry/reviews/coventry-2017").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.body
            .contains("<h1 class=\"govuk-heading-l\">Local test of assurance: coventry-2017</h1>")
    );
    assert!(r.body.contains("24 January 2017"));
    assert!(r.body.contains("Assured"));
    assert!(
        r.body
            .contains("The Executive Director, People holds both statutory roles")
    );
    assert!(r.body.contains("Gail Quinton"));
    assert!(r.body.contains("Cabinet Member for Children"));
    assert!(
        r.body.contains("Awaiting"),
        "a member with no response recorded"
    );
    assert!(r.body.contains(
        "href=\"/councils/coventry/report?kind=statement&amp;at=2017-01-24&amp;format=pdf&amp;review=coventry-2017\""
    ));
    assert!(!r.body.contains("Edit the review"), "a viewer cannot edit");
    assert!(!r.body.contains("Record sign-off"));
    let r = c.get("/councils/coventry/reviews/coventry-2019").await;
    assert!(r.body.contains("Transfer the statutory DCS role"));
    assert!(r.body.contains("Not assured"));
    assert!(
        r.body
            .contains("<strong class=\"govuk-tag govuk-tag--green\">Done</strong>")
    );
    let r = c.get("/councils/coventry/reviews/no-such-review").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn an_editor_starts_a_review_and_adds_an_action_a_contributor_and_an_approver() {
    let s = people("review-create").await;
    let mut c = Client::signed_in(&s, "ed").await;
    let r = c.get("/councils/coventry/reviews/new").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.body
            .contains("<h1 class=\"govuk-heading-l\">Start a review</h1>")
    );
    let r = c
        .post(
            "/councils/coventry/reviews/new",
            &new_review("coventry-2025"),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(
        r.location(),
        Some("/councils/coventry/reviews/coventry-2025?done=created")
    );
    let (body, version) = stored(&s, "coventry-2025").await.expect("stored");
    assert_eq!(version, 1);
    assert_eq!(
        body,
        serde_json::json!({"id": "coventry-2025", "council": "coventry", "kind": "periodic_review",
            "roles": ["dcs", "dass"], "started": "2025-04-01", "reported_to": "cabinet"})
    );
    let r = c
        .get("/councils/coventry/reviews/coventry-2025?done=created")
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("govuk-notification-banner--success"));
    assert!(r.body.contains("Review started"));
    assert!(r.body.contains("1 April 2025"));
    assert!(r.body.contains("Open"));

    let r = c
        .get("/councils/coventry/reviews/coventry-2025/actions/new")
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("value=\"cov-chief-executive\""));
    let r = c
        .post(
            "/councils/coventry/reviews/coventry-2025/actions/new",
            &[
                ("title", "Review the DCS's span of control"),
                ("owner", "cov-chief-executive"),
                ("due-day", "30"),
                ("due-month", "9"),
                ("due-year", "2025"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(
        r.location(),
        Some("/councils/coventry/reviews/coventry-2025?done=action-added")
    );
    for (name, kind, area) in [
        ("Julie Newman", "contributor", "Legal"),
        ("Martin Reeves", "approver", ""),
    ] {
        let r = c
            .post(
                "/councils/coventry/reviews/coventry-2025/approvals/new",
                &[
                    ("name", name),
                    ("title", "Chief Legal Officer"),
                    ("kind", kind),
                    ("area", area),
                    ("sent-day", "7"),
                    ("sent-month", "6"),
                    ("sent-year", "2025"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        assert_eq!(
            r.location(),
            Some("/councils/coventry/reviews/coventry-2025?done=approval-added")
        );
    }
    let (body, version) = stored(&s, "coventry-2025").await.expect("stored");
    assert_eq!(version, 4);
    let keys: Vec<&str> = body
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "id",
            "council",
            "kind",
            "roles",
            "started",
            "reported_to",
            "actions",
            "approvals"
        ],
        "the writer's key order"
    );
    assert_eq!(
        body["actions"],
        serde_json::json!([{"title": "Review the DCS's span of control",
            "owner": "cov-chief-executive", "due": "2025-09-30"}])
    );
    assert_eq!(
        body["approvals"][1],
        serde_json::json!({"name": "Martin Reeves", "title": "Chief Legal Officer",
            "kind": "approver", "sent": "2025-06-07"}),
        "an empty area is left out"
    );
    let r = c.get("/councils/coventry/reviews/coventry-2025").await;
    assert!(r.body.contains("Review the DCS&#39;s span of control"));
    assert!(r.body.contains("30 September 2025"));
    assert!(r.body.contains("Julie Newman"));
    assert!(r.body.contains("7 June 2025"));
    assert!(r.body.contains("Awaiting"));
    let r = c.get("/councils/coventry/reviews").await;
    assert!(r.body.contains("0 of 1 approval received"));
}

#[tokio::test]
async fn an_editor_marks_an_action_done_with_the_small_form() {
    let s = people("review-done").await;
    let mut c = Client::signed_in(&s, "ed").await;
    let r = c.get("/councils/coventry/reviews/coventry-2023").await;
    assert!(
        r.body
            .contains("action=\"/councils/coventry/reviews/coventry-2023/actions/1/done\"")
    );
    let r = c
        .post(
            "/councils/coventry/reviews/coventry-2023/actions/1/done",
            &[
                ("done-day", "15"),
                ("done-month", "1"),
                ("done-year", "2024"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let (body, _) = stored(&s, "coventry-2023").await.expect("stored");
    assert_eq!(body["actions"][0]["done"], "2024-01-15");
    let r = c
        .get("/councils/coventry/reviews/coventry-2023?done=action-done")
        .await;
    assert!(r.body.contains("Action marked as done"));
    assert!(r.body.contains("15 January 2024"));
    // A row that is not there.
    let r = c
        .post(
            "/councils/coventry/reviews/coventry-2023/actions/9/done",
            &[
                ("done-day", "15"),
                ("done-month", "1"),
                ("done-year", "2024"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    // A date that is not one.
    let r = c
        .post(
            "/councils/coventry/reviews/coventry-2023/actions/1/done",
            &[
                ("done-day", "31"),
                ("done-month", "2"),
                ("done-year", "2024"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(
        r.body
            .contains("<a href=\"#done-day\">The date the action was done must be a real date</a>")
    );
}

#[tokio::test]
async fn an_editor_cannot_record_sign_off_but_an_approver_can() {
    let s = people("review-sign-off").await;
    let fields = [
        ("received-day", "21"),
        ("received-month", "6"),
        ("received-year", "2023"),
    ];
    // coventry-2017's fifth row, Councillor Ruane, has no response recorded.
    let url = "/councils/coventry/reviews/coventry-2017/approvals/5/sign-off";
    let mut e = Client::signed_in(&s, "ed").await;
    let r = e.get(url).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = e.post(url, &fields).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let (_, before) = stored(&s, "coventry-2017").await.expect("stored");

    let mut a = Client::signed_in(&s, "ann").await;
    let r = a.get("/councils/coventry/reviews/coventry-2017").await;
    assert!(r.body.contains(&format!("href=\"{url}\">Record sign-off")));
    let r = a.get(url).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("Record sign-off by Councillor Ruane"));
    let r = a
        .post(
            url,
            &[
                ("received-day", "1"),
                ("received-month", "1"),
                ("received-year", "2017"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "before it was sent");
    assert!(
        r.body.contains(
            "must be the same as or after the date the report was sent (11 January 2017)"
        )
    );
    let r = a
        .post(
            url,
            &[
                ("received-day", "13"),
                ("received-month", "1"),
                ("received-year", "2017"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(
        r.location(),
        Some("/councils/coventry/reviews/coventry-2017?done=signed-off")
    );
    let (body, after) = stored(&s, "coventry-2017").await.expect("stored");
    assert_eq!(after, before + 1);
    assert_eq!(body["approvals"][4]["received"], "2017-01-13");
    let r = a
        .get("/councils/coventry/reviews/coventry-2017?done=signed-off")
        .await;
    assert!(r.body.contains("Sign-off recorded"));
    assert!(r.body.contains("13 January 2017"));
}

#[tokio::test]
async fn a_viewer_cannot_start_or_change_a_review() {
    let s = people("review-viewer").await;
    let mut c = Client::signed_in(&s, "vic").await;
    let r = c.get("/councils/coventry/reviews/new").await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = c
        .post(
            "/councils/coventry/reviews/new",
            &new_review("coventry-2025"),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(stored(&s, "coventry-2025").await.is_none());
    for url in [
        "/councils/coventry/reviews/coventry-2019/edit",
        "/councils/coventry/reviews/coventry-2019/actions/new",
        "/councils/coventry/reviews/coventry-2019/actions/1/done",
        "/councils/coventry/reviews/coventry-2019/approvals/new",
        "/councils/coventry/reviews/coventry-2019/approvals/1/sign-off",
    ] {
        assert_eq!(c.get(url).await.status, StatusCode::FORBIDDEN, "{url}");
        assert_eq!(
            c.post(url, &[]).await.status,
            StatusCode::FORBIDDEN,
            "{url}"
        );
    }
}

#[tokio::test]
async fn a_user_of_another_council_gets_not_found() {
    let s = people("review-other").await;
    let mut c = Client::signed_in(&s, "sam").await;
    for url in [
        "/councils/coventry/reviews",
        "/councils/coventry/reviews/new",
        "/councils/coventry/reviews/coventry-2019",
        "/councils/coventry/reviews/coventry-2019/edit",
    ] {
        assert_eq!(c.get(url).await.status, StatusCode::NOT_FOUND, "{url}");
    }
    let r = c
        .post(
            "/councils/coventry/reviews/new",
            &new_review("coventry-2025"),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    // Nor can a review be reached through a council it does not belong to.
    let r = c.get("/councils/sandwell/reviews/coventry-2019").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = c.get("/councils/sandwell/reviews").await;
    assert_eq!(r.status, StatusCode::OK);
}

#[tokio::test]
async fn anonymous_visitors_are_sent_to_sign_in() {
    let s = people("review-anonymous").await;
    let mut c = Client::anonymous(&s);
    let r = c.get("/councils/coventry/reviews/coventry-2019").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(
        r.location(),
        Some("/login?next=%2Fcouncils%2Fcoventry%2Freviews%2Fcoventry-2019")
    );
    let r = c.get("/councils/coventry/reviews").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn missing_and_invalid_fields_re_render_the_form_with_the_error_summary_and_write_nothing() {
    let s = people("review-invalid").await;
    let mut c = Client::signed_in(&s, "ed").await;
    c.get("/councils/coventry/reviews/new").await;
    let audit = s.audit().await.expect("audit").len();
    let r = c
        .post(
            "/councils/coventry/reviews/new",
            &[
                ("id", "Coventry 2025"),
                ("started-day", "31"),
                ("started-month", "2"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains("<title>Error: Start a review"));
    assert!(r.body.contains("govuk-error-summary"));
    for (anchor, message) in [
        (
            "id",
            "The id must start with a lower-case letter or a digit",
        ),
        ("kind", "Select the kind of review"),
        ("roles", "Select the statutory roles the review covers"),
        (
            "started-day",
            "The date the review started must include a year",
        ),
    ] {
        assert!(
            r.body.contains(&format!("<a href=\"#{anchor}\">{message}")),
            "{anchor}: {}",
            r.body
        );
        assert!(
            r.body.contains(&format!("id=\"{anchor}\"")),
            "{anchor} exists"
        );
    }
    assert!(
        r.body.contains("value=\"Coventry 2025\""),
        "the values are kept"
    );
    assert!(r.body.contains("value=\"31\""));
    assert!(r.body.contains("aria-describedby=\"id-hint id-error\""));

    // A taken id.
    let r = c
        .post(
            "/councils/coventry/reviews/new",
            &new_review("coventry-2019"),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(
        r.body
            .contains("There is already a review with the id coventry-2019")
    );

    // An action with nothing in it.
    let r = c
        .post("/councils/coventry/reviews/coventry-2019/actions/new", &[])
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains("<title>Error: Add an action"));
    assert!(
        r.body
            .contains("<a href=\"#title\">Enter what needs to be done</a>")
    );
    assert!(
        r.body
            .contains("<a href=\"#owner\">Select the post that owns the action</a>")
    );
    assert!(
        r.body
            .contains("<a href=\"#due-day\">Enter the date the action is due</a>")
    );

    // A contributor with nothing in it.
    let r = c
        .post(
            "/councils/coventry/reviews/coventry-2019/approvals/new",
            &[],
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(
        r.body
            .contains("<a href=\"#name\">Enter the name of the contributor or approver</a>")
    );
    assert!(
        r.body
            .contains("<a href=\"#kind\">Select whether they are a contributor or an approver</a>")
    );
    assert!(
        r.body
            .contains("<a href=\"#sent-day\">Enter the date the report was sent to them</a>")
    );

    // Concluding without an outcome, and concluding before starting.
    let r = c.get("/councils/coventry/reviews/coventry-2023/edit").await;
    let version = stored(&s, "coventry-2023")
        .await
        .expect("stored")
        .1
        .to_string();
    assert!(
        r.body
            .contains(&format!("name=\"version\" value=\"{version}\""))
    );
    let r = c
        .post(
            "/councils/coventry/reviews/coventry-2023/edit",
            &[
                ("version", &version),
                ("kind", "statement_of_assurance"),
                ("roles", "dcs"),
                ("started-day", "1"),
                ("started-month", "6"),
                ("started-year", "2023"),
                ("concluded-day", "1"),
                ("concluded-month", "5"),
                ("concluded-year", "2023"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains("<title>Error: Edit review coventry-2023"));
    assert!(r.body.contains("<a href=\"#concluded-day\">The date the review concluded must be the same as or after the date it started (1 June 2023)</a>"));
    assert!(r.body.contains(
        "<a href=\"#outcome\">Select the outcome of the review, as it has concluded</a>"
    ));

    assert_eq!(
        s.audit().await.expect("audit").len(),
        audit,
        "nothing written"
    );
}

#[tokio::test]
async fn a_review_form_without_the_csrf_token_is_refused() {
    let s = people("review-csrf").await;
    let mut c = Client::signed_in(&s, "ed").await;
    let r = c
        .post_raw(
            "/councils/coventry/reviews/new",
            crate::encode(&new_review("coventry-2025")),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(stored(&s, "coventry-2025").await.is_none());
    let mut forged = vec![("csrf_token", "forged")];
    forged.extend(new_review("coventry-2025"));
    let r = c
        .post_raw("/councils/coventry/reviews/new", crate::encode(&forged))
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(stored(&s, "coventry-2025").await.is_none());
}

#[tokio::test]
async fn the_audit_log_names_the_user_who_changed_a_review() {
    let s = people("review-audit").await;
    let mut c = Client::signed_in(&s, "ed").await;
    c.get("/councils/coventry/reviews/new").await;
    let r = c
        .post(
            "/councils/coventry/reviews/new",
            &new_review("coventry-2025"),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let audit = s.audit().await.expect("audit");
    let last = audit.last().expect("an entry");
    assert_eq!(last.actor, "ed");
    assert_eq!(last.table, "reviews");
    assert_eq!(last.key, "coventry-2025");
    assert_eq!(last.council.as_deref(), Some("coventry"));
    let r = c.get("/audit?entity=coventry-2025").await;
    assert!(
        r.body.contains("<td class=\"govuk-table__cell\">ed</td>"),
        "{}",
        r.body
    );
}

#[tokio::test]
async fn editing_keeps_the_actions_and_approvals_and_a_stale_edit_gives_the_conflict_message() {
    let s = people("review-edit").await;
    let mut c = Client::signed_in(&s, "ed").await;
    let (before, version) = stored(&s, "coventry-2023").await.expect("stored");
    let r = c.get("/councils/coventry/reviews/coventry-2023/edit").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("value=\"statement_of_assurance\" checked"));
    assert!(
        r.body
            .contains("value=\"cov-chief-legal-officer\" selected")
    );
    assert!(r.body.contains("value=\"cov-council-2023-06-20\" checked"));
    let old = version.to_string();
    let fields = |outcome: &'static str, worried: &'static str| {
        vec![
            ("version", old.clone()),
            ("kind", "statement_of_assurance".to_owned()),
            ("roles", "dcs".to_owned()),
            ("started-day", "1".to_owned()),
            ("started-month", "6".to_owned()),
            ("started-year", "2023".to_owned()),
            ("concluded-day", "20".to_owned()),
            ("concluded-month", "6".to_owned()),
            ("concluded-year", "2023".to_owned()),
            ("outcome", outcome.to_owned()),
            ("opinion_by", "cov-chief-legal-officer".to_owned()),
            ("reported_to", "council".to_owned()),
            ("evidence", "cov-council-2023-06-20".to_owned()),
            ("evidence", "cov-statement-of-assurance-2023-06".to_owned()),
            (
                "opinion",
                before["opinion"].as_str().unwrap_or_default().to_owned(),
            ),
            ("worried_about", worried.to_owned()),
            (
                "needs_to_happen",
                before["needs_to_happen"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned(),
            ),
        ]
    };
    let first = fields(
        "assured_with_actions",
        "Interim arrangements\r\nlasting too long",
    );
    let pairs: Vec<(&str, &str)> = first.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = c
        .post("/councils/coventry/reviews/coventry-2023/edit", &pairs)
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(
        r.location(),
        Some("/councils/coventry/reviews/coventry-2023?done=saved")
    );
    let (after, _) = stored(&s, "coventry-2023").await.expect("stored");
    assert_eq!(after["outcome"], "assured_with_actions");
    assert_eq!(
        after["worried_about"],
        "Interim arrangements\nlasting too long"
    );
    assert_eq!(after["actions"], before["actions"], "the actions are kept");
    assert_eq!(
        after["approvals"], before["approvals"],
        "the approvals are kept"
    );
    let keys =
        |v: &Value| -> Vec<String> { v.as_object().expect("object").keys().cloned().collect() };
    let mut expected = keys(&before);
    expected.insert(
        expected
            .iter()
            .position(|k| k == "needs_to_happen")
            .expect("key"),
        "worried_about".to_owned(),
    );
    assert_eq!(keys(&after), expected, "the writer's key order");

    // The same form again, still based on the version it was shown with.
    let second = fields("assured", "");
    let pairs: Vec<(&str, &str)> = second.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = c
        .post("/councils/coventry/reviews/coventry-2023/edit", &pairs)
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(
        r.body
            .contains("Someone else changed this while you were editing it")
    );
    assert!(r.body.contains("<a href=\"#kind\">"));
    assert_eq!(
        stored(&s, "coventry-2023").await.expect("stored").0["outcome"],
        "assured_with_actions",
        "the stale edit wrote nothing"
    );
}
