//! Stored markup injection (issue 13): whatever people type into a name or a text
//! reaches every page as text. Every kind of named thing is stored with a hostile
//! value that carries a marker (`X<n>`) naming the field it went into; then every
//! page that shows them is read raw. None of their markup may appear, and the
//! document's one `<title>` holds them escaped.

use serde_json::Value;

use crate::helpers::{column_id, created_id, TestApp, World};

#[tokio::test]
async fn markup_typed_into_any_name_reaches_every_page_as_text() {
    markup_stays_text(World::new().await).await;
}

#[tokio::test]
#[ignore = "needs THROUGHLINE_TEST_POSTGRES_URL (make test provides it)"]
async fn markup_typed_into_any_name_reaches_every_page_as_text_on_postgresql() {
    markup_stays_text(World::on(TestApp::empty_on_postgres().await).await).await;
}

// One payload per way out of a context; `n` says which stored field it went into.

/// Ends the `<title>` and redirects the reader.
fn refresh(n: u32) -> String {
    format!("X{n}</title><meta http-equiv=\"refresh\" content=\"0;url=https://evil.example/{n}\">")
}

/// Ends a double-quoted attribute, then the tag.
fn image(n: u32) -> String {
    format!("X{n}\"><img src=x onerror=alert({n})>")
}

fn script(n: u32) -> String {
    format!("X{n}<script>alert({n})</script>")
}

/// Ends a single-quoted attribute.
fn quote(n: u32) -> String {
    format!("X{n}' onmouseover='alert({n})")
}

/// Runs if it ever becomes a link.
fn link(n: u32) -> String {
    format!("javascript:alert({n})")
}

/// Ends a `<textarea>` (an edit form's value).
fn textarea(n: u32) -> String {
    format!("X{n}</textarea><svg onload=alert({n})>")
}

/// A page to read, and the stored name its `<title>` must show, if any.
struct Page {
    path: String,
    titled: Option<String>,
}

/// A page whose title names `name`.
fn titled(path: String, name: &str) -> Page {
    Page {
        path,
        titled: Some(name.to_owned()),
    }
}

/// A page that shows stored names, but not in its title.
fn plain(path: impl Into<String>) -> Page {
    Page {
        path: path.into(),
        titled: None,
    }
}

