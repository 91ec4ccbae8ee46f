//! The courts' signing keys, kept as files with owner-only permissions.
//!
//! Public keys are registered in the database (table `court_keys`) so that
//! anyone holding the database or an exported bundle can verify; secret keys
//! never enter the database.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use zhixing_crypto::{SigningKey, Suite};

use crate::{AppError, AppResult};

#[derive(Clone, Debug)]
pub struct KeyRing {
    dir: PathBuf,
    cache: Arc<Mutex<HashMap<i64, Arc<SigningKey>>>>,
}

impl KeyRing {
    pub fn new(dir: PathBuf) -> KeyRing {
        KeyRing { dir, cache: Arc::default() }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn path(&self, court_id: i64) -> PathBuf {
        self.dir.join(format!("court-{court_id}.key"))
    }

    /// The court's current key, if one was created.
    pub fn current(&self, court_id: i64, suite: Suite) -> AppResult<Option<Arc<SigningKey>>> {
        if let Some(k) = self.cache.lock().ok().and_then(|c| c.get(&court_id).cloned()) {
            return Ok(Some(k));
        }
        let path = self.path(court_id);
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(AppError::Internal(format!("无法读取密钥文件 {}：{e}", path.display()))),
        };
        let key = SigningKey::from_secret_hex(suite, &text)
            .map_err(|e| AppError::Internal(format!("密钥文件 {} 无效：{e}", path.display())))?;
        let key = Arc::new(key);
        if let Ok(mut c) = self.cache.lock() {
            c.insert(court_id, key.clone());
        }
        Ok(Some(key))
    }

    /// Creates a new key for the court, keeping the old file as retired.
    pub fn create(&self, court_id: i64, suite: Suite) -> AppResult<Arc<SigningKey>> {
        std::fs::create_dir_all(&self.dir)
            .map_err(|e| AppError::Internal(format!("无法创建密钥目录 {}：{e}", self.dir.display())))?;
        restrict_dir(&self.dir);
        let key = SigningKey::generate(suite);
        let path = self.path(court_id);
        if path.exists()
            && let Some(old) = self.current(court_id, suite)?
        {
            let retired = self.dir.join(format!("court-{court_id}-{}.retired", old.public_key().key_id()));
            std::fs::rename(&path, &retired).map_err(|e| AppError::Internal(format!("无法归档旧密钥：{e}")))?;
        }
        write_private(&path, key.to_secret_hex().as_bytes())
            .map_err(|e| AppError::Internal(format!("无法写入密钥文件 {}：{e}", path.display())))?;
        let key = Arc::new(key);
        if let Ok(mut c) = self.cache.lock() {
            c.insert(court_id, key.clone());
        }
        Ok(key)
    }
}

#[cfg(unix)]
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(path)?;
    f.write_all(bytes)?;
    f.sync_all()
}

#[cfg(not(unix))]
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut f = std::fs::OpenOptions::new().write(true).create_new(true).open(path)?;
    f.write_all(bytes)?;
    f.sync_all()
}

#[cfg(unix)]
fn restrict_dir(dir: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let _ = std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700));
}

#[cfg(not(unix))]
fn restrict_dir(_dir: &Path) {}
