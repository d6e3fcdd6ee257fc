//! `borderscope completions SHELL`: the shell's completion script, made from the same flag
//! definitions as `--help`, so it offers every command, flag and value the binary accepts.

use anyhow::Context as _;
use clap::{Args, CommandFactory as _};
use clap_complete::Shell;

/// Where each shell looks for the script (the variant's long help and its man page).
pub const INSTALL_HELP: &str = "\
Install the script where the shell looks for it (make the folder first), then start a new shell:
  bash: borderscope completions bash > ~/.local/share/bash-completion/completions/borderscope
        (bash-completion loads it when needed), or in ~/.bashrc:
        source <(borderscope completions bash)
  zsh:  borderscope completions zsh > ~/.zfunc/_borderscope
        and in ~/.zshrc, before compinit: fpath=(~/.zfunc $fpath)
  fish: borderscope completions fish > ~/.config/fish/completions/borderscope.fish
  elvish, in ~/.config/elvish/rc.elv: eval (borderscope completions elvish | slurp)
  PowerShell, in $PROFILE: borderscope completions powershell | Out-String | Invoke-Expression";

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum, value_name = "SHELL")]
    pub shell: Shell,
    #[command(flatten)]
    pub output: super::OutputArgs,
}

pub fn run(args: &CompletionsArgs) -> anyhow::Result<()> {
    let out = args.output.open(&[])?;
    // Into memory first: clap_complete panics on a failed write, and a closed pipe (`| head`)
    // is not an error here.
    let mut script = Vec::new();
    clap_complete::generate(
        args.shell,
        &mut super::Cli::command(),
        "borderscope",
        &mut script,
    );
    out.write_all(&script)
        .context("writing the completion script")
}
