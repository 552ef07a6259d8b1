#!/usr/bin/env bash
# Installs what postport's tests and benchmarks use, from Debian's packages:
#   epubcheck (EPUB validator), jing (RELAX NG for Atom), hugo (builds migrated sites),
#   python3-feedparser (a real feed client), pandoc + hyperfine + time (benchmarks).
# Idempotent: installs only what is missing. Needs root or sudo.
set -euo pipefail

need=()
have() { command -v "$1" >/dev/null 2>&1; }
have epubcheck || need+=(epubcheck)
have jing || need+=(jing)
have hugo || need+=(hugo)
/usr/bin/python3 -c 'import feedparser' 2>/dev/null || need+=(python3-feedparser)
if [ "${POSTPORT_BENCH_TOOLS:-0}" = 1 ]; then
  have pandoc || need+=(pandoc)
  have hyperfine || need+=(hyperfine)
  [ -x /usr/bin/time ] || need+=(time)
fi

if [ ${#need[@]} -eq 0 ]; then
  echo "setup: everything is installed"
  exit 0
fi
echo "setup: installing ${need[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
echo "setup: done"
