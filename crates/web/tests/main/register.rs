//! The register pages: each table listable at a date and editable with GOV.UK forms.

use crate::{Client, Reply, encode, store, user};
use assure_store::{Change, Role, Store};
use assure_store_sqlite::SqliteStore;
use axum::http::StatusCode;

/// John Gregg's appointment as Director of Children's Services (the DCS post from 2019-04-01).
const GREGG: &str = "appointment:cov-director-childrens-services/p-cov-john-gregg/2015-10-01";
/// The DCS designation of the Director of Children's Services post.
const DCS_DESIGNATION: &str = "designation:coventry/dcs/cov-director-childrens-services/2019-04-01";

fn enc(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

fn edit_url(table: &str, key: &str) -> String {
    format!("/councils/coventry/register/{table}/edit?key={}", enc(key))
}

fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&#34;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#38;", "&")
        .replace("&amp;", "&")
}

/// The value of `attr` in one tag's text.
fn attr(tag: &str, attr: &str) -> Option<String> {
    let marker = format!(" {attr}=\"");
    let start = tag.find(&marker)? + marker.len();
    let end = tag[start..].find('"')? + start;
    Some(unescape(&tag[start..end]))
}

/// What a browser would send for the first form with `method="post"` on the page, as shown:
/// text and hidden inputs, ticked checkboxes, selected options and text areas (the CSRF token
/// is left out: [`Client::post`] adds it).
fn form_fields(html: &str) -> Vec<(String, String)> {
    let start = html
        .find("<form method=\"post\" action=\"/councils")
        .expect("a form");
    let end = html[start..].find("</form>").expect("the form ends") + start;
    let form = &html[start..end];
    let mut out = Vec::new();
    let mut rest = form;
    while let Some(i) = rest.find('<') {
        rest = &rest[i..];
        let tag_end = rest.find('>').unwrap_or(rest.len());
        let tag = &rest[..tag_end];
        if tag.starts_with("<input") {
            let name = attr(tag, "name").unwrap_or_default();
            let checkbox = attr(tag, "type").as_deref() == Some("checkbox");
            if name != "csrf_token" && (!checkbox || tag.contains(" checked")) {
                out.push((name, attr(tag, "value").unwrap_or_default()));
            }
        } else if tag.starts_with("<select") {
            let name = attr(tag, "name").unwrap_or_default();
            let close = rest.find("</select>").unwrap_or(rest.len());
            let value = rest[..close]
                .split("<option")
                .skip(1)
                .find(|o| o.contains(" selected"))
                .and_then(|o| attr(o, "value"))
                .unwrap_or_default();
            out.push((name, value));
        } else if tag.starts_with("<textarea") {
            let name = attr(tag, "name").unwrap_or_default();
            let close = rest.find("</textarea>").unwrap_or(rest.len());
            out.push((name, unescape(&rest[tag_end + 1..close])));
        }
        rest = &rest[1..];
    }
    out
}

/// `fields` with each of `changes` set (added when missing).
fn with(mut fields: Vec<(String, String)>, changes: &[(&str, &str)]) -> Vec<(String, String)> {
    for (k, v) in changes {
        match fields.iter_mut().find(|(name, _)| name == k) {
            Some(f) => f.1 = (*v).to_owned(),
            None => fields.push(((*k).to_owned(), (*v).to_owned())),
        }
    }
    fields
}

async fn post_fields(c: &mut Client, uri: &str, fields: &[(String, String)]) -> Reply {
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    c.post(uri, &pairs).await
}

/// Opens the form at `uri`, changes `changes` and sends it, as a person in a browser would.
async fn fill_in(c: &mut Client, uri: &str, changes: &[(&str, &str)]) -> Reply {
    let form = c.get(uri).await;
    assert_eq!(form.status, StatusCode::OK, "{uri}: {}", form.body);
    let fields = with(form_fields(&form.body), changes);
    post_fields(c, uri, &fields).await
}

async fn audit_len(s: &SqliteStore) -> usize {
    s.audit().await.expect("audit").len()
}

