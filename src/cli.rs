//! The command line: argument parsing (clap derive) and the four commands,
//! mapped to exit codes (0 ok, 1 content errors, 2 usage or I/O problems).
//! `main.rs` only calls [`main`]; everything here is testable as a library.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};

use crate::build::{self, Built, Options};
use crate::diag::{self, Format};
use crate::highlight::Highlighter;

#[derive(Debug, Parser)]
#[command(
    name = "waybook",
    version,
    about = "Build cross-linked governance handbooks: docs, roles, journeys, glossary and people."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a small working handbook in DIR (which must be empty or absent).
    Init {
        dir: PathBuf,
        /// Start from a governance model: single-maintainer,
        /// maintainer-council, foundation, research-collaborative, do-ocracy.
        #[arg(long)]
        template: Option<String>,
    },
    /// Build the static site into OUT (default DIR/public).
    Build {
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Output folder (replaced atomically; must be empty or a previous build).
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Absolute URL the site is served from (for sitemap.xml and canonical links).
        #[arg(long)]
        base_url: Option<String>,
        /// Print how long each pipeline stage took.
        #[arg(long)]
        timings: bool,
    },
    /// Validate everything `build` does, without writing anything.
    Check {
        #[arg(default_value = ".")]
        dir: PathBuf,
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
        /// Fail on warnings too.
        #[arg(long)]
        strict: bool,
        /// Print the governance health report on stdout (diagnostics go to
        /// stderr); `--format json` prints it as JSON.
        #[arg(long)]
        report: bool,
        /// Also fetch external links (cached in DIR/.waybook-cache/ for a day).
        #[cfg(feature = "external")]
        #[arg(long)]
        external: bool,
    },
    /// Explain a diagnostic code (`waybook explain broken-link`); without
    /// one, list every code with its default level.
    Explain { code: Option<String> },
    /// Build in memory, serve on localhost, rebuild and live-reload on save.
    #[cfg(feature = "serve")]
    Serve {
        #[arg(default_value = ".")]
        dir: PathBuf,
        #[arg(long, default_value_t = 3000)]
        port: u16,
        #[arg(long, default_value = "127.0.0.1")]
        host: String,
        /// Open the site in a browser.
        #[arg(long)]
        open: bool,
        /// Poll the file system instead of using native events.
        #[arg(long)]
        poll: bool,
    },
}

/// Parse the arguments and run; returns the process exit code.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    run(cli)
}

pub fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Init { dir, template } => init(&dir, template.as_deref()),
        Command::Explain { code } => explain(code.as_deref()),
        Command::Build {
            dir,
            output,
            base_url,
            timings,
        } => build_cmd(&dir, output, base_url, timings),
        Command::Check {
            dir,
            format,
            strict,
            report,
            #[cfg(feature = "external")]
            external,
        } => {
            #[cfg(not(feature = "external"))]
            let external = false;
            check_cmd(&dir, format, strict, report, external)
        }
        #[cfg(feature = "serve")]
        Command::Serve {
            dir,
            port,
            host,
            open,
            poll,
        } => crate::serve::run(crate::serve::ServeOptions {
            root: dir,
            port,
            host,
            open,
            poll,
        }),
    }
}

/// `waybook explain [CODE]`: the code table, as `rustc --explain` does.
fn explain(code: Option<&str>) -> ExitCode {
    use crate::code::Code;
    let level = |c: Code| match c.default_severity() {
        diag::Severity::Error => "error",
        diag::Severity::Warning => "warning",
    };
    let Some(name) = code else {
        for &c in Code::ALL {
            println!("{:<22} {:<8} {}", c.as_str(), level(c), c.explanation());
        }
        return ExitCode::SUCCESS;
    };
    let Some(c) = Code::from_name(name.trim()) else {
        eprintln!(
            "error: no diagnostic code `{name}`; {}",
            diag::suggestion_help(name, Code::names(), "`waybook explain` lists them all")
        );
        return ExitCode::from(2);
    };
    println!("{c} (default level: {})\n\n{}", level(c), c.explanation());
    if c.breaks_preview() {
        println!(
            "\nWhile an error with this code stands, `waybook serve` keeps showing the last good build."
        );
    }
    println!(
        "\nChange its level in handbook.yml:\n\n    lints:\n      {c}: warning   # or error, off"
    );
    ExitCode::SUCCESS
}

