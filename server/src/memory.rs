//! How the process gives memory back (glibc's allocator on Linux).
//!
//! glibc serves a large block from a fresh mapping, returned to the kernel when
//! freed, but after such a block is freed it raises that threshold to the block's
//! size (up to 32 MiB). From then on Argon2's 19 MiB blocks and a big page's
//! buffers come from per-thread arenas and stay there when freed: measured with
//! the memory bench, 22 MiB fresh grew to 369 MiB after four bursts of eight
//! sign-ins and 428 MiB after reading a 500-card board 400 times.
//!
//! A threshold too low costs time instead: a fresh mapping is zeroed by the kernel
//! page by page as it is touched. At 256 KiB, the 500-card board's page (its HTML
//! buffer, brotli's tables) took about 700 page faults a request and a fifth of its
//! CPU; at 1 MiB, 46.

/// Fixes the threshold, so every block of `LARGE` or more goes back when freed,
/// and lets each arena keep up to `KEPT` free at its top, so the blocks a page
/// needs are reused rather than handed back and faulted in again on the next.
pub fn return_large_blocks_when_freed() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        const LARGE: libc::c_int = 1024 * 1024;
        const KEPT: libc::c_int = 2 * 1024 * 1024;
        // SAFETY: mallopt only sets tunables of the allocator; it is called
        // before any other thread exists.
        unsafe {
            libc::mallopt(libc::M_MMAP_THRESHOLD, LARGE);
            libc::mallopt(libc::M_TRIM_THRESHOLD, KEPT);
        }
    }
}

/// Hands the free memory at the top of every arena back to the kernel, after a
/// one-off burst of work (loading the demo).
pub fn hand_back_free_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only releases memory the allocator holds free.
    unsafe {
        libc::malloc_trim(0);
    }
}
