// Rebuild when the embedded theme or scaffold changes (include_dir does not
// track files on stable Rust).
fn main() {
    println!("cargo:rerun-if-changed=themes");
    println!("cargo:rerun-if-changed=src/scaffold");
}