/// The status of `rule` for Coventry on `at`, from the JSON API.
async fn status(c: &mut Client, rule: &str, at: &str) -> String {
    let r = c
        .get(&format!("/api/v1/councils/coventry/findings?at={at}"))
        .await;
    let json: serde_json::Value = serde_json::from_str(&r.body).expect("json");
    json["councils"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .find(|f| f["rule"] == rule)
        .and_then(|f| f["status"].as_str())
        .unwrap_or_default()
        .to_owned()
}

async fn editor(s: &SqliteStore) -> Client {
    user(s, "cov", &[("coventry", Role::Editor)]).await;
    Client::signed_in(s, "cov").await
}

#[tokio::test]
async fn the_register_lists_coventrys_designations_on_12_february_2019_with_an_org_chart_and_a_list_alternative()
 {
    let s = store("register-page").await;
    let mut c = Client::signed_in(&s, "viewer").await;
    let r = c.get("/councils/coventry/register?at=2019-02-12").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let b = &r.body;
    assert!(b.contains("<title>Register of Coventry City Council on 12 February 2019"));
    assert!(b.contains(
        "<h1 class=\"govuk-heading-l\">Register of Coventry City Council on 12 February 2019</h1>"
    ));
    assert!(b.contains("<caption class=\"govuk-table__caption govuk-table__caption--s\">Designations on 12 February 2019</caption>"));
    // The DCS then: the Deputy Chief Executive (People), held by Gail Quinton.
    assert!(b.contains(
        "<th scope=\"row\" class=\"govuk-table__header\">Director of Children&#39;s Services</th>"
    ));
    assert!(b.contains("1 September 2018 to 31 March 2019"));
    assert!(b.contains("Gail Quinton"));
    // Designations not in force on the day are not listed.
    assert!(!b.contains("1 April 2019 to 29 June 2023"));
    // The org chart: an SVG image with a title and a description, and a list with the same.
    assert!(b.contains("role=\"img\" aria-labelledby=\"org-title org-desc\""));
    assert!(b.contains(
        "<title id=\"org-title\">Reporting lines of Coventry City Council on 12 February 2019</title>"
    ));
    assert!(b.contains("<desc id=\"org-desc\">"));
    assert!(
        !b.contains("style="),
        "no inline styles (the CSP forbids them)"
    );
    assert!(b.contains("The reporting lines as a list"));
    assert!(
        b.contains("<li>Deputy Chief Executive (People): Gail Quinton (statutory roles: DCS, DASS)<ul class=\"govuk-list govuk-list--bullet\"><li>Director of Children&#39;s Services: John Gregg"),
        "the Director of Children's Services is listed under the DCE (People)"
    );
    // A viewer is not offered changes.
    assert!(!b.contains("/edit?key="));
    assert!(!b.contains("Add a designation"));
    for id in [
        "people",
        "posts",
        "appointments",
        "designations",
        "reporting_lines",
        "memberships",
        "documents",
        "events",
    ] {
        assert!(b.contains(&format!("id=\"{id}\"")), "{id}");
    }
}

#[tokio::test]
async fn an_editor_is_offered_change_and_add_links_with_the_key_in_the_query() {
    let s = store("register-editor-links").await;
    let mut c = editor(&s).await;
    let r = c
        .get("/councils/coventry/register?day=12&month=2&year=2019")
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains(
        "href=\"/councils/coventry/register/designations/new?at=2019-02-12\">Add a designation</a>"
    ));
    let key = "designation:coventry/dcs/cov-deputy-chief-executive-people/2018-09-01";
    assert!(
        r.body.contains(&format!(
            "href=\"/councils/coventry/register/designations/edit?key={}&#38;at=2019-02-12\">Change<span class=\"govuk-visually-hidden\"> designation: Director of Children&#39;s Services, Deputy Chief Executive (People)</span></a>",
            enc(key)
        )),
        "{}",
        r.body
    );
}

#[tokio::test]
async fn a_bad_date_re_renders_the_register_with_the_error_summary() {
    let s = store("register-bad-date").await;
    let mut c = Client::signed_in(&s, "viewer").await;
    let r = c
        .get("/councils/coventry/register?day=30&month=2&year=2019")
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains("<title>Error: Register of"));
    assert!(
        r.body
            .contains("<a href=\"#at-day\">Date must be a real date</a>")
    );
}

#[tokio::test]
async fn a_viewer_can_neither_open_nor_post_a_form() {
    let s = store("register-viewer").await;
    let mut c = Client::signed_in(&s, "viewer").await;
    let before = audit_len(&s).await;
    for uri in [
        edit_url("appointments", GREGG),
        "/councils/coventry/register/designations/new".to_owned(),
        format!(
            "/councils/coventry/register/appointments/delete?key={}",
            enc(GREGG)
        ),
    ] {
        let r = c.get(&uri).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "GET {uri}");
        let r = c.post(&uri, &[("version", "1"), ("to-day", "31")]).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "POST {uri}");
    }
    assert_eq!(audit_len(&s).await, before);
}

