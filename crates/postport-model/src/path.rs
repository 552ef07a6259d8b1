//! A path inside an archive, kept as the operating system gave it.
//! File names that are not UTF-8 (GBK names are common) are never converted lossily.

use std::fmt;
use std::path::{Path, PathBuf};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A path relative to the input root (or a zip entry name), stored losslessly.
///
/// It serializes as a JSON string when it is valid UTF-8, and as
/// `{"bytes": "<base64>"}` otherwise, so a name in GBK bytes survives a JSON trip.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct SourcePath(PathBuf);

impl SourcePath {
    /// Wraps a path.
    pub fn new(path: impl Into<PathBuf>) -> Self {
        SourcePath(path.into())
    }

    /// The path.
    pub fn as_path(&self) -> &Path {
        &self.0
    }

    /// The path as UTF-8, if it is.
    pub fn to_str(&self) -> Option<&str> {
        self.0.to_str()
    }

    /// The file name without its extension, losslessly when it is UTF-8.
    pub fn file_stem(&self) -> String {
        self.0
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    }

    /// A `/`-separated display form; invalid UTF-8 shows as U+FFFD (display only).
    pub fn display(&self) -> String {
        let s = self.0.to_string_lossy();
        if std::path::MAIN_SEPARATOR == '/' {
            s.into_owned()
        } else {
            s.replace(std::path::MAIN_SEPARATOR, "/")
        }
    }

    fn raw_bytes(&self) -> Vec<u8> {
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStrExt;
            self.0.as_os_str().as_bytes().to_vec()
        }
        #[cfg(not(unix))]
        {
            self.0.to_string_lossy().into_owned().into_bytes()
        }
    }

    fn from_raw_bytes(bytes: Vec<u8>) -> Self {
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStringExt;
            SourcePath(PathBuf::from(std::ffi::OsString::from_vec(bytes)))
        }
        #[cfg(not(unix))]
        {
            SourcePath(PathBuf::from(String::from_utf8_lossy(&bytes).into_owned()))
        }
    }
}

impl fmt::Display for SourcePath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.display())
    }
}

impl From<&str> for SourcePath {
    fn from(s: &str) -> Self {
        SourcePath::new(s)
    }
}

impl From<PathBuf> for SourcePath {
    fn from(p: PathBuf) -> Self {
        SourcePath(p)
    }
}

#[derive(Serialize, Deserialize)]
#[serde(untagged)]
enum Repr {
    Text(String),
    Bytes { bytes: String },
}

impl Serialize for SourcePath {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0.to_str() {
            Some(s) => serializer.serialize_str(&s.replace('\\', "/")),
            None => Repr::Bytes {
                bytes: BASE64.encode(self.raw_bytes()),
            }
            .serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for SourcePath {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match Repr::deserialize(deserializer)? {
            Repr::Text(s) => Ok(SourcePath::new(s)),
            Repr::Bytes { bytes } => BASE64
                .decode(bytes.as_bytes())
                .map(SourcePath::from_raw_bytes)
                .map_err(serde::de::Error::custom),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_paths_serialize_as_strings() {
        let p = SourcePath::new("source/_posts/新闻.md");
        let json = serde_json::to_string(&p).expect("serializes");
        assert_eq!(json, r#""source/_posts/新闻.md""#);
        let back: SourcePath = serde_json::from_str(&json).expect("parses");
        assert_eq!(back, p);
    }

    #[cfg(unix)]
    #[test]
    fn non_utf8_paths_survive_as_bytes() {
        // "新闻" in GBK.
        let p = SourcePath::from_raw_bytes(vec![0xd0, 0xc2, 0xce, 0xc5, b'.', b'm', b'd']);
        assert!(p.to_str().is_none());
        let json = serde_json::to_string(&p).expect("serializes");
        assert_eq!(json, r#"{"bytes":"0MLOxS5tZA=="}"#);
        let back: SourcePath = serde_json::from_str(&json).expect("parses");
        assert_eq!(back, p);
        assert!(p.display().ends_with(".md"));
    }
}
