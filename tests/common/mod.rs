//! Helpers for tests that run the real `vetted` binary against a private workspace.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A temporary workspace and the means to run `vetted` on it.
pub struct Sandbox {
    pub dir: tempfile::TempDir,
}

impl Sandbox {
    pub fn new() -> Sandbox {
        Sandbox {
            dir: tempfile::tempdir().expect("tempdir"),
        }
    }

    pub fn workspace(&self) -> PathBuf {
        self.dir.path().join("workspace.sqlite3")
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// `vetted --workspace <sandbox> ARGS...`, with the user's own settings kept out.
    pub fn command(&self) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_vetted"));
        command
            .arg("--workspace")
            .arg(self.workspace())
            .env_remove("VETTED_WORKSPACE")
            .env_remove("VETTED_CONFIG")
            .env("HOME", self.dir.path())
            .env("XDG_CONFIG_HOME", self.dir.path().join("config"))
            .env("XDG_DATA_HOME", self.dir.path().join("data"));
        command
    }

    pub fn run(&self, args: &[&str]) -> Run {
        Sandbox::run_with(&mut self.command(), args)
    }

    /// Runs a prepared [`Sandbox::command`] with `args`.
    pub fn run_with(command: &mut Command, args: &[&str]) -> Run {
        let output = command.args(args).output().expect("runs vetted");
        Run::from(output)
    }

    /// Contacts as `(name, emails)`, from `list --json`.
    pub fn contacts(&self) -> Vec<(String, Vec<String>)> {
        self.json(&["list", "--json"])
            .as_array()
            .expect("an array")
            .iter()
            .map(|c| {
                let emails = c["emails"]
                    .as_array()
                    .expect("emails")
                    .iter()
                    .map(|e| e.as_str().expect("string").to_string())
                    .collect();
                (c["name"].as_str().expect("name").to_string(), emails)
            })
            .collect()
    }

    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        let run = self.run(args);
        assert_eq!(run.code, 0, "{args:?} failed: {}", run.stderr);
        serde_json::from_str(&run.stdout).expect("valid JSON")
    }
}

/// The outcome of one run of the binary.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(output: Output) -> Run {
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }
}

/// The third-party fixtures, beside the repository (../shared/fixtures/real).
pub fn real_fixtures() -> PathBuf {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures/real");
    assert!(
        path.is_dir(),
        "the real-world fixtures are expected at {} (beside the repository)",
        path.display()
    );
    path
}

/// The project's own fixtures (tests/fixtures).
pub fn own_fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}