/// Stores the payloads in `world`, which starts with a plainly named vision and
/// product, and reads every page that shows them.
async fn markup_stays_text(world: World) {
    let vision = world.vision("Grow market share").await;
    let plain_product = world.product("Heavy-lift drone").await;
    let app = &world.admin;
    let mut pages = Vec::new();

    // The vision, renamed, and a theme under it.
    let tree = ok(app, "strategy_tree", &[]).await;
    let version = tree["visions"][0]["version"].to_string();
    ok(
        app,
        "save_vision",
        &[
            ("vision_id", &vision),
            ("version", &version),
            ("vision[title]", &refresh(1)),
            ("vision[statement]", &textarea(2)),
        ],
    )
    .await;
    let theme_title = image(3);
    ok(
        app,
        "save_theme",
        &[
            ("vision_id", &vision),
            ("theme[title]", &theme_title),
            ("theme[statement]", &quote(4)),
        ],
    )
    .await;
    let tree = ok(app, "strategy_tree", &[]).await;
    let theme = tree["visions"][0]["children"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["title"] == theme_title.as_str())
        .unwrap_or_else(|| panic!("the new theme in {tree}"))["id"]
        .as_str()
        .unwrap()
        .to_owned();

    // An epic under the theme, with its case in its text fields.
    let epic_title = refresh(5);
    let epic = created_id(
        app,
        "create_epic",
        &[
            ("epic[title]", &epic_title),
            ("epic[theme_id]", &theme),
            ("epic[description]", &textarea(6)),
            ("epic[hypothesis_for]", &script(7)),
            ("epic[owner]", &link(8)),
            ("epic[business_outcome]", &image(9)),
        ],
    )
    .await;
    pages.push(titled(format!("/epics/{epic}"), &epic_title));

    // A feature under it on the plainly named product.
    let feature_title = refresh(10);
    let feature = created_id(
        app,
        "create_feature",
        &[
            ("product_id", &plain_product),
            ("feature[title]", &feature_title),
            ("feature[epic_id]", &epic),
            ("feature[description]", &script(11)),
            ("feature[acceptance_criteria]", &textarea(12)),
        ],
    )
    .await;
    pages.push(titled(format!("/features/{feature}"), &feature_title));
    let plain_product_board = ok(app, "product_board", &[("product_id", &plain_product)]).await
        ["id"]
        .as_str()
        .unwrap()
        .to_owned();
    pages.push(plain(format!("/products/{plain_product}")));
    pages.push(plain(format!("/boards/{plain_product_board}/metrics")));
    pages.push(titled(
        format!("/boards/{plain_product_board}/metrics?within=epic:{epic}"),
        &epic_title,
    ));

    // A team and a product.
    let team_name = refresh(26);
    let team = created_id(
        app,
        "create_board",
        &[("kind", "team"), ("name", &team_name)],
    )
    .await;
    let product_name = refresh(27);
    let product = created_id(
        app,
        "create_board",
        &[("kind", "product"), ("name", &product_name)],
    )
    .await;
    let product_board = ok(app, "product_board", &[("product_id", &product)]).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    pages.push(titled(format!("/products/{product}"), &product_name));
    pages.push(titled(
        format!("/boards/{product_board}/metrics"),
        &product_name,
    ));

    // Two columns on the team's board.
    for (name, activity) in [(script(28), "active"), (textarea(29), "wait")] {
        ok(
            app,
            "add_column",
            &[
                ("team_id", &team),
                ("column[name]", &name),
                ("column[category]", "started"),
                ("column[activity]", activity),
            ],
        )
        .await;
    }
    let board = ok(app, "team_board", &[("team_id", &team)]).await;
    let board_id = board["id"].as_str().unwrap().to_owned();
    let started = column_id(&board, &script(28));
    pages.push(titled(format!("/teams/{team}"), &team_name));
    pages.push(titled(format!("/teams/{team}/columns"), &team_name));
    pages.push(titled(format!("/boards/{board_id}/limits"), &team_name));

    // Work items on the team's board: one under the feature, blocked, with its
    // texts; then one titled with each other payload. Two go to one person.
    let person = image(14);
    world.teammate(&team, &person, "person14@example.com").await;
    let under_feature = refresh(13);
    let first = created_id(
        app,
        "create_work_item",
        &[
            ("team_id", &team),
            ("item[title]", &under_feature),
            ("item[feature_id]", &feature),
            ("item[assignee]", &person),
            ("item[description]", &textarea(15)),
            ("item[blocked]", "on"),
            ("item[blocked_reason]", &script(16)),
        ],
    )
    .await;
    pages.push(titled(format!("/work-items/{first}"), &under_feature));
    let mut second = String::new();
    for title in [image(17), script(18), quote(19), link(20), textarea(21)] {
        let assignee = if title == quote(19) {
            person.as_str()
        } else {
            ""
        };
        let id = created_id(
            app,
            "create_work_item",
            &[
                ("team_id", &team),
                ("item[title]", &title),
                ("item[assignee]", assignee),
            ],
        )
        .await;
        if title == quote(19) {
            second = id.clone();
        }
        pages.push(titled(format!("/work-items/{id}"), &title));
    }
    // The second waits on the first, with a note: each page names the other, the
    // choices of the item to wait on name them all.
    ok(
        app,
        "add_dependency",
        &[
            ("item_id", &second),
            ("dependency[upstream_id]", &first),
            ("dependency[note]", &script(33)),
        ],
    )
    .await;
    pages.push(titled(format!("/boards/{board_id}/metrics"), &team_name));
    pages.push(titled(
        format!("/boards/{board_id}/metrics?within=feature:{feature}"),
        &feature_title,
    ));

    // WIP limits naming the person and the column.
    for form in [
        [
            ("limit[kind]", "person"),
            ("limit[person]", person.as_str()),
            ("limit[max]", "1"),
            ("limit[enforcement]", "soft"),
        ],
        [
            ("limit[kind]", "column"),
            ("limit[column_id]", started.as_str()),
            ("limit[max]", "5"),
            ("limit[enforcement]", "hard"),
        ],
    ] {
        let mut args = vec![("board_id", board_id.as_str())];
        args.extend_from_slice(&form);
        ok(app, "save_wip_limit", &args).await;
    }

    // A user, who moves both of the person's cards: the second goes over the soft
    // limit, with a reason, so the report names her, the item and the limit.
    let mallory_email = "mallory@example.com";
    let mallory_password = "a long enough password";
    ok(
        app,
        "create_user",
        &[
            ("email", mallory_email),
            ("display_name", &refresh(31)),
            ("role", "admin"),
            ("password", mallory_password),
        ],
    )
    .await;
    let mut mallory = app.clone();
    mallory.sign_in(mallory_email, mallory_password).await;
    for (item, reason) in [(&first, None), (&second, Some(textarea(30)))] {
        let board = ok(&mallory, "team_board", &[("team_id", &team)]).await;
        let version = card_version(&board, item);
        let mut args = vec![
            ("kind", "work_item"),
            ("item_id", item.as_str()),
            ("to_column_id", started.as_str()),
            ("version", version.as_str()),
        ];
        if let Some(reason) = &reason {
            args.push(("reason", reason.as_str()));
        }
        ok(&mallory, "move_item", &args).await;
    }

    // An outcome metric the epic claims, with a measurement for its chart.
    let metric_name = refresh(22);
    let metric = created_id(
        app,
        "create_metric",
        &[
            ("metric[name]", &metric_name),
            ("metric[unit]", &script(23)),
            ("metric[description]", &textarea(24)),
            ("metric[owner]", &quote(25)),
            ("metric[direction]", "decrease"),
            ("metric[baseline]", "10"),
            ("metric[baseline_date]", "2026-01-01"),
            ("metric[target]", "4"),
            ("metric[target_date]", "2027-01-01"),
        ],
    )
    .await;
    ok(
        app,
        "link_metric",
        &[("metric_id", &metric), ("item", &format!("epic:{epic}"))],
    )
    .await;
    ok(
        app,
        "record_measurement",
        &[("metric_id", &metric), ("measurement[value]", "7")],
    )
    .await;
    pages.push(titled(format!("/metrics/{metric}"), &metric_name));

    // An API token, listed on the account page.
    app.create_token(&image(32), &["read"]).await;

    // A file uploaded for import under a hostile name, onto the hostile team's
    // board: its preview is titled with it, the import page lists both.
    let trello = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/api/fixtures/trello-board.json"
    ))
    .unwrap();
    let file_name = quote(33);
    let uploaded = app
        .upload(
            "/admin/import/upload",
            &[("tool", "trello"), ("team_board_id", &board_id)],
            (&file_name, &trello),
        )
        .await;
    assert_eq!(uploaded.status(), 303);
    let preview = uploaded.headers()["location"].to_str().unwrap().to_owned();
    pages.push(titled(preview, &file_name));

    for path in [
        "/",
        "/dashboard",
        "/strategy",
        "/roadmap",
        "/dependencies",
        "/metrics",
        "/reports/wip",
        "/admin/users",
        "/admin/import",
        "/activity",
        "/account",
    ] {
        pages.push(plain(path));
    }

    // The signed-in user's own name shows on every page they read.
    let hers = [plain("/"), plain("/account")];
    let readers = pages
        .iter()
        .map(|page| (app, page))
        .chain(hers.iter().map(|page| (&mallory, page)));
    let mut faults = Vec::new();
    for (reader, page) in readers {
        let html = reader.page(&page.path).await;
        for fault in foreign_markup(&html)
            .into_iter()
            .chain(title_faults(&html, page.titled.as_deref()))
        {
            faults.push(format!("{}: {fault}", page.path));
        }
    }
    assert!(
        faults.is_empty(),
        "stored markup reached the page as markup:\n{}",
        faults.join("\n")
    );
}

