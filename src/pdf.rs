//! `waybook pdf`: print the whole book (`print.html`) to a PDF through a
//! Chromium or Chrome already on the system (`$CHROME`, else the usual
//! names on `PATH`), in headless mode with a document outline and tags. No
//! browser is bundled and no crate renders PDF: without a browser the
//! command stops with one error before building anything.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Names a Chromium-based browser goes by on `PATH`, in the order tried.
const NAMES: [&str; 5] = [
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "chrome",
];

/// Why no PDF was made.
#[derive(Debug, thiserror::Error)]
pub(crate) enum PdfError {
    #[error(
        "waybook pdf prints through Chromium or Chrome, and none was found: $CHROME is not set and none of {} is on PATH; install Chromium or set CHROME to the browser's path",
        NAMES.join(", ")
    )]
    NoBrowser,
    #[error("$CHROME is {0}, which is not a file; set it to the path of Chromium or Chrome")]
    BadChrome(PathBuf),
    #[error("could not run {browser}: {err}")]
    Spawn {
        browser: PathBuf,
        err: std::io::Error,
    },
    #[error("{browser} failed to print the book ({status}):\n{stderr}")]
    Failed {
        browser: PathBuf,
        status: std::process::ExitStatus,
        stderr: String,
    },
    #[error("{browser} exited without writing {pdf}")]
    NoOutput { browser: PathBuf, pdf: PathBuf },
}

/// The browser to print with: `$CHROME` when set, else the first of
/// [`NAMES`] found on `PATH`.
pub(crate) fn find_browser() -> Result<PathBuf, PdfError> {
    if let Some(c) = std::env::var_os("CHROME").filter(|c| !c.is_empty()) {
        let p = PathBuf::from(c);
        return if p.is_file() {
            Ok(p)
        } else {
            Err(PdfError::BadChrome(p))
        };
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    NAMES
        .iter()
        .flat_map(|n| std::env::split_paths(&path).map(move |d| d.join(n)))
        .find(|p| p.is_file())
        .ok_or(PdfError::NoBrowser)
}

/// Print `page` (a local HTML file) to `pdf` with `browser`; `scratch` is
/// a folder for the browser's throwaway profile.
pub(crate) fn print(
    browser: &Path,
    page: &Path,
    pdf: &Path,
    scratch: &Path,
) -> Result<(), PdfError> {
    let url = format!(
        "file://{}",
        crate::url::encode_path(&page.to_string_lossy())
    );
    let mut cmd = Command::new(browser);
    cmd.arg("--headless")
        .arg("--disable-gpu")
        .arg("--no-first-run")
        .arg("--disable-extensions")
        .arg("--disable-background-networking")
        .arg(format!("--user-data-dir={}", scratch.display()))
        .arg("--no-pdf-header-footer")
        .arg("--generate-pdf-document-outline")
        .arg("--export-tagged-pdf")
        .arg(format!("--print-to-pdf={}", pdf.display()));
    // Chromium refuses its sandbox to root (containers, CI).
    if running_as_root() {
        cmd.arg("--no-sandbox");
    }
    let _ = std::fs::remove_file(pdf);
    let out = cmd.arg(url).output().map_err(|err| PdfError::Spawn {
        browser: browser.to_path_buf(),
        err,
    })?;
    if !out.status.success() {
        return Err(PdfError::Failed {
            browser: browser.to_path_buf(),
            status: out.status,
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        });
    }
    if !std::fs::metadata(pdf).is_ok_and(|m| m.len() > 0) {
        return Err(PdfError::NoOutput {
            browser: browser.to_path_buf(),
            pdf: pdf.to_path_buf(),
        });
    }
    Ok(())
}

fn running_as_root() -> bool {
    std::fs::read_to_string("/proc/self/status").is_ok_and(|s| {
        s.lines()
            .find(|l| l.starts_with("Uid:"))
            .and_then(|l| l.split_whitespace().nth(1))
            == Some("0")
    })
}