fn color() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

fn print_diags(built: &Built, format: Format, to_stdout: bool) {
    let text = diag::render(
        &built.diagnostics,
        format,
        &built.sources,
        !to_stdout && color(),
    );
    if to_stdout {
        let _ = std::io::stdout().write_all(text.as_bytes());
    } else if !built.diagnostics.is_empty() {
        let _ = std::io::stderr().write_all(text.as_bytes());
    }
}

fn build_cmd(
    dir: &Path,
    output: Option<PathBuf>,
    base_url: Option<String>,
    timings: bool,
) -> ExitCode {
    let start = Instant::now();
    let out = output.unwrap_or_else(|| dir.join("public"));
    if let Err(e) = crate::output::check_safe(&out, dir) {
        eprintln!("error: {e}");
        return ExitCode::from(2);
    }
    let hl = Highlighter::new();
    let opts = Options {
        root: dir.to_path_buf(),
        base_url,
        today: build::today(),
        exclude: vec![out.clone()],
        git: true,
        ..Options::default()
    };
    // Pages are written into the staging folder as they are rendered; it
    // replaces `out` only once everything is written.
    let staging = match crate::output::Staging::begin(&out, dir) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let mut built = match build::run_into(&opts, &hl, &staging) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    print_diags(&built, Format::Human, false);
    let written = match built.write_error.take() {
        Some(e) => Err(e),
        None => staging.finish(&built.files),
    };
    if let Err(e) = written {
        eprintln!("error: {e}");
        return ExitCode::from(2);
    }
    built.timings.lap("write files");
    if timings {
        for (stage, d, rss) in &built.timings.stages {
            let mem = rss.map_or(String::new(), |b| format!("{:>6} MiB", b >> 20));
            eprintln!("{:>8.1} ms {mem}  {stage}", d.as_secs_f64() * 1000.0);
        }
    }
    let (errors, warnings) = diag::counts(&built.diagnostics);
    let s = &built.stats;
    eprintln!(
        "Built {} pages ({} docs, {} roles, {} groups, {} journeys, {} terms, {} people) into {} in {} ms{}",
        s.pages,
        s.docs,
        s.roles,
        s.groups,
        s.journeys,
        s.terms,
        s.people,
        out.display(),
        start.elapsed().as_millis(),
        if errors + warnings > 0 {
            format!(" with {errors} errors and {warnings} warnings")
        } else {
            String::new()
        }
    );
    if errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn check_cmd(dir: &Path, format: Format, strict: bool, report: bool, external: bool) -> ExitCode {
    let hl = Highlighter::new();
    let opts = Options {
        root: dir.to_path_buf(),
        today: build::today(),
        exclude: vec![dir.join("public")],
        check_only: true,
        ..Options::default()
    };
    let mut session = match build::Session::new(&opts, &hl) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    if external {
        #[cfg(feature = "external")]
        session.check_external(&crate::external::Settings::for_handbook(dir));
    }
    let health = report.then(|| session.health());
    let built = session.into_built();
    print_diags(&built, format, health.is_none());
    if let Some(h) = health {
        let text = match format {
            Format::Json => serde_json::to_string_pretty(&h).unwrap_or_default() + "\n",
            _ => crate::health::text::render(&h),
        };
        let _ = std::io::stdout().write_all(text.as_bytes());
    }
    let (errors, warnings) = diag::counts(&built.diagnostics);
    if errors > 0 || (strict && warnings > 0) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn init(dir: &Path, template: Option<&str>) -> ExitCode {
    let made = match template {
        Some(t) => crate::init::template(dir, t),
        None => crate::init::scaffold(dir),
    };
    match made {
        Ok(n) => {
            eprintln!(
                "Created a handbook with {n} files in {}.\nNext: waybook serve {}",
                dir.display(),
                dir.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
