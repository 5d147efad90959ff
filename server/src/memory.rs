//! How the process gives memory back (glibc's allocator on Linux).
//!
//! glibc serves a large block from a fresh mapping, returned to the kernel when
//! freed, but after such a block is freed it raises that threshold to the block's
//! size (up to 32 MiB). From then on Argon2's 19 MiB blocks and a big page's
//! buffers come from per-thread arenas and stay there when freed: measured with
//! the memory bench, 22 MiB fresh grew to 369 MiB after four bursts of eight
//! sign-ins and 428 MiB after reading a 500-card board 400 times.

/// Fixes the threshold, so every block of `LARGE` or more goes back when freed.
pub fn return_large_blocks_when_freed() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        const LARGE: libc::c_int = 256 * 1024;
        // SAFETY: mallopt only sets a tunable of the allocator; it is called
        // before any other thread exists.
        unsafe {
            libc::mallopt(libc::M_MMAP_THRESHOLD, LARGE);
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
