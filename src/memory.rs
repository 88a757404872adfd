//! How freed memory goes back to the system.
//!
//! Opening a million contacts frees hundreds of megabytes on the way (the halves read on two
//! threads, the duplicate finder's buckets, buffers grown by doubling) while the index is
//! built beside it. glibc gives freed memory back only when more than 128 KB of it sits at the
//! top of a heap, and raises that bar as the program frees big blocks, so the process held
//! much of it while taking more: the peak was 700 MB where 650 MB was in use.

/// Runs `work` with free memory at the top of a heap going back to the system once it is
/// over a megabyte, then lets the allocator keep up to 32 MB for reuse again. Only the open:
/// kept low, searches gave back their ranking buffers after every query and faulted them in
/// again (search p95 at 100k: 21 ms to 27-29 ms). glibc on Linux; elsewhere `work` just runs.
///
/// Setting a threshold also stops glibc from raising the size above which a block is mapped
/// on its own (128 KB) as the program frees big ones; so afterwards that size is set where
/// glibc would have taken it, 32 MB. Left at 128 KB, every list of a million results was
/// mapped, faulted in and unmapped again, and a keystroke at a million contacts took up to
/// 2 ms instead of 0.05.
pub fn returning_freed_memory<T>(work: impl FnOnce() -> T) -> T {
    open_begins();
    let done = work();
    open_ends();
    done
}

/// The start of [`returning_freed_memory`], for an open done in steps (`App::opening`, then
/// `App::finish_opening`): ended between them, the second step's big blocks came from the
/// heap instead of mappings of their own, and the peak at a million contacts rose from 586
/// to 649 MB.
pub fn open_begins() {
    set(Setting::TrimThreshold, 1 << 20);
}

/// The end of [`returning_freed_memory`].
pub fn open_ends() {
    set(Setting::TrimThreshold, 32 << 20);
    set(Setting::MmapThreshold, 32 << 20);
}

enum Setting {
    TrimThreshold,
    MmapThreshold,
}

fn set(setting: Setting, bytes: i32) {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        let parameter = match setting {
            Setting::TrimThreshold => libc::M_TRIM_THRESHOLD,
            Setting::MmapThreshold => libc::M_MMAP_THRESHOLD,
        };
        // SAFETY: mallopt takes two integers and only changes the allocator's settings.
        unsafe {
            libc::mallopt(parameter, bytes);
        }
    }
    #[cfg(not(all(target_os = "linux", target_env = "gnu")))]
    let _ = (setting, bytes);
}
