"""How many bytes a reader downloads for each page of the book, against a budget.

Each page is loaded in headless Chromium (Debian's /usr/bin/chromium) from a
local server, in a fresh browser context (empty cache), and the bodies of all
responses are summed: the HTML (with the PNG figures that are inlined into it
as data URIs) plus every stylesheet, script, font and image it loads. Bytes are
reported raw and gzip-compressed (level 6), since most static hosts (GitHub
Pages, Netlify, Read the Docs) send text gzipped; PNG data does not compress.

Columns:
  html      the page's own HTML, raw (inline figures included)
  inline    of which inline data-URI images
  state     of which saved ipywidgets state (application/vnd.jupyter.widget-state+json):
            nothing in the static book renders it, so it should be 0 (--check fails otherwise)
  cold      everything the page loads with an empty cache, raw
  cold gz   the same, gzip-compressed: what a first visit transfers
  next gz   the HTML alone, gzipped: what the page costs once the shared
            theme assets are cached (a reader moving on from another page)
And the book total: every distinct file that reading the whole book loads, once.

The budget (why these numbers)
------------------------------
Readers include workshop participants on shared venue Wi-Fi. Plan for a room of
30 people sharing a ~20 Mbit/s link: about 0.6 Mbit/s, roughly 80 kB/s, each.
  * A first visit should be readable within about 10 s:   cold gz <=   800 kB.
  * Moving to the next page should take about 5 s:        next gz <=   400 kB.
    (A lesson's figures are inline PNGs and count here: ~5 figures of ~60 kB.)
  * Reading the whole book once, about a minute:          book total gz <= 5,000 kB.
(Measured 2026-11-25, after dropping the theme's 1.5 MB fontawesome.js: first
visits 330-600 kB gz, next pages at most 280 kB, the whole book 1,630 kB.)
These are gzipped transfer sizes; raw sizes are printed for hosts that do not
compress.

Usage:
  python benchmarks/page_weight.py                  # build the book into a temp dir, then measure
  python benchmarks/page_weight.py --html DIR       # measure an already built book (DIR/index.html)
  python benchmarks/page_weight.py --html DIR --check   # exit 1 if any budget is exceeded
"""

from __future__ import annotations

import argparse
import gzip
import re
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# How Debian's Chromium is started is defined once, for the tests and this script.
sys.path.insert(0, str(ROOT / "tests"))
from conftest import CHROMIUM, CHROMIUM_ARGS, BookServer, jupyter_book_build, refuse_other_hosts  # noqa: E402

KB = 1000
BUDGET_COLD_GZ = 800 * KB
BUDGET_NEXT_GZ = 400 * KB
BUDGET_BOOK_GZ = 5_000 * KB
DATA_URI = re.compile(rb"data:image/[a-z+]+;base64,[A-Za-z0-9+/=]+")
WIDGET_STATE = re.compile(rb'<script[^>]*type="application/vnd\.jupyter\.widget-state\+json"[^>]*>.*?</script>', re.S)


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def build_book(out: Path) -> Path:
    proc = jupyter_book_build(ROOT, out)  # the tests' own build command (tests/conftest.py)
    html = out / "_build" / "html"
    if proc.returncode != 0 or not (html / "index.html").is_file():
        sys.exit(
            f"page_weight: the book did not build (exit {proc.returncode}):\n"
            + "\n".join((proc.stdout + proc.stderr).splitlines()[-20:])
        )
    return html


def pages_of(html: Path) -> list[str]:
    pages = sorted(
        p.relative_to(html).as_posix() for p in html.glob("*/*.html") if p.parent.name in {"book", "notebooks"}
    )
    return pages + [name for name in ("search.html", "genindex.html") if (html / name).is_file()]


