//! Tells the tests whether the third-party address books they read are here.
//!
//! Those files (`../shared/fixtures/real`, or the folder `VETTED_REAL_FIXTURES` names) are not
//! part of the repository: other projects wrote them, and a clone of vetted alone does not have
//! them. The tests that read them are compiled with `#[cfg_attr(not(real_fixtures), ignore)]`,
//! so without the folder `cargo test` lists them as ignored, with the reason, instead of
//! failing or passing without looking. CI has the folder and runs them all.

use std::path::PathBuf;

fn main() {
    println!("cargo::rustc-check-cfg=cfg(real_fixtures)");
    println!("cargo::rerun-if-env-changed=VETTED_REAL_FIXTURES");
    println!("cargo::rerun-if-changed=build.rs");
    let folder = match std::env::var_os("VETTED_REAL_FIXTURES") {
        Some(folder) => PathBuf::from(folder),
        None => PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default())
            .join("../shared/fixtures/real"),
    };
    if folder.is_dir() {
        // Seen again when its files change, so a folder that appears later is noticed on the
        // next build that touches build.rs or the variable (README, Testing).
        println!("cargo::rerun-if-changed={}", folder.display());
        println!("cargo::rustc-cfg=real_fixtures");
        println!(
            "cargo::rustc-env=VETTED_REAL_FIXTURES_DIR={}",
            folder.display()
        );
    }
}
