//! The `borderscope` binary: parse arguments, run, map the outcome to an exit code.
//! Exit codes: 0 success (also when stdout is closed early, as by `| head`); 2 bad input,
//! bad usage, or any other error; 128 + the signal when stopped by one (130 for Ctrl-C, 143
//! for SIGTERM, 129 for SIGHUP), with no output file left behind.

mod cli;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
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

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<borderscope::io::WriteError>()
            .is_some_and(|w| w.is_broken_pipe())
            || c.downcast_ref::<std::io::Error>()
                .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
