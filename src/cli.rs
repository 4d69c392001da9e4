//! The command line: argument parsing (clap derive) and the commands,
//! mapped to exit codes (0 ok, 1 content errors, 2 usage or I/O problems,
//! 3 `pdf` found no browser to print with).
//! `main.rs` only calls [`main`]; everything here is testable as a library.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};

use crate::build::{self, Built, GitCache, Options};
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
        /// Also write the whole book on one page, `print.html`.
        #[arg(long)]
        print: bool,
        /// Run `git log` even when DIR/.waybook-cache/ holds the history
        /// of the same commit, and keep nothing there.
        #[arg(long)]
        no_cache: bool,
    },
    /// Print the whole book to a PDF (tagged, with an outline) through a
    /// Chromium or Chrome on the system: `$CHROME`, else on PATH.
    Pdf {
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// The PDF to write (default handbook.pdf in the current folder).
        #[arg(short, long, default_value = "handbook.pdf")]
        output: PathBuf,
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
        /// Print each language's translation status on stdout: how many
        /// pages are translated, stale (the source changed since) and shown
        /// in the default language; `--format json` prints it as JSON.
        #[arg(long)]
        translations: bool,
        /// Also fetch external links (cached in DIR/.waybook-cache/ for a day).
        #[cfg(feature = "external")]
        #[arg(long)]
        external: bool,
    },
    /// Write data about the handbook: `cff` writes its citation as a
    /// CITATION.cff (from the existing one, or from handbook.yml and people.yml).
    Export {
        /// What to write: `cff`.
        #[arg(value_enum)]
        what: ExportWhat,
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Where to write (`-` for standard output); default DIR/CITATION.cff.
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Replace an existing file.
        #[arg(long)]
        force: bool,
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

/// What `waybook export` writes.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum ExportWhat {
    /// CITATION.cff (Citation File Format 1.2.0).
    Cff,
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
        Command::Export {
            what: ExportWhat::Cff,
            dir,
            output,
            force,
        } => export_cff(&dir, output, force),
        Command::Build {
            dir,
            output,
            base_url,
            timings,
            print,
            no_cache,
        } => {
            let book = Book {
                print,
                unpublished: false,
                git_cache: if no_cache {
                    GitCache::Off
                } else {
                    GitCache::Keep
                },
            };
            ExitCode::from(build_site(&dir, output, base_url, timings, book))
        }
        Command::Pdf { dir, output } => pdf_cmd(&dir, &output),
        Command::Check {
            dir,
            format,
            strict,
            report,
            translations,
            #[cfg(feature = "external")]
            external,
        } => {
            #[cfg(not(feature = "external"))]
            let external = false;
            let reports = Reports {
                health: report,
                translations,
            };
            check_cmd(&dir, format, strict, reports, external)
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

/// What kind of build [`build_site`] makes beyond the site itself.
struct Book {
    /// Also write `print.html`.
    print: bool,
    /// Nobody publishes it (`pdf`'s): no sitemap, so no warning.
    unpublished: bool,
    /// How the git history cache is used.
    git_cache: GitCache,
}

/// `build`: the site into `output` (default DIR/public).
fn build_site(
    dir: &Path,
    output: Option<PathBuf>,
    base_url: Option<String>,
    timings: bool,
    book: Book,
) -> u8 {
    let start = Instant::now();
    let out = output.unwrap_or_else(|| dir.join("public"));
    if let Err(e) = crate::output::check_safe(&out, dir) {
        eprintln!("error: {e}");
        return 2;
    }
    let hl = Highlighter::new();
    let opts = Options {
        root: dir.to_path_buf(),
        base_url,
        today: build::today(),
        exclude: vec![out.clone()],
        git: true,
        git_cache: book.git_cache,
        print: book.print,
        unpublished: book.unpublished,
        release_texts: true,
        ..Options::default()
    };
    // Pages are written into the staging folder as they are rendered; it
    // replaces `out` only once everything is written.
    let staging = match crate::output::Staging::begin(&out, dir) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return 2;
        }
    };
    let mut built = match build::run_into(&opts, &hl, &staging) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("error: {e}");
            return 2;
        }
    };
    print_diags(&built, Format::Human, false);
    let written = match built.write_error.take() {
        Some(e) => Err(e),
        None => staging.finish(&built.files),
    };
    if let Err(e) = written {
        eprintln!("error: {e}");
        return 2;
    }
    built.timings.lap("write files");
    if timings {
        for (stage, d, rss) in &built.timings.stages {
            let mem = rss.map_or(String::new(), |b| format!("{:>6} MiB", b >> 20));
            eprintln!("{:>8.1} ms {mem}  {stage}", d.as_secs_f64() * 1000.0);
        }
    }
    let (errors, warnings) = diag::counts(&built.diagnostics);
    eprintln!(
        "{}",
        build_summary(
            &built.stats,
            &out,
            start.elapsed().as_millis(),
            errors,
            warnings
        )
    );
    if errors > 0 { 1 } else { 0 }
}

