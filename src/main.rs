//! The `borderscope` binary: parse arguments, run, map the outcome to an exit code.
//! Exit codes: 0 success (also when stdout is closed early, as by `| head`); 2 bad input,
//! bad usage, or any other error; 130 interrupted (Ctrl-C), with no output file left behind.

mod cli;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    // Ctrl-C: remove any output file still being written, then stop (128 + SIGINT).
    let _ = ctrlc::set_handler(|| {
        borderscope::io::write::remove_pending_files();
        std::process::exit(130);
    });
    let args = cli::Cli::parse();
    match cli::run(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            cli::diag::error(&format!("{e:#}"));
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
