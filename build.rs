// Templates are embedded with include_dir!, which cargo does not track on stable Rust:
// rebuild whenever anything under templates/ changes.
fn main() {
    println!("cargo:rerun-if-changed=templates");
}