#[tokio::test]
async fn a_coventry_editor_cannot_edit_sandwell_and_anonymous_visitors_are_sent_to_sign_in() {
    let s = store("register-scope").await;
    let mut c = editor(&s).await;
    let r = c.get("/councils/sandwell/register").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = c.get("/councils/sandwell/register/designations/new").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = c
        .post(
            "/councils/sandwell/register/designations/new",
            &[("role", "dcs")],
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    // Nor reach another council's entry through its own pages.
    let sandwell = s
        .current(None)
        .await
        .expect("current")
        .into_iter()
        .find(|v| v.table == "designations" && v.council.as_deref() == Some("sandwell"))
        .expect("a Sandwell designation");
    let r = c.get(&edit_url("designations", &sandwell.key)).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let mut a = Client::anonymous(&s);
    let r = a.get("/councils/coventry/register?at=2019-02-12").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(
        r.location(),
        Some("/login?next=%2Fcouncils%2Fcoventry%2Fregister%3Fat%3D2019-02-12")
    );
    let r = a.get(&edit_url("appointments", GREGG)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(r.location().unwrap_or_default().starts_with("/login?next="));
}

#[tokio::test]
async fn a_form_posted_without_the_csrf_token_is_refused_and_changes_nothing() {
    let s = store("register-csrf").await;
    let mut c = editor(&s).await;
    let before = audit_len(&s).await;
    let form = c.get(&edit_url("appointments", GREGG)).await;
    let fields = with(
        form_fields(&form.body),
        &[("to-day", "31"), ("to-month", "3"), ("to-year", "2021")],
    );
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let r = c
        .post_raw(&edit_url("appointments", GREGG), encode(&pairs))
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let mut forged = pairs.clone();
    forged.push(("csrf_token", "forged"));
    let r = c
        .post_raw(&edit_url("appointments", GREGG), encode(&forged))
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(audit_len(&s).await, before);
}

#[tokio::test]
async fn invalid_designations_re_render_with_the_error_summary_and_write_nothing() {
    let s = store("register-invalid").await;
    let mut c = editor(&s).await;
    let before = audit_len(&s).await;
    let uri = "/councils/coventry/register/designations/new";
    let good = [
        ("at", "2021-04-01"),
        ("role", "dcs"),
        ("post", "cov-deputy-chief-executive-people"),
        ("from-day", "1"),
        ("from-month", "4"),
        ("from-year", "2021"),
        ("basis", "interim"),
        ("decision", "Chief Executive's decision"),
    ];
    let send = |changes: &[(&'static str, &'static str)]| {
        let mut fields: Vec<(&str, &str)> = good.to_vec();
        for (k, v) in changes {
            match fields.iter_mut().find(|(n, _)| n == k) {
                Some(f) => f.1 = v,
                None => fields.push((k, v)),
            }
        }
        fields
    };

    // `to` before `from`.
    let fields = send(&[("to-day", "31"), ("to-month", "3"), ("to-year", "2021")]);
    let r = c.post(uri, &fields).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains("<title>Error: Add a designation"));
    assert!(r.body.contains("govuk-error-summary"));
    assert!(
        r.body.contains(
            "<a href=\"#to-day\">End date must be the same as or after the start date</a>"
        )
    );
    assert!(r.body.contains("govuk-form-group--error"));
    assert!(r.body.contains("aria-describedby=\"to-hint to-error\""));
    // What was typed is kept.
    assert!(r.body.contains(
        "id=\"to-year\" name=\"to-year\" type=\"text\" inputmode=\"numeric\" value=\"2021\""
    ));
    assert!(r.body.contains("value=\"Chief Executive&#39;s decision\""));
    assert!(r.body.contains("<option value=\"interim\" selected>"));

    // A required field left empty.
    let r = c.post(uri, &send(&[("post", "")])).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains("<a href=\"#post\">Select the post</a>"));
    assert!(
        r.body
            .contains("class=\"govuk-select govuk-select--error\" id=\"post\"")
    );

    // A date that is not a date.
    let r = c
        .post(uri, &send(&[("from-day", "31"), ("from-month", "2")]))
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(
        r.body
            .contains("<a href=\"#from-day\">Start date must be a real date</a>")
    );

    // A post the register does not know: the store's validation says so, on the field.
    let r = c.post(uri, &send(&[("post", "no-such-post")])).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(
        r.body
            .contains("<a href=\"#post\">Unknown post `no-such-post`</a>"),
        "{}",
        r.body
    );
    assert!(
        r.body
            .contains("<option value=\"no-such-post\" selected>no-such-post</option>")
    );

    assert_eq!(audit_len(&s).await, before, "nothing was written");
}

