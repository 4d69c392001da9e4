//! The `waybook` binary: all logic lives in the library (`waybook::cli`).
//! The binary only chooses the memory allocator.

/// mimalloc: 15-20% less time than glibc's malloc on a big handbook (many
/// small strings made and freed on both cores), and less peak memory with
/// the two defaults below.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's option numbers (`mi_option_e` in its `mimalloc.h`, v3).
#[cfg(target_os = "linux")]
mod mi {
    /// Commit an arena's memory as it is used, not all at once.
    pub(crate) const ARENA_EAGER_COMMIT: std::ffi::c_int = 4;
    /// Milliseconds before freed memory goes back to the system (its default,
    /// a second, keeps a build's freed pages long enough to add a tenth to
    /// its peak).
    pub(crate) const PURGE_DELAY: std::ffi::c_int = 15;

    unsafe extern "C" {
        /// Set an option's default; `MIMALLOC_*` variables still win.
        pub(crate) fn mi_option_set_default(option: std::ffi::c_int, value: std::ffi::c_long);
    }

    /// Runs before `main`, as the first arena is reserved at the first
    /// allocation and reads its commit option then.
    extern "C" fn set_defaults() {
        // SAFETY: only sets two integers; mimalloc allows it at any time.
        unsafe {
            mi_option_set_default(ARENA_EAGER_COMMIT, 0);
            mi_option_set_default(PURGE_DELAY, 10);
        }
    }

    #[used]
    #[unsafe(link_section = ".init_array")]
    static SET_DEFAULTS: extern "C" fn() = set_defaults;
}

fn main() -> std::process::ExitCode {
    waybook::cli::main()
}
