//! Writing files so that a crash or a full disk never leaves a torn file behind.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::Path;

/// Writes `bytes` to `path` atomically: a temporary file in the same folder is written,
/// flushed to disk and renamed over the target, so readers see the old file or the new one,
/// never a half-written one.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_atomically_with_faults(path, bytes, |_| Ok(()))
}

/// The steps of an atomic write, at which [`write_atomically_with_faults`] can fail.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WriteStep {
    CreateTemporary,
    /// Half of the bytes are in the temporary file.
    HalfWritten,
    Written,
    Synced,
    Renamed,
}

impl WriteStep {
    pub const ALL: [WriteStep; 5] = [
        WriteStep::CreateTemporary,
        WriteStep::HalfWritten,
        WriteStep::Written,
        WriteStep::Synced,
        WriteStep::Renamed,
    ];
}

/// [`write_atomically`] with a hook called at each step; an error from the hook stops the
/// write there, as a crash, a full disk or a pulled cable would. Tests use it to show that no
/// interruption leaves a torn file.
pub fn write_atomically_with_faults(
    path: &Path,
    bytes: &[u8],
    mut fault: impl FnMut(WriteStep) -> io::Result<()>,
) -> io::Result<()> {
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "the path names no file"))?;
    let mut temp_name = std::ffi::OsString::from(".");
    temp_name.push(name);
    temp_name.push(format!(".{}.tmp", std::process::id()));
    let temp = folder.join(temp_name);
    let result = (|| {
        fault(WriteStep::CreateTemporary)?;
        let mut file = File::create(&temp)?;
        let (first, second) = bytes.split_at(bytes.len() / 2);
        file.write_all(first)?;
        fault(WriteStep::HalfWritten)?;
        file.write_all(second)?;
        fault(WriteStep::Written)?;
        file.sync_all()?;
        fault(WriteStep::Synced)?;
        fs::rename(&temp, path)?;
        fault(WriteStep::Renamed)
    })();
    match result {
        Ok(()) => {
            // The rename itself is only durable once the folder is flushed; where folders
            // cannot be opened (some filesystems) the file is still complete, so this is best
            // effort.
            if let Ok(dir) = File::open(folder) {
                let _ = dir.sync_all();
            }
            Ok(())
        }
        Err(error) => {
            // Best effort: the temporary file is ours and useless now.
            let _ = fs::remove_file(&temp);
            Err(error)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_file_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("out.png");
        fs::write(&path, b"old").expect("seed");
        write_atomically(&path, b"new").expect("write");
        assert_eq!(fs::read(&path).expect("read"), b"new");
        let names: Vec<_> = fs::read_dir(dir.path()).expect("list").collect();
        assert_eq!(names.len(), 1, "no temporary file is left");
    }

    #[test]
    fn an_interruption_at_any_step_leaves_the_old_or_the_new_file_whole() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("project.geojson");
        for step in WriteStep::ALL {
            fs::write(&path, b"old contents").expect("seed");
            let result = write_atomically_with_faults(&path, b"new contents", |at| {
                if at == step {
                    Err(io::Error::other("simulated crash"))
                } else {
                    Ok(())
                }
            });
            let now = fs::read(&path).expect("read");
            if step == WriteStep::Renamed {
                // The rename happened before the fault: the new file is complete.
                assert_eq!(now, b"new contents");
            } else {
                assert!(result.is_err());
                assert_eq!(now, b"old contents", "interrupted at {step:?}");
            }
            let names: Vec<_> = fs::read_dir(dir.path()).expect("list").collect();
            assert_eq!(names.len(), 1, "no temporary file is left after {step:?}");
        }
    }

    #[test]
    fn a_missing_folder_is_an_error_and_nothing_is_written() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("no/such/folder/out.png");
        assert!(write_atomically(&path, b"x").is_err());
        assert!(!path.exists());
    }
}
