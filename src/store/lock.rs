//! The writer lock: an exclusive advisory lock on `<workspace>.lock`.
//!
//! The lock lives in the kernel, not in the file's existence, so it disappears with the process
//! however the process ends. The file itself stays behind, empty and harmless.

use std::fs::{File, OpenOptions, TryLockError};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use super::StoreError;

#[derive(Debug)]
pub struct Lock {
    // Closing the file releases the lock.
    _file: File,
    path: PathBuf,
    /// The lock file was made by this lock (it did not exist before).
    created: bool,
}

pub fn lock_path(workspace: &Path) -> PathBuf {
    let mut name = workspace.as_os_str().to_owned();
    name.push(".lock");
    PathBuf::from(name)
}

impl Lock {
    pub fn acquire(workspace: &Path) -> Result<Lock, StoreError> {
        if let Some(parent) = workspace.parent().filter(|p| !p.as_os_str().is_empty())
            && !parent.exists()
        {
            std::os::unix::fs::DirBuilderExt::mode(
                std::fs::DirBuilder::new().recursive(true),
                0o700,
            )
            .create(parent)
            .map_err(|source| StoreError::CreateFolder {
                path: parent.to_path_buf(),
                source,
            })?;
        }
        let path = lock_path(workspace);
        let created = !path.exists();
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .mode(0o600)
            .open(&path)
            .map_err(|source| StoreError::Open {
                path: path.clone(),
                source,
            })?;
        match file.try_lock() {
            Ok(()) => Ok(Lock {
                _file: file,
                path,
                created,
            }),
            Err(TryLockError::WouldBlock) => Err(StoreError::InUse {
                path: workspace.to_path_buf(),
            }),
            Err(TryLockError::Error(source)) => Err(StoreError::Open {
                path: lock_path(workspace),
                source,
            }),
        }
    }
}

impl Lock {
    /// Releases the lock and removes its file when this lock made it: beside a file that
    /// turned out not to be a workspace, nothing of vetted's is left behind.
    pub fn discard(self) {
        if self.created {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}
