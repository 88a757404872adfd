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

    /// `vetted --workspace <sandbox> ARGS...`, in a [clean environment](clean_environment).
    pub fn command(&self) -> Command {
        let mut command = self.without_workspace();
        command.arg("--workspace").arg(self.workspace());
        command
    }

    /// `vetted ARGS...` in a clean environment whose home is the sandbox, naming no workspace:
    /// for tests of where the workspace comes from.
    pub fn without_workspace(&self) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_vetted"));
        clean_environment(&mut command, self.dir.path());
        command
    }

    /// The binary, run so that permissions apply to it: as root every file is readable and
    /// every folder writable, so it then runs as nobody (`setpriv`, which CI's machines have);
    /// as anyone else it runs as it is. Its home, settings and workspace are in `home`, a
    /// folder of the sandbox that whoever it runs as may write.
    pub fn unprivileged(&self, home: &Path) -> Command {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        let probe = self.path("whoami");
        std::fs::write(&probe, "").expect("write");
        let uid = std::fs::metadata(&probe).expect("stat").uid();
        std::fs::remove_file(&probe).expect("remove");
        std::fs::create_dir_all(home).expect("mkdir");
        std::fs::set_permissions(self.dir.path(), std::fs::Permissions::from_mode(0o755))
            .expect("chmod");
        std::fs::set_permissions(home, std::fs::Permissions::from_mode(0o777)).expect("chmod");
        let mut command = if uid == 0 {
            let mut command = Command::new("setpriv");
            command
                .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
                .arg(env!("CARGO_BIN_EXE_vetted"));
            command
        } else {
            Command::new(env!("CARGO_BIN_EXE_vetted"))
        };
        clean_environment(&mut command, home);
        command
            .arg("--workspace")
            .arg(home.join("workspace.sqlite3"));
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

    /// The contact with this address, as `list --json` gives it.
    pub fn contact(&self, address: &str) -> serde_json::Value {
        self.json(&["list", "--json"])
            .as_array()
            .expect("an array")
            .iter()
            .find(|c| {
                c["emails"]
                    .as_array()
                    .expect("emails")
                    .iter()
                    .any(|e| e.as_str() == Some(address))
            })
            .cloned()
            .unwrap_or_else(|| panic!("no contact has {address}"))
    }

    /// Where the contact with this address was found (`file:line`, `file:#card`), read from
    /// the workspace.
    pub fn sources_of(&self, address: &str) -> Vec<String> {
        let workspace = vetted::store::Workspace::open_read_only(&self.workspace())
            .expect("opens")
            .expect("exists");
        let id = workspace
            .find_address(address)
            .expect("reads")
            .expect("known");
        workspace
            .sources(id)
            .expect("sources")
            .iter()
            .map(|s| s.short())
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

/// Starts `command` from an empty environment with `home` as its home, configuration and data
/// folders: nothing of the developer's own (`VETTED_CONFIG`, `VETTED_WORKSPACE`, `NO_COLOR`,
/// `XDG_CONFIG_HOME`, a config file in the real home) can reach the binary. Only `PATH` is
/// kept, for the tools some tests run around it.
pub fn clean_environment(command: &mut Command, home: &Path) {
    command.env_clear();
    if let Some(path) = std::env::var_os("PATH") {
        command.env("PATH", path);
    }
    command
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"));
}

/// The third-party fixtures: `../shared/fixtures/real` beside the repository, or the folder
/// `VETTED_REAL_FIXTURES` names. Tests that read them carry
/// `#[cfg_attr(not(real_fixtures), ignore = "...")]`: build.rs sets `real_fixtures` only when
/// the folder is there, so without it they are listed as ignored, with the reason.
#[cfg(real_fixtures)]
pub fn real_fixtures() -> PathBuf {
    let path = PathBuf::from(env!("VETTED_REAL_FIXTURES_DIR"));
    assert!(
        path.is_dir(),
        "the real-world fixtures were at {} when the tests were built, and are gone",
        path.display()
    );
    path
}

#[cfg(not(real_fixtures))]
pub fn real_fixtures() -> PathBuf {
    panic!(
        "the tests were built without the real-world fixtures (../shared/fixtures/real or VETTED_REAL_FIXTURES); this test should have been ignored"
    )
}

/// The project's own fixtures (tests/fixtures).
pub fn own_fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}