/// Calls a server function that must succeed; returns its answer (null when it
/// answers nothing).
async fn ok(app: &TestApp, function: &str, form: &[(&str, &str)]) -> Value {
    let response = app.call(function, form).await;
    let status = response.status();
    let body = response.text().await.expect("response body");
    assert_eq!(status, 200, "{function}: {body}");
    serde_json::from_str(&body).unwrap_or(Value::Null)
}

fn card_version(board: &Value, id: &str) -> String {
    board["columns"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["cards"].as_array().unwrap())
        .find(|card| card["id"] == id)
        .unwrap_or_else(|| panic!("no card {id}"))["version"]
        .to_string()
}

/// Markup in `html` that the app never writes itself, each finding with the text
/// around it, so a failure shows which stored field leaked and where.
fn foreign_markup(html: &str) -> Vec<String> {
    const NEEDLES: [&str; 5] = [
        "<meta http-equiv=\"refresh\"",
        "<img src=x",
        "<script>alert",
        "<svg onload",
        "href=\"javascript:",
    ];
    const URL_ATTRIBUTES: [&str; 6] = [
        "href",
        "src",
        "action",
        "formaction",
        "xlink:href",
        "poster",
    ];
    let lower = html.to_ascii_lowercase();
    let mut found = Vec::new();
    for needle in NEEDLES {
        for (at, _) in lower.match_indices(needle) {
            found.push(format!("`{needle}` in …{}…", around(html, at)));
        }
    }
    // A quote payload is harmless as text and inside a double-quoted attribute,
    // so it is looked for as the browser would read it: as an attribute.
    for tag in start_tags(html) {
        let mut faults = Vec::new();
        if matches!(
            tag.name.as_str(),
            "img" | "iframe" | "object" | "embed" | "base"
        ) {
            faults.push(format!("an <{}> element", tag.name));
        }
        if tag.name == "script" && tag.text.trim_start().starts_with("alert(") {
            faults.push("a script of its own".to_owned());
        }
        for (name, value) in &tag.attributes {
            if name.starts_with("on") {
                faults.push(format!("an event handler `{name}` on <{}>", tag.name));
            }
            if tag.name == "meta" && name == "http-equiv" {
                faults.push(format!("a <meta http-equiv=\"{value}\">"));
            }
            if URL_ATTRIBUTES.contains(&name.as_str())
                && value.trim().to_ascii_lowercase().starts_with("javascript:")
            {
                faults.push(format!("a javascript: URL in `{name}` of <{}>", tag.name));
            }
        }
        for fault in faults {
            found.push(format!("{fault} in …{}…", around(html, tag.at)));
        }
    }
    found
}

