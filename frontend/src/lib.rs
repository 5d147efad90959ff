//! The browser entry point: takes over the server-rendered page.

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // Asynchronously: a page outside the first download waits for its part of the
    // bundle (`app/src/pages/lazy.rs`) before it is taken over.
    leptos::mount::hydrate_lazy(app::App);
}
