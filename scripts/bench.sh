#!/usr/bin/env bash
# Benchmarks postport side by side with its peers on generated seed-shaped archives and
# prints the figures BENCHMARKS.md records. Not part of the tests (timings are not
# assertions). Needs hugo, pandoc, hyperfine and GNU time:
#   POSTPORT_BENCH_TOOLS=1 bash scripts/setup.sh && bash scripts/bench.sh
# BENCH_DIR (default /tmp/postport-bench) holds the archives; BENCH_100K=1 adds the
# 100,000-post memory runs (about 650 MB of posts, several minutes).
set -euo pipefail
cd "$(dirname "$0")/.."

dir=${BENCH_DIR:-/tmp/postport-bench}
runs=${BENCH_RUNS:-3}
mkdir -p "$dir"
for tool in hugo pandoc hyperfine /usr/bin/time python3; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing (POSTPORT_BENCH_TOOLS=1 bash scripts/setup.sh)" >&2; exit 1; }
done

cargo build --release --locked -p postport -p postport-testkit --bins -q
pp=$PWD/target/release/postport
gen=$PWD/target/release/postport-gen

generate() { # posts
  local site="$dir/site-$1"
  [ -f "$site/hugo.toml" ] || "$gen" "$site" "$1" 7 2>/dev/null
  echo "$site"
}

# Peak resident memory (MB) of a command.
peak_mb() {
  /usr/bin/time -f '%M' -o "$dir/time.out" "$@" >/dev/null 2>&1
  echo $(( $(tail -1 "$dir/time.out") / 1024 ))
}

# Runs that write thousands of folders start from a fresh output folder: the previous
# one is moved aside, not deleted. ext4 avoids reusing the inodes of files deleted in the
# last seconds by scanning for others, and that scan made the run after an `rm -rf` of
# 10,000 folders take up to three times as long (hugo's site build 10 s instead of 5.9 s,
# postport's Markdown export 9 s instead of 1.5 s). What was moved aside is deleted when
# the next benchmark starts, followed by a pause long enough for ext4 to reuse the inodes
# again: it avoids those freed in the last 60 s once their inode table is written back
# (`sync`), in the last 6 minutes before (fs/ext4/ialloc.c, `recently_deleted`).
trash="$dir/trash"
if [ -d "$trash" ]; then
  rm -rf "$trash"
  sync
  sleep 65
fi
mkdir -p "$trash"
aside() { echo "mv $1 $trash/\$(date +%s%N) 2>/dev/null || true"; }

# Mean seconds of a command, by hyperfine (an optional third argument runs before each
# run, untimed: moving the previous output aside). Every run starts after `sync`, so that
# no run pays for writing back what the one before it wrote (hugo leaves about a
# gigabyte of output to write back, which slowed whatever was timed next).
mean_s() { # name command [prepare]
  hyperfine --runs "$runs" --warmup "${warmup:-1}" --export-json "$dir/$1.json" --style none \
    --prepare "sync; ${3:-true}" "$2" >/dev/null 2>&1
  python3 -c 'import json,sys; print("%.3f" % json.load(open(sys.argv[1]))["results"][0]["mean"])' "$dir/$1.json"
}

ratio() { python3 -c 'import sys; print("%.1f" % (float(sys.argv[1]) / float(sys.argv[2])))' "$1" "$2"; }

site10k=$(generate 10000)
site1k=$(generate 1000)
echo "archives: $(du -sh "$site10k" | cut -f1) (10,000 posts), $(du -sh "$site1k" | cut -f1) (1,000 posts); $(nproc) cores"

# The peers.
rss_only="$dir/rss-only.toml"
cat >"$rss_only" <<'EOF'
disableKinds = ['taxonomy', 'term', 'sitemap', 'robotsTXT', '404']
[outputs]
home = ['rss']
section = []
page = []
[services.rss]
limit = -1
EOF
hugo_site=$(mean_s hugo-site "hugo --quiet -s $site10k -d $dir/hugo-public --cacheDir $dir/hugo-cache" "$(aside "$dir/hugo-public")")
hugo_rss=$(mean_s hugo-rss "hugo --quiet -s $site10k --config $site10k/hugo.toml,$rss_only -d $dir/hugo-rss --cacheDir $dir/hugo-cache")
# Into a fresh folder too: rebuilding over the last one replaces 10,000 files, and ext4
# would then be slow to allocate inodes for the next minutes (see above).
eval "$(aside "$dir/hugo-public")"
hugo_mb=$(peak_mb hugo --quiet -s "$site10k" -d "$dir/hugo-public" --cacheDir "$dir/hugo-cache")
echo "hugo: site ${hugo_site} s (${hugo_mb} MB peak), RSS feed only ${hugo_rss} s"

# JSON Lines.
jsonl=$(mean_s jsonl "$pp -q convert $site10k -o $dir/out.jsonl")
echo "jsonl 10k: ${jsonl} s, $(ratio "$hugo_site" "$jsonl")x faster than hugo builds the site, $(peak_mb "$pp" -q convert "$site10k" -o "$dir/out.jsonl") MB peak"