/// What is wrong with the document's title: not exactly one `<title>` in the head,
/// markup left in its text, not the app's, or (with `name`) not naming `name` once
/// its character references are read.
fn title_faults(html: &str, name: Option<&str>) -> Vec<String> {
    let lower = html.to_ascii_lowercase();
    let head_end = lower.find("</head>").unwrap_or(html.len());
    let (head, lower_head) = (&html[..head_end], &lower[..head_end]);
    let opened = lower_head.matches("<title").count();
    let closed = lower_head.matches("</title").count();
    let (Some(open), Some(close), 1, 1) = (
        lower_head.find("<title"),
        lower_head.find("</title"),
        opened,
        closed,
    ) else {
        let from = lower_head.find("<title").unwrap_or(0);
        let shown: String = head[from..].chars().take(300).collect();
        return vec![format!(
            "{opened} <title> and {closed} </title> in the head, expected one: {shown}"
        )];
    };
    let start = head[open..].find('>').map_or(close, |end| open + end + 1);
    let raw = &head[start.min(close)..close];
    let mut faults = Vec::new();
    if raw.contains('<') {
        faults.push(format!("the title is not escaped: <title>{raw}</title>"));
    }
    let text = decoded(raw);
    if !text.ends_with(" · Throughline") {
        faults.push(format!("the title reads “{text}”, not “… · Throughline”"));
    }
    if let Some(name) = name {
        if !text.contains(name) {
            faults.push(format!("the title reads “{text}”, without “{name}”"));
        }
    }
    faults
}

/// A start tag as a browser's tokenizer reads it.
struct StartTag {
    /// Where it starts in the document.
    at: usize,
    /// Lower-cased.
    name: String,
    /// Lower-cased names, and values with their character references read.
    attributes: Vec<(String, String)>,
    /// The text of a raw-text element (`script`, `style`, `textarea`, `title`).
    text: String,
}

/// The start tags of `html`, read roughly as a browser does: comments and
/// declarations skipped, attribute values quoted either way or not at all, and a
/// raw-text element read to its end tag (so markup inside it is text). A `<title>`
/// inside an SVG is an ordinary element.
fn start_tags(html: &str) -> Vec<StartTag> {
    let lower = html.to_ascii_lowercase();
    let mut tags = Vec::new();
    let mut in_svg = false;
    let mut at = 0;
    while let Some(offset) = html[at..].find('<') {
        let open = at + offset;
        let rest = &lower[open..];
        let past = |end: &str| rest.find(end).map_or(html.len(), |e| open + e + end.len());
        if rest.starts_with("<!--") {
            at = past("-->");
        } else if rest.starts_with("<!") || rest.starts_with("<?") {
            at = past(">");
        } else if let Some(name) = rest.strip_prefix("</") {
            if name.starts_with("svg") {
                in_svg = false;
            }
            at = past(">");
        } else if rest[1..].starts_with(|c: char| c.is_ascii_alphabetic()) {
            let (mut tag, end) = start_tag(html, open);
            at = end;
            in_svg |= tag.name == "svg";
            let raw_text = matches!(tag.name.as_str(), "script" | "style" | "textarea")
                || (tag.name == "title" && !in_svg);
            if raw_text {
                let close = format!("</{}", tag.name);
                let stop = lower[at..].find(&close).map_or(html.len(), |e| at + e);
                tag.text = html[at..stop].to_owned();
                at = stop;
            }
            tags.push(tag);
        } else {
            at = open + 1;
        }
    }
    tags
}