def measure(html: Path) -> tuple[list[dict], dict[str, bytes]]:
    from playwright.sync_api import sync_playwright

    server = BookServer(html)  # quiet, and a client hanging up is not an error
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    rows, every_file = [], {}
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            for name in pages_of(html):
                context = browser.new_context()
                refuse_other_hosts(context, base, [])  # never sent, so never weighed
                page = context.new_page()
                bodies: dict[str, bytes] = {}

                def keep(response, bodies=bodies):
                    try:
                        bodies[response.url.split("?")[0].split("#")[0]] = response.body()
                    except Exception:  # noqa: BLE001 - redirects and aborted requests have no body
                        pass

                page.on("response", keep)
                page.goto(base + name, wait_until="load")
                page.wait_for_load_state("networkidle")
                context.close()
                own = bodies.get(base + name, b"")
                rows.append(
                    {
                        "page": name,
                        "html": len(own),
                        "inline": sum(len(m.group(0)) for m in DATA_URI.finditer(own)),
                        "state": sum(len(m.group(0)) for m in WIDGET_STATE.finditer(own)),
                        "cold": sum(len(b) for b in bodies.values()),
                        "cold_gz": sum(gz(b) for b in bodies.values()),
                        "next_gz": gz(own),
                        "files": len(bodies),
                    }
                )
                every_file.update(bodies)
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return rows, every_file


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--html", type=Path, help="a built book's HTML folder (default: build the book into a temp dir)"
    )
    parser.add_argument("--check", action="store_true", help="exit 1 if a page or the book is over budget")
    args = parser.parse_args(argv)
    if not CHROMIUM.is_file():
        sys.exit(f"page_weight: {CHROMIUM} not found; install it with `apt-get install chromium`")

    with tempfile.TemporaryDirectory(prefix="upstream-weight-") as tmp:
        html = args.html if args.html else build_book(Path(tmp))
        if not (html / "index.html").is_file():
            sys.exit(f"page_weight: {html} holds no built book (no index.html)")
        rows, every_file = measure(html)

    over = []
    width = max(len(r["page"]) for r in rows) + 2
    print(
        "page".ljust(width)
        + f"{'html':>10}{'inline':>10}{'state':>10}{'cold':>11}{'cold gz':>10}{'next gz':>10}{'files':>7}"
    )
    for r in rows:
        flag = ""
        if r["cold_gz"] > BUDGET_COLD_GZ:
            flag += "  OVER cold"
            over.append(f"{r['page']}: first visit {r['cold_gz'] / KB:,.0f} kB gz > {BUDGET_COLD_GZ / KB:,.0f} kB")
        if r["next_gz"] > BUDGET_NEXT_GZ:
            flag += "  OVER next"
            over.append(f"{r['page']}: next-page {r['next_gz'] / KB:,.0f} kB gz > {BUDGET_NEXT_GZ / KB:,.0f} kB")
        if r["state"]:
            flag += "  WIDGET STATE"
            over.append(f"{r['page']}: embeds {r['state'] / KB:,.1f} kB of ipywidgets state that nothing renders")
        print(
            r["page"].ljust(width)
            + "".join(f"{r[k] / KB:>9,.0f}k" for k in ("html", "inline", "state"))
            + f"{r['cold'] / KB:>10,.0f}k{r['cold_gz'] / KB:>9,.0f}k{r['next_gz'] / KB:>9,.0f}k{r['files']:>7}"
            + flag
        )
    state = sum(r["state"] for r in rows)
    print(f"saved widget state: {state / KB:,.0f} kB in {sum(1 for r in rows if r['state'])} pages")
    total_raw = sum(len(b) for b in every_file.values())
    total_gz = sum(gz(b) for b in every_file.values())
    print(f"book total: {len(every_file)} distinct files, {total_raw / KB:,.0f} kB raw, {total_gz / KB:,.0f} kB gz")
    heaviest = sorted(every_file.items(), key=lambda kv: -len(kv[1]))[:5]
    print("largest files: " + ", ".join(f"{u.rsplit('/', 1)[-1]} {len(b) / KB:,.0f}k" for u, b in heaviest))
    print(
        f"budget (gz): first visit {BUDGET_COLD_GZ / KB:,.0f} kB, next page {BUDGET_NEXT_GZ / KB:,.0f} kB, book {BUDGET_BOOK_GZ / KB:,.0f} kB"
    )
    if total_gz > BUDGET_BOOK_GZ:
        over.append(f"book total {total_gz / KB:,.0f} kB gz > {BUDGET_BOOK_GZ / KB:,.0f} kB")
    if over:
        print("over budget:\n  " + "\n  ".join(over))
    else:
        print("within budget")
    return 1 if (over and args.check) else 0


if __name__ == "__main__":
    sys.exit(main())
