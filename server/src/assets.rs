//! The browser bundle: its content-hashed name, and serving it so that a browser
//! downloads each version once, compressed.
//!
//! `scripts/build-site.sh` names the files after a hash of their content
//! (`pkg/throughline-<hash>.js`, `…_bg.wasm`, `….css`), writes that name to
//! `bundle.txt` beside `pkg/`, and stores gzip and brotli copies of each file
//! next to it. A new build has new names, so a name's content never changes and
//! browsers may keep it for a year without asking again.

use axum::{
    extract::Request,
    http::{header, HeaderValue},
    middleware::Next,
    response::Response,
    Router,
};
use tower_http::services::ServeDir;

/// The bundle's files' name without extension (`throughline.js`, …).
pub const FILE_STEM: &str = "throughline";

/// Where the bundle's files are asked for when no hashed bundle was built (the
/// HTTP tests run without one).
const UNHASHED_DIR: &str = "pkg";

/// The bundle's folder, relative to the site root, as the last build of
/// `site_root` wrote it: `pkg/throughline-<hash>`.
pub fn bundle_dir(site_root: &str) -> String {
    let manifest = std::path::Path::new(site_root).join("bundle.txt");
    match std::fs::read_to_string(&manifest) {
        Ok(name) if is_bundle_name(name.trim()) => format!("pkg/{}", name.trim()),
        Ok(name) => {
            tracing::warn!(path = %manifest.display(), %name, "ignoring a malformed bundle name");
            UNHASHED_DIR.to_owned()
        }
        Err(error) => {
            tracing::warn!(path = %manifest.display(), %error, "no browser bundle built: pages will not hydrate");
            UNHASHED_DIR.to_owned()
        }
    }
}

/// `throughline-` and hex digits: the name lands in every page's head.
fn is_bundle_name(name: &str) -> bool {
    name.strip_prefix("throughline-")
        .is_some_and(|hash| !hash.is_empty() && hash.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// `/pkg`: the bundle's files, the precompressed copy the browser accepts when
/// there is one, each cached for good.
pub fn bundle_files(site_root: &str) -> Router {
    Router::new()
        .fallback_service(
            ServeDir::new(format!("{site_root}/pkg"))
                .precompressed_br()
                .precompressed_gzip(),
        )
        .layer(axum::middleware::from_fn(cache_for_good))
}

async fn cache_for_good(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    if response.status().is_success() {
        response.headers_mut().insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=31536000, immutable"),
        );
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_hashed_throughline_name_is_a_bundle_name() {
        assert!(is_bundle_name("throughline-0a1b2c3d4e5f6789"));
        for refused in [
            "throughline",
            "throughline-",
            "throughline-xyz",
            "other-0a1b",
            "throughline-0a1b\"><script>",
        ] {
            assert!(!is_bundle_name(refused), "{refused}");
        }
    }

    #[test]
    fn the_folder_is_read_from_the_site_root_and_falls_back_without_one() {
        let site = tempfile::tempdir().unwrap();
        let root = site.path().to_str().unwrap();
        assert_eq!(bundle_dir(root), UNHASHED_DIR);
        std::fs::write(site.path().join("bundle.txt"), "throughline-00ff\n").unwrap();
        assert_eq!(bundle_dir(root), "pkg/throughline-00ff");
        std::fs::write(site.path().join("bundle.txt"), "../../etc/passwd").unwrap();
        assert_eq!(bundle_dir(root), UNHASHED_DIR);
    }
}