/// The line a build ends with: pages, what they show, where, how fast, and
/// any errors and warnings.
fn build_summary(s: &build::Stats, out: &Path, ms: u128, errors: usize, warnings: usize) -> String {
    format!(
        "Built {} pages ({}{}) into {} in {} ms{}",
        s.pages,
        (s.kinds.iter())
            .map(|(one, many, n)| format!("{n} {}", if *n == 1 { one } else { many }))
            .collect::<Vec<_>>()
            .join(", "),
        if s.languages > 1 {
            format!("; {} languages", s.languages)
        } else {
            String::new()
        },
        out.display(),
        ms,
        if errors + warnings > 0 {
            format!(" with {errors} errors and {warnings} warnings")
        } else {
            String::new()
        }
    )
}

/// Exit code of `pdf` when no browser is found.
const NO_BROWSER: u8 = 3;

/// `waybook pdf`: build the book into a scratch folder, print it there.
fn pdf_cmd(dir: &Path, output: &Path) -> ExitCode {
    let start = Instant::now();
    let browser = match crate::pdf::find_browser() {
        Ok(b) => b,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(NO_BROWSER);
        }
    };
    let scratch = std::env::temp_dir().join(format!("waybook-pdf-{}", std::process::id()));
    let site = scratch.join("site");
    // A book with content errors is still printed (as `build` still
    // writes the site), and the exit code says there were errors.
    let book = Book {
        print: true,
        unpublished: true,
        git_cache: GitCache::Keep,
    };
    let built = build_site(dir, Some(site.clone()), None, false, book);
    if built > 1 {
        let _ = std::fs::remove_dir_all(&scratch);
        return ExitCode::from(built);
    }
    let result = crate::pdf::print(
        &browser,
        &site.join("print.html"),
        output,
        &scratch.join("profile"),
    );
    let _ = std::fs::remove_dir_all(&scratch);
    match result {
        Ok(()) => {
            eprintln!(
                "Printed the book to {} in {} ms",
                output.display(),
                start.elapsed().as_millis()
            );
            ExitCode::from(built)
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

/// What `check` prints on stdout besides its diagnostics.
struct Reports {
    health: bool,
    translations: bool,
}

fn check_cmd(
    dir: &Path,
    format: Format,
    strict: bool,
    reports: Reports,
    external: bool,
) -> ExitCode {
    let hl = Highlighter::new();
    let opts = Options {
        root: dir.to_path_buf(),
        today: build::today(),
        exclude: vec![dir.join("public")],
        check_only: true,
        // Read only when translations need it (their status); `check`
        // writes nothing, not even the cache.
        git: true,
        git_cache: GitCache::Read,
        ..Options::default()
    };
    // Changed only by `--external`, a feature a build may leave out.
    #[cfg_attr(not(feature = "external"), allow(unused_mut))]
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
    let health = reports.health.then(|| session.health().clone());
    let translations = reports
        .translations
        .then(|| crate::translate::Report::new(&session.translations));
    let built = session.into_built();
    print_diags(&built, format, health.is_none() && translations.is_none());
    if let Some(t) = translations {
        let text = match format {
            Format::Json => serde_json::to_string_pretty(&t).unwrap_or_default() + "\n",
            _ => t.text(),
        };
        let _ = std::io::stdout().write_all(text.as_bytes());
    }
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

/// `waybook export cff`: the citation as CFF, to a file or standard output.
fn export_cff(dir: &Path, output: Option<PathBuf>, force: bool) -> ExitCode {
    let (citation, diags) = match build::citation(dir, true) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let text = crate::citation::to_cff(&citation);
    if !diags.is_empty() {
        eprint!(
            "{}",
            diag::render(
                &diags,
                Format::Human,
                &std::collections::HashMap::<String, String>::new(),
                color()
            )
        );
    }
    let out = output.unwrap_or_else(|| dir.join(crate::citation::CFF_FILE));
    if out.as_os_str() == "-" {
        print!("{text}");
        return ExitCode::SUCCESS;
    }
    if out.exists() && !force {
        eprintln!(
            "error: {} exists; pass --force to replace it, or `-o -` to print",
            out.display()
        );
        return ExitCode::from(2);
    }
    match std::fs::write(&out, text) {
        Ok(()) => {
            eprintln!("Wrote {}", out.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: cannot write {}: {e}", out.display());
            ExitCode::from(2)
        }
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
