//! The `waybook` binary: all logic lives in the library (`waybook::cli`).

fn main() -> std::process::ExitCode {
    waybook::cli::main()
}
