//! The message catalogue (src/locales) is compiled into the binary by rust-i18n's macro, which
//! cargo does not know reads it: a change to the catalogue alone must rebuild the crate.

fn main() {
    println!("cargo:rerun-if-changed=src/locales");
}
