//! Remote images, downloaded in parallel with a timeout, a size cap, retries and a
//! `Referer` (Chinese news image hosts refuse hotlinks), cached on disk so a second run
//! downloads nothing.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use crate::MediaError;

/// One download's outcome.
type Fetched = Result<Vec<u8>, MediaError>;

/// How downloads behave.
#[derive(Debug, Clone)]
pub struct FetchOptions {
    /// Give up on one download after this long.
    pub timeout: Duration,
    /// Refuse bodies larger than this.
    pub max_bytes: u64,
    /// Retries after a transient failure (timeout, connection error, 5xx, 429).
    pub retries: u32,
    /// Downloads at once.
    pub parallel: usize,
    /// Where downloads are kept between runs (`--image-cache`).
    pub cache: Option<PathBuf>,
}

impl Default for FetchOptions {
    fn default() -> Self {
        FetchOptions {
            timeout: Duration::from_secs(20),
            max_bytes: 20 * 1024 * 1024,
            retries: 2,
            parallel: 8,
            cache: None,
        }
    }
}

/// Downloads images.
pub struct Fetcher {
    agent: ureq::Agent,
    options: FetchOptions,
    /// URLs that failed in this run, so a book that repeats one asks once.
    failed: Mutex<std::collections::HashMap<String, String>>,
}

impl std::fmt::Debug for Fetcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fetcher")
            .field("options", &self.options)
            .finish()
    }
}

/// The cache file of a URL.
fn cache_path(dir: &Path, url: &str) -> PathBuf {
    let mut h = DefaultHasher::new();
    url.hash(&mut h);
    dir.join(format!("{:016x}.img", h.finish()))
}

impl Fetcher {
    /// A fetcher with these options.
    pub fn new(options: FetchOptions) -> Self {
        let config = ureq::Agent::config_builder()
            .timeout_global(Some(options.timeout))
            .user_agent(concat!("postport/", env!("CARGO_PKG_VERSION")))
            .http_status_as_error(true)
            .max_redirects(5)
            .build();
        Fetcher {
            agent: config.into(),
            options,
            failed: Mutex::new(std::collections::HashMap::new()),
        }
    }

    /// Downloads one URL (or takes it from the cache). `referer` is sent as `Referer`.
    pub fn fetch(&self, url: &str, referer: Option<&str>) -> Result<Vec<u8>, MediaError> {
        let cached = self.options.cache.as_ref().map(|dir| cache_path(dir, url));
        if let Some(path) = &cached
            && let Ok(bytes) = std::fs::read(path)
        {
            return Ok(bytes);
        }
        if let Ok(failed) = self.failed.lock()
            && let Some(reason) = failed.get(url)
        {
            return Err(MediaError::Fetch(reason.clone()));
        }
        let mut attempt = 0;
        let result = loop {
            match self.download(url, referer) {
                Ok(bytes) => break Ok(bytes),
                Err((reason, transient)) => {
                    if !transient || attempt >= self.options.retries {
                        break Err(reason);
                    }
                    attempt += 1;
                    std::thread::sleep(Duration::from_millis(200 << attempt));
                }
            }
        };
        match result {
            Ok(bytes) => {
                if let Some(path) = &cached {
                    // A cache that cannot be written only costs a download next time.
                    let _ = store(path, &bytes);
                }
                Ok(bytes)
            }
            Err(reason) => {
                if let Ok(mut failed) = self.failed.lock() {
                    failed.insert(url.to_string(), reason.clone());
                }
                Err(MediaError::Fetch(reason))
            }
        }
    }

    /// One attempt: the bytes, or the reason and whether trying again may help.
    fn download(&self, url: &str, referer: Option<&str>) -> Result<Vec<u8>, (String, bool)> {
        let mut request = self.agent.get(url);
        if let Some(r) = referer {
            request = request.header("Referer", r);
        }
        let mut response = request.call().map_err(|e| {
            let transient = match &e {
                ureq::Error::StatusCode(code) => *code >= 500 || *code == 429,
                ureq::Error::Timeout(_) | ureq::Error::Io(_) | ureq::Error::ConnectionFailed => {
                    true
                }
                _ => false,
            };
            (e.to_string(), transient)
        })?;
        response
            .body_mut()
            .with_config()
            .limit(self.options.max_bytes)
            .read_to_vec()
            .map_err(|e| {
                (
                    e.to_string(),
                    matches!(e, ureq::Error::Timeout(_) | ureq::Error::Io(_)),
                )
            })
    }