# EPUB.
epub=$(mean_s epub "$pp -q convert $site10k -o $dir/book.epub")
book_mb=$(( $(stat -c %s "$dir/book.epub") / 1048576 ))
echo "epub 10k: ${epub} s, $(ratio "$hugo_site" "$epub")x faster than hugo; book ${book_mb} MB, $(peak_mb "$pp" -q convert "$site10k" -o "$dir/book.epub") MB peak"

# What pandoc is given: the same 1,000 posts, as they are. For the EPUB, the post files
# (YAML front matter, HTML or Markdown bodies), remote images removed so that pandoc does
# not stall on the network; for Markdown, each post's body as it is, one pandoc process a
# post (`-f html` for HTML bodies, `-f markdown` for the Markdown third). pandoc is slow
# on these (about a minute for the book), so its commands run BENCH_SLOW_RUNS times.
posts="$dir/pandoc-posts-1k"
bodies="$dir/pandoc-bodies-1k"
if [ ! -d "$bodies" ]; then
  mkdir -p "$posts" "$bodies"
  python3 - "$site1k/content/posts" "$posts" "$bodies" <<'EOF'
import os, re, sys
src, posts, bodies = sys.argv[1:4]
for name in sorted(os.listdir(src)):
    path = os.path.join(src, name)
    if os.path.isdir(path):
        path = os.path.join(path, "index.md")
    stem = os.path.splitext(name)[0]
    text = open(path, encoding="utf-8").read()
    offline = re.sub(r"<img[^>]*>", "", text)
    offline = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", offline)
    open(os.path.join(posts, stem + ".md"), "w", encoding="utf-8").write(offline)
    body = text.lstrip("\n").split("\n---\n", 1)[-1]
    ext = ".html" if body.lstrip().startswith("<") else ".md"
    open(os.path.join(bodies, stem + ext), "w", encoding="utf-8").write(body)
EOF
fi
slow_runs=${BENCH_SLOW_RUNS:-1}
pandoc_epub=$(runs=$slow_runs warmup=0 mean_s pandoc-epub "pandoc -f markdown -o $dir/pandoc.epub --metadata title=Archive $posts/*.md")
epub1k=$(mean_s epub1k "$pp -q convert $site1k -o $dir/book1k.epub")
echo "epub 1k: ${epub1k} s vs pandoc ${pandoc_epub} s: $(ratio "$pandoc_epub" "$epub1k")x"

# Atom.
atom=$(mean_s atom "$pp -q convert $site10k -o $dir/feed.atom")
echo "atom 10k: ${atom} s, $(ratio "$hugo_rss" "$atom")x faster than hugo builds its RSS feed, $(peak_mb "$pp" -q convert "$site10k" -o "$dir/feed.atom") MB peak"

# Markdown.
md=$(mean_s markdown "$pp -q convert $site10k --to markdown --target hugo -o $dir/md" "$(aside "$dir/md")")
echo "markdown 10k: ${md} s, $(ratio "$hugo_site" "$md")x faster than hugo builds the site"
md_flat=$(mean_s markdown-flat "$pp -q convert $site10k --to markdown --target hugo --layout flat -o $dir/md-flat" "$(aside "$dir/md-flat")")
echo "markdown 10k --layout flat: ${md_flat} s, $(ratio "$hugo_site" "$md_flat")x faster than hugo builds the site"
md1k=$(mean_s markdown1k "$pp -q convert $site1k --to markdown --target hugo -o $dir/md1k" "$(aside "$dir/md1k")")
pandoc_md=$(runs=$slow_runs warmup=0 mean_s pandoc-gfm "for f in $bodies/*.html $bodies/*.md; do case \$f in *.html) from=html;; *) from=markdown;; esac; pandoc -f \$from -t gfm --wrap=none \"\$f\" -o \"\$f.gfm\"; done")
echo "markdown 1k: ${md1k} s vs pandoc (one process a post) ${pandoc_md} s: $(ratio "$pandoc_md" "$md1k")x"

if [ "${BENCH_100K:-0}" = 1 ]; then
  site100k=$(generate 100000)
  echo "jsonl 100k: $(peak_mb "$pp" -q convert "$site100k" -o "$dir/out100k.jsonl") MB peak"
  echo "atom 100k: $(peak_mb "$pp" -q convert "$site100k" -o "$dir/feed100k.atom") MB peak"
  echo "atom 100k --archive: $(peak_mb "$pp" -q convert "$site100k" --archive -o "$dir/archive100k/feed.atom") MB peak"
  echo "markdown 100k: $(peak_mb "$pp" -q convert "$site100k" --to markdown -o "$dir/md100k") MB peak"
  echo "epub 100k: $(peak_mb "$pp" -q convert "$site100k" -o "$dir/book100k.epub") MB peak, book $(( $(stat -c %s "$dir/book100k.epub") / 1048576 )) MB"
  echo "epub 100k --split-by year: $(peak_mb "$pp" -q convert "$site100k" --split-by year -o "$dir/years/book.epub") MB peak, largest volume $(( $(ls -S "$dir"/years/*.epub | head -1 | xargs stat -c %s) / 1048576 )) MB"
fi