#[tokio::test]
async fn recording_a_resignation_and_an_interim_designation_changes_the_dashboard() {
    let s = store("register-resignation").await;
    let mut c = editor(&s).await;
    let at = "2021-04-01";
    assert_eq!(status(&mut c, "dcs_designated", at).await, "pass");

    // John Gregg resigns: his last day is 31 March 2021.
    let r = fill_in(
        &mut c,
        &format!("{}&at={at}", edit_url("appointments", GREGG)),
        &[("to-day", "31"), ("to-month", "3"), ("to-year", "2021")],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(
        r.location(),
        Some("/councils/coventry/register?at=2021-03-31&done=appointments-updated#appointments")
    );
    let page = c.get(r.location().unwrap_or_default()).await;
    assert!(page.body.contains("govuk-notification-banner--success"));
    assert!(page.body.contains("Appointment updated"));
    assert_eq!(
        status(&mut c, "dcs_designated", at).await,
        "fail",
        "the DCS post is vacant"
    );
    assert_eq!(status(&mut c, "dcs_designated", "2021-03-31").await, "pass");
    let dashboard = c.get(&format!("/councils/coventry?at={at}")).await;
    assert!(dashboard.body.contains("Vacant"));

    // The Deputy Chief Executive (People) is designated DCS on an interim basis from the next day.
    let r = fill_in(
        &mut c,
        &format!("/councils/coventry/register/designations/new?at={at}"),
        &[
            ("role", "dcs"),
            ("post", "cov-deputy-chief-executive-people"),
            ("from-day", "1"),
            ("from-month", "4"),
            ("from-year", "2021"),
            ("basis", "interim"),
            ("decision", "Chief Executive, 30 March 2021"),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = c.get(r.location().unwrap_or_default()).await;
    assert!(page.body.contains("Designation added"));
    assert!(
        page.body
            .contains("Two designations of the DCS of coventry overlap"),
        "the old designation still runs: {}",
        page.body
    );
    assert_eq!(
        status(&mut c, "dcs_designated", at).await,
        "fail",
        "two DCS designations"
    );

    // The old designation ends with the resignation.
    let r = fill_in(
        &mut c,
        &format!("{}&at={at}", edit_url("designations", DCS_DESIGNATION)),
        &[("to-day", "31"), ("to-month", "3"), ("to-year", "2021")],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(status(&mut c, "dcs_designated", at).await, "pass");
    let dashboard = c.get(&format!("/councils/coventry?at={at}")).await;
    assert!(
        dashboard.body.contains(
            "Gail Quinton <strong class=\"govuk-tag govuk-tag--yellow\">Interim</strong>"
        ),
        "{}",
        dashboard.body
    );
    let register = c.get(&format!("/councils/coventry/register?at={at}")).await;
    assert!(
        register.body.contains(
            "Gail Quinton <strong class=\"govuk-tag govuk-tag--yellow\">Interim</strong>"
        )
    );

    // The new designation has the key the domain writer would give it.
    let key = "designation:coventry/dcs/cov-deputy-chief-executive-people/2021-04-01";
    let stored = assure_web::service::entry(&s, "designations", key)
        .await
        .expect("reads")
        .expect("stored");
    assert_eq!(
        stored.body,
        serde_json::json!({
            "council": "coventry",
            "role": "dcs",
            "post": "cov-deputy-chief-executive-people",
            "from": "2021-04-01",
            "basis": "interim",
            "decision": "Chief Executive, 30 March 2021"
        })
    );
    assert_eq!(stored.council.as_deref(), Some("coventry"));
}

#[tokio::test]
async fn the_audit_log_names_the_editor_who_made_the_change() {
    let s = store("register-audit").await;
    let mut c = editor(&s).await;
    let r = fill_in(
        &mut c,
        &edit_url("appointments", GREGG),
        &[("to-day", "31"), ("to-month", "3"), ("to-year", "2021")],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let last = s.audit().await.expect("audit").pop().expect("an entry");
    assert_eq!(last.actor, "cov");
    assert_eq!(last.key, GREGG);
    assert_eq!(last.council.as_deref(), Some("coventry"));
    let r = c.get(&format!("/audit?entity={}", enc(GREGG))).await;
    assert!(
        r.body.contains("<td class=\"govuk-table__cell\">cov</td>"),
        "{}",
        r.body
    );
    assert!(r.body.contains("to: 2023-06-29 \u{2192} 2021-03-31"));
}

#[tokio::test]
async fn a_stale_edit_re_renders_with_the_conflict_message_and_keeps_the_other_change() {
    let s = store("register-stale").await;
    let mut c = editor(&s).await;
    let uri = edit_url("appointments", GREGG);
    let form = c.get(&uri).await;
    let mine = with(
        form_fields(&form.body),
        &[("to-day", "31"), ("to-month", "3"), ("to-year", "2021")],
    );
    // Someone else changes the appointment in the meantime.
    let current = assure_web::service::entry(&s, "appointments", GREGG)
        .await
        .expect("reads")
        .expect("stored");
    let mut theirs = current.body.clone();
    theirs["fte"] = serde_json::json!(0.8);
    s.apply(
        "someone-else",
        vec![Change::Put {
            table: "appointments".into(),
            key: GREGG.into(),
            council: Some("coventry".into()),
            body: theirs.clone(),
            base: Some(current.version),
        }],
    )
    .await
    .expect("their change");
    let r = post_fields(&mut c, &uri, &mine).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains("<title>Error: Change an appointment"));
    assert!(
        r.body
            .contains("Someone else changed this while you were editing it")
    );
    assert!(r.body.contains("<a href=\"#person\">"));
    let after = assure_web::service::entry(&s, "appointments", GREGG)
        .await
        .expect("reads")
        .expect("stored");
    assert_eq!(after.body, theirs, "their change stands");
}

#[tokio::test]
async fn every_table_has_add_and_change_forms_with_a_label_for_every_input() {
    let s = store("register-forms").await;
    let mut c = editor(&s).await;
    let page = c.get("/councils/coventry/register?at=2019-10-01").await;
    for table in [
        "people",
        "posts",
        "appointments",
        "designations",
        "reporting_lines",
        "responsibilities",
        "delivery",
        "bodies",
        "memberships",
        "documents",
        "events",
    ] {
        let r = c
            .get(&format!("/councils/coventry/register/{table}/new"))
            .await;
        assert_eq!(r.status, StatusCode::OK, "{table}: {}", r.body);
        assert!(r.body.contains("name=\"csrf_token\""));
        for (name, _) in form_fields(&r.body) {
            if ["at", "version"].contains(&name.as_str()) {
                continue;
            }
            assert!(
                r.body.contains(&format!("for=\"{name}\""))
                    || r.body.contains(&format!("for=\"{name}-"))
                    || r.body.contains("govuk-checkboxes__input"),
                "{table}: a label for {name}"
            );
        }
        let marker = format!("/councils/coventry/register/{table}/edit?key=");
        if let Some(i) = page.body.find(&marker) {
            let end = page.body[i..].find('"').expect("href ends") + i;
            let href = unescape(&page.body[i..end]);
            let r = c.get(&href).await;
            assert_eq!(r.status, StatusCode::OK, "{href}: {}", r.body);
            assert!(r.body.contains("name=\"version\""), "{href}");
            assert!(r.body.contains("Delete this"), "{href}");
        } else {
            assert!(
                table == "delivery",
                "{table} has an entry in force in Coventry"
            );
        }
    }
}

#[tokio::test]
async fn deleting_asks_for_confirmation_then_removes_the_entry() {
    let s = store("register-delete").await;
    let mut c = editor(&s).await;
    let key = "reporting_line:cov-director-education/cov-deputy-chief-executive-people/2018-09-01";
    let uri = format!(
        "/councils/coventry/register/reporting_lines/delete?key={}&at=2019-02-12",
        enc(key)
    );
    let r = c.get(&uri).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.body
            .contains("Are you sure you want to delete this reporting line?")
    );
    assert!(r.body.contains("Director of Education and Skills"));
    let fields = form_fields(&r.body);
    let r = post_fields(&mut c, &uri, &fields).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(
        r.location(),
        Some(
            "/councils/coventry/register?at=2019-02-12&done=reporting_lines-deleted#reporting_lines"
        )
    );
    assert!(
        assure_web::service::entry(&s, "reporting_lines", key)
            .await
            .expect("reads")
            .is_none()
    );
    let page = c.get(r.location().unwrap_or_default()).await;
    assert!(page.body.contains("Reporting line deleted"));
    // Sending the same confirmation again finds nothing to delete.
    let r = post_fields(&mut c, &uri, &fields).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn deleting_a_post_still_in_use_is_refused_with_the_reason() {
    let s = store("register-delete-in-use").await;
    let mut c = editor(&s).await;
    let before = audit_len(&s).await;
    let uri = format!(
        "/councils/coventry/register/posts/delete?key={}",
        enc("cov-director-childrens-services")
    );
    let r = c.get(&uri).await;
    let r = post_fields(&mut c, &uri, &form_fields(&r.body)).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains("<a href=\"#confirm\">"), "{}", r.body);
    assert!(
        r.body
            .contains("unknown post `cov-director-childrens-services`")
    );
    assert_eq!(audit_len(&s).await, before);
}

#[tokio::test]
async fn new_people_and_posts_are_keyed_by_their_id_and_a_taken_id_is_refused() {
    let s = store("register-ids").await;
    let mut c = editor(&s).await;
    let r = c
        .post(
            "/councils/coventry/register/people/new",
            &[
                ("id", "p-cov-new-director"),
                ("name", "A New Director"),
                ("at", "2024-01-01"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = c.get(r.location().unwrap_or_default()).await;
    assert!(page.body.contains("Person added"));
    assert!(
        page.body.contains("A New Director"),
        "a new person is listed"
    );
    let r = c
        .post(
            "/councils/coventry/register/people/new",
            &[("id", "p-cov-new-director"), ("name", "Someone Else")],
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(
        r.body.contains(
            "<a href=\"#id\">There is already a person with the id p-cov-new-director</a>"
        )
    );
    let r = c
        .post(
            "/councils/coventry/register/people/new",
            &[("id", "Not An Id"), ("name", "Someone Else")],
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains("Id must use only lower-case letters"));

    let r = c
        .post(
            "/councils/coventry/register/posts/new",
            &[
                ("id", "cov-director-of-childrens-social-care"),
                ("title", "Director of Children's Social Care"),
                ("kind", "officer"),
                ("from-day", "1"),
                ("from-month", "1"),
                ("from-year", "2024"),
                ("reports_to", "cov-chief-partnerships-officer"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let stored = assure_web::service::entry(&s, "posts", "cov-director-of-childrens-social-care")
        .await
        .expect("reads")
        .expect("stored");
    assert_eq!(
        serde_json::to_string(&stored.body).expect("json"),
        r#"{"id":"cov-director-of-childrens-social-care","org":"coventry","title":"Director of Children's Social Care","kind":"officer","from":"2024-01-01","reports_to":"cov-chief-partnerships-officer"}"#
    );
    let page = c.get("/councils/coventry/register?at=2024-01-01").await;
    assert!(
        page.body
            .contains("<li>Director of Children&#39;s Social Care: Vacant</li>"),
        "in the chart's list under the CPO"
    );
}

#[tokio::test]
async fn a_repeated_fact_gets_the_next_key_and_a_person_keeps_their_councillor_periods() {
    let s = store("register-repeat").await;
    let mut c = editor(&s).await;
    let fields = [
        ("post", "cov-director-education"),
        ("functions", "education"),
        ("functions", "other"),
        ("from-day", "1"),
        ("from-month", "10"),
        ("from-year", "2015"),
    ];
    let r = c
        .post("/councils/coventry/register/responsibilities/new", &fields)
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let stored = assure_web::service::entry(
        &s,
        "responsibilities",
        "responsibility:cov-director-education/2015-10-01#2",
    )
    .await
    .expect("reads")
    .expect("stored with #2");
    assert_eq!(
        stored.body["functions"],
        serde_json::json!(["education", "other"])
    );

    let uri = edit_url("people", "p-cov-cllr-seaman");
    let r = fill_in(&mut c, &uri, &[("name", "Councillor Pat Seaman")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let person = assure_web::service::entry(&s, "people", "p-cov-cllr-seaman")
        .await
        .expect("reads")
        .expect("stored");
    assert_eq!(person.body["name"], "Councillor Pat Seaman");
    assert_eq!(person.body["councillor"][0]["council"], "coventry");
}
