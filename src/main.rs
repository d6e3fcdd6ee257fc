//! The `borderscope` binary: parse arguments, run, map the outcome to an exit code.
//! Exit codes: 0 success (also when stdout is closed early, as by `| head`); 2 bad input,
//! bad usage, or any other error; 128 + the signal when stopped by one (130 for Ctrl-C, 143
//! for SIGTERM, 129 for SIGHUP), with no output file left behind.

mod cli;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    keep_freed_memory();
    // Ctrl-C, and the signals that end a process when its terminal closes (SIGHUP) or when it
    // is told to stop (SIGTERM, SIGQUIT): remove any output file still being written, then
    // stop with 128 + the signal's number, as a shell reports it.
    #[cfg(unix)]
    {
        use signal_hook::consts::signal::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
        if let Ok(mut signals) =
            signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP, SIGQUIT])
        {
            std::thread::spawn(move || {
                if let Some(signal) = signals.forever().next() {
                    borderscope::io::remove_pending_files();
                    std::process::exit(128 + signal);
                }
            });
        }
    }
    let args = cli::Cli::parse();
    match cli::run(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            cli::diag::error(&cli::hints::error_text(&e));
            ExitCode::from(2)
        }
    }
}

/// glibc's malloc hands the pages of freed memory back to the kernel as soon as 128 KiB lie
/// free at the top of a heap (and every worker thread has its own heap), so each 1 MB block of
/// input, and the rows written from it, come to fresh pages: 215,000 page faults and 0.4 s of
/// system time for a million incidents, a fifth of the wall time. Kept up to 64 MiB (and
/// blocks up to 32 MiB allocated from the heaps, where they can be reused): 4,600 faults, the
/// same peak memory (`benches/README.md`, "Under a second, sixth part"). A process-wide
/// setting, so the binary's to make, not the library's.
fn keep_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: `mallopt` only sets the allocator's parameters, and is called before any other
    // thread exists.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 32 << 20);
        libc::mallopt(libc::M_TRIM_THRESHOLD, 64 << 20);
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<borderscope::io::WriteError>()
            .is_some_and(|w| w.is_broken_pipe())
            || c.downcast_ref::<std::io::Error>()
                .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