/// The start tag whose `<` is at `open`, and where it ends.
fn start_tag(html: &str, open: usize) -> (StartTag, usize) {
    let bytes = html.as_bytes();
    let ends_name = |b: u8| b.is_ascii_whitespace() || b == b'/' || b == b'>';
    let mut i = open + 1;
    while i < bytes.len() && !ends_name(bytes[i]) {
        i += 1;
    }
    let mut tag = StartTag {
        at: open,
        name: html[open + 1..i].to_ascii_lowercase(),
        attributes: Vec::new(),
        text: String::new(),
    };
    loop {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
            i += 1;
        }
        if i >= bytes.len() {
            break;
        }
        if bytes[i] == b'>' {
            i += 1;
            break;
        }
        let name_start = i;
        i += 1;
        while i < bytes.len() && !ends_name(bytes[i]) && bytes[i] != b'=' {
            i += 1;
        }
        let name = html[name_start..i].to_ascii_lowercase();
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = "";
        if i < bytes.len() && bytes[i] == b'=' {
            i += 1;
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            match bytes.get(i) {
                Some(&quote @ (b'"' | b'\'')) => {
                    let start = i + 1;
                    i = start;
                    while i < bytes.len() && bytes[i] != quote {
                        i += 1;
                    }
                    value = &html[start..i];
                    i = (i + 1).min(bytes.len());
                }
                _ => {
                    let start = i;
                    while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>' {
                        i += 1;
                    }
                    value = &html[start..i];
                }
            }
        }
        tag.attributes.push((name, decoded(value)));
    }
    (tag, i)
}

/// `text` with its character references replaced by the characters they name.
fn decoded(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let reference = rest[1..]
            .find(';')
            .filter(|end| *end <= 10)
            .map(|end| &rest[1..1 + end]);
        let character = reference.and_then(|r| match r {
            "lt" => Some('<'),
            "gt" => Some('>'),
            "amp" => Some('&'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => r
                .strip_prefix("#x")
                .or_else(|| r.strip_prefix("#X"))
                .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                .or_else(|| r.strip_prefix('#').and_then(|dec| dec.parse::<u32>().ok()))
                .and_then(char::from_u32),
        });
        match (reference, character) {
            (Some(reference), Some(character)) => {
                out.push(character);
                rest = &rest[reference.len() + 2..];
            }
            _ => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Up to 80 bytes of `html` either side of `at`.
fn around(html: &str, at: usize) -> &str {
    let mut start = at.saturating_sub(80);
    while !html.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = (at + 80).min(html.len());
    while !html.is_char_boundary(end) {
        end += 1;
    }
    &html[start..end]
}

/// The checks themselves, on HTML written by hand: they find what they are for and
/// nothing in well-escaped markup.
#[test]
fn the_checks_tell_escaped_text_from_markup() {
    let escaped = "<html><head><title>X1&lt;/title&gt;&lt;meta http-equiv=&quot;refresh&quot;&gt; · Throughline</title></head>\
        <body><h3 title=\"X4' onmouseover='alert(4)\">X4' onmouseover='alert(4)</h3>\
        <textarea>X6&lt;/textarea&gt;&lt;svg onload=alert(6)&gt;</textarea>\
        <input value=\"X2&quot;&gt;&lt;img src=x onerror=alert(2)&gt;\">\
        <svg><title>X3&lt;script&gt;alert(3)&lt;/script&gt;</title></svg>\
        <script>__RESOLVED_RESOURCES=[\"X3\\u003cscript>alert(3)\"]</script></body></html>";
    assert_eq!(foreign_markup(escaped), Vec::<String>::new());
    assert_eq!(
        title_faults(escaped, Some("X1</title><meta http-equiv=\"refresh\">")),
        Vec::<String>::new()
    );

    let leaked = [
        "<title>X1</title><meta http-equiv=\"refresh\" content=\"0;url=https://evil.example/1\"> · Throughline</title>",
        "<input value=\"X2\"><img src=x onerror=alert(2)>\">",
        "<h3>X3<script>alert(3)</script></h3>",
        "<h3 title='X4' onmouseover='alert(4)'>",
        "<a href=\"javascript:alert(5)\">",
        "<textarea>X6</textarea><svg onload=alert(6)></textarea>",
    ];
    for html in leaked {
        assert!(!foreign_markup(html).is_empty(), "{html}");
    }
    assert!(!title_faults(leaked[0], None).is_empty());
    assert!(!title_faults(
        "<head><title>X3<script>alert(3)</script> · Throughline</title></head>",
        None
    )
    .is_empty());
}
