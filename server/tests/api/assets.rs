//! The browser bundle as served: named by its content, kept by browsers for good,
//! sent compressed; pages compressed when the browser asks.

use crate::helpers::TestApp;

const BUNDLE: &str = "throughline-0123456789abcdef";

/// A site root as `scripts/build-site.sh release` leaves it: the files in a
/// folder named by their hash, each beside its brotli and gzip copies, the
/// folder's name in `bundle.txt`.
fn built_site() -> tempfile::TempDir {
    let site = tempfile::tempdir().expect("temporary directory");
    let bundle = site.path().join("pkg").join(BUNDLE);
    std::fs::create_dir_all(&bundle).unwrap();
    std::fs::write(site.path().join("bundle.txt"), format!("{BUNDLE}\n")).unwrap();
    let css = bundle.join("throughline.css");
    std::fs::write(&css, "main { display: grid; }").unwrap();
    std::fs::write(css.with_extension("css.br"), "brotli bytes").unwrap();
    std::fs::write(css.with_extension("css.gz"), "gzip bytes").unwrap();
    site
}

async fn fetch(app: &TestApp, path: &str, accept_encoding: &str) -> reqwest::Response {
    app.client
        .get(format!("{}{path}", app.address))
        .header("accept-encoding", accept_encoding)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn pages_ask_for_the_bundle_in_its_hashed_folder() {
    let site = built_site();
    let app =
        TestApp::empty_with_settings(&[("LEPTOS_SITE_ROOT", site.path().to_str().unwrap())]).await;
    let page = fetch(&app, "/setup", "identity").await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    for file in [
        format!("/pkg/{BUNDLE}/throughline.css"),
        format!("/pkg/{BUNDLE}/throughline.js"),
        format!("/pkg/{BUNDLE}/throughline_bg.wasm"),
    ] {
        assert!(html.contains(&file), "the page names {file}");
    }
}

#[tokio::test]
async fn the_bundle_is_kept_for_good_and_sent_in_the_compressed_copy_the_browser_accepts() {
    let site = built_site();
    let app =
        TestApp::empty_with_settings(&[("LEPTOS_SITE_ROOT", site.path().to_str().unwrap())]).await;
    let path = format!("/pkg/{BUNDLE}/throughline.css");
    for (accepted, encoding, body) in [
        ("br, gzip", Some("br"), "brotli bytes"),
        ("gzip", Some("gzip"), "gzip bytes"),
        ("identity", None, "main { display: grid; }"),
    ] {
        let answer = fetch(&app, &path, accepted).await;
        assert_eq!(answer.status(), 200, "{accepted}");
        assert_eq!(
            answer.headers()["cache-control"],
            "public, max-age=31536000, immutable",
            "{accepted}"
        );
        assert_eq!(
            answer
                .headers()
                .get("content-encoding")
                .map(|v| v.to_str().unwrap()),
            encoding,
            "{accepted}"
        );
        assert_eq!(answer.text().await.unwrap(), body, "{accepted}");
    }
    // A name no build made is not found, and nothing tells a browser to keep that.
    let missing = fetch(
        &app,
        "/pkg/throughline-ffffffffffffffff/throughline.css",
        "br",
    )
    .await;
    assert_eq!(missing.status(), 404);
    assert_ne!(
        missing
            .headers()
            .get("cache-control")
            .map(|v| v.to_str().unwrap()),
        Some("public, max-age=31536000, immutable")
    );
}

#[tokio::test]
async fn pages_and_answers_are_compressed_when_the_browser_accepts_it_and_never_kept() {
    let app = TestApp::empty().await;
    for accepted in ["br", "gzip"] {
        let page = fetch(&app, "/setup", accepted).await;
        assert_eq!(page.status(), 200);
        assert_eq!(page.headers()["content-encoding"], accepted);
        assert_eq!(page.headers()["cache-control"], "no-store");
    }
    let plain = fetch(&app, "/setup", "identity").await;
    assert!(plain.headers().get("content-encoding").is_none());
    assert!(plain.text().await.unwrap().contains("<html"));
}