    /// Downloads many URLs in parallel, results in the order given.
    pub fn fetch_all(
        &self,
        requests: &[(String, Option<String>)],
    ) -> Vec<Result<Vec<u8>, MediaError>> {
        let next = AtomicUsize::new(0);
        let results: Vec<Mutex<Option<Fetched>>> =
            requests.iter().map(|_| Mutex::new(None)).collect();
        let workers = self.options.parallel.clamp(1, requests.len().max(1));
        std::thread::scope(|scope| {
            for _ in 0..workers {
                scope.spawn(|| {
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some((url, referer)) = requests.get(i) else {
                            break;
                        };
                        let result = self.fetch(url, referer.as_deref());
                        if let Ok(mut slot) = results[i].lock() {
                            *slot = Some(result);
                        }
                    }
                });
            }
        });
        results
            .into_iter()
            .map(|slot| {
                slot.into_inner()
                    .ok()
                    .flatten()
                    .unwrap_or_else(|| Err(MediaError::Fetch("not attempted".into())))
            })
            .collect()
    }
}

/// Writes a cache file atomically, so a reader never sees half of one.
fn store(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    postport_output::write_atomic(path, bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::AtomicUsize;

    /// A server on 127.0.0.1 that serves `/ok.png`, fails `/flaky.png` once, refuses
    /// requests without the right Referer on `/hotlink.png`, and 404s everything else.
    fn serve(hits: Arc<AtomicUsize>) -> (String, std::thread::JoinHandle<()>) {
        let server = tiny_http::Server::http("127.0.0.1:0").expect("binds");
        let addr = format!("http://{}", server.server_addr());
        let handle = std::thread::spawn(move || {
            let mut flaky_failed = false;
            for request in server.incoming_requests() {
                hits.fetch_add(1, Ordering::SeqCst);
                let referer = request
                    .headers()
                    .iter()
                    .find(|h| h.field.equiv("Referer"))
                    .map(|h| h.value.as_str().to_string());
                let (status, body): (u16, &[u8]) = match request.url() {
                    "/ok.png" => (200, b"\x89PNG\r\n\x1a\nfake"),
                    "/flaky.png" if !flaky_failed => {
                        flaky_failed = true;
                        (503, b"busy")
                    }
                    "/flaky.png" => (200, b"GIF89a..."),
                    "/hotlink.png" if referer.as_deref() == Some("https://news.example.cn/") => {
                        (200, b"GIF89a..")
                    }
                    "/hotlink.png" => (403, b"no hotlinking"),
                    "/big.png" => (200, &[0u8; 4096]),
                    "/stop" => {
                        let _ = request.respond(tiny_http::Response::empty(200));
                        break;
                    }
                    _ => (404, b"not found"),
                };
                let _ = request.respond(
                    tiny_http::Response::from_data(body.to_vec()).with_status_code(status),
                );
            }
        });
        (addr, handle)
    }

    #[test]
    fn downloads_retries_respects_referer_caps_and_caches() {
        let hits = Arc::new(AtomicUsize::new(0));
        let (base, handle) = serve(hits.clone());
        let cache = tempfile::tempdir().expect("temp dir");
        let fetcher = Fetcher::new(FetchOptions {
            timeout: Duration::from_secs(5),
            max_bytes: 1024,
            cache: Some(cache.path().to_path_buf()),
            ..FetchOptions::default()
        });
        let url = |p: &str| format!("{base}{p}");
        let results = fetcher.fetch_all(&[
            (url("/ok.png"), None),
            (url("/flaky.png"), None),
            (
                url("/hotlink.png"),
                Some("https://news.example.cn/".to_string()),
            ),
            (url("/missing.png"), None),
            (url("/big.png"), None),
        ]);
        assert!(results[0].as_ref().is_ok_and(|b| b.starts_with(b"\x89PNG")));
        assert!(results[1].is_ok(), "retried after a 503: {:?}", results[1]);
        assert!(results[2].is_ok(), "Referer sent: {:?}", results[2]);
        assert!(
            matches!(&results[3], Err(MediaError::Fetch(r)) if r.contains("404")),
            "{:?}",
            results[3]
        );
        assert!(results[4].is_err(), "over the size cap");
        let before = hits.load(Ordering::SeqCst);
        let again = Fetcher::new(FetchOptions {
            cache: Some(cache.path().to_path_buf()),
            ..FetchOptions::default()
        });
        assert!(again.fetch(&url("/ok.png"), None).is_ok());
        assert_eq!(hits.load(Ordering::SeqCst), before, "served from the cache");
        let _ = ureq::get(&url("/stop")).call();
        let _ = handle.join();
    }
}
