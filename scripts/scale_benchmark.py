"""The quote desk at scale: synthesise extract output, load it, serve it, and time every page over HTTP.

    python scripts/scale_benchmark.py --attributions 1000000 --keep /tmp/scale-1m

1. Writes `quotetrack extract` output for N attributions (about 10 per document): Zipf-distributed
   speakers with names, roles and kinds (people, organisations, groups, places, and unnamed sources such
   as "officials", one speaker per article), several hundred outlets of Zipf-distributed size, dates
   over ten years (some articles undated), sentences of varied words (so full-text search has realistic
   posting lists), quotes run by several articles (wire copy), valid offsets and content-hash ids.
2. Loads it with `quotetrack load` and reports attributions stored per second.
3. Starts `quotetrack serve` on 127.0.0.1 (a free port) and times every page: home, the database, each
   table and view, every saved query with realistic parameters, the most quoted speaker's page (and its
   next page), a mid-size speaker's page, an article, a full-text search and facets; best of 3 each.
   Every page must answer 200; the server is stopped at the end.

Prints a table (page, status, wall ms, and the server's CPU ms for it: on a busy machine the wall clock also
counts the waiting for a core), the database size and the load rate; exits 1 if a page failed or took
longer than --budget-ms. With --keep DIR the extract file and database are kept there (and reused: an
existing database in DIR is served as it is, without loading again, with --reuse).
"""

from __future__ import annotations

import json
import os
import random
import re
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import click

from quotetrack.read.documents import content_id

ATTRIBUTIONS_PER_DOCUMENT = 10
SPEAKER_ZIPF = 1.5  # a few speakers quoted very often: the top one gets about a third of everything
OUTLET_ZIPF = 1.0
UNNAMED_SHARE = 0.08
REPEATED_SHARE = 0.03  # attributions quoting words another article also ran
REQUEST_TIMEOUT_S = 30
ROUNDS = 3
MAX_REQUESTS = 200

FIRST = (
    "Ana Antony Maria John Li Wei Fatima Omar Sara David Elena Pierre Yuki Kwame Ingrid Carlos Priya "
    "Ahmed Olga Tomas Grace Hiro Nadia Samuel Chloe Ravi Lucia Jonas Amara Pablo Mei Ivan Leila Tom"
).split()
SYLLABLES = "ka ren do mi sol var ten bri lo nak es tor wen ha gri pel dun sa ver mon ri ta bel or".split()
ROLES = (
    "Secretary of State|Prime Minister|Finance Minister|Mayor|chief executive|spokesperson|senator|"
    "central bank governor|party leader|union leader|police chief|health minister|economist|professor|"
    "defence minister|coach|ambassador|governor|judge|director"
).split("|")
ORG_WORDS = "Ministry Agency Bank Council Union Institute Commission Party Group Authority".split()
GROUPS = ("protesters", "residents", "farmers", "investors", "doctors", "teachers")
UNNAMED = (
    "officials",
    "a source",
    "a spokesperson",
    "analysts",
    "diplomats",
    "a senior official",
    "people familiar with the matter",
)
CUES = (
    ("said", "say"),
    ("told reporters", "tell"),
    ("added", "add"),
    ("warned", "warn"),
    ("argued", "argue"),
)
INDIRECT_CUES = (("said", "say"), ("claimed", "claim"), ("denied", "deny"), ("believes", "believe"))
COMMON = (
    "government budget talks market plan week city people year state policy election court energy price "
    "inflation health school border trade deal water power report vote reform crisis security climate "
    "housing tax rate jobs growth oil gas war peace minister bank law workers police company strike"
).split()
VERBS = "will must cannot should would could may".split()
ACTIONS = "reopen collapse continue improve recover change decide respond negotiate deliver fail".split()


def syllable_word(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(parts))


@dataclass
class Speaker:
    name: str
    kind: str
    role: str | None


def make_speakers(rng: random.Random, count: int) -> list[Speaker]:
    speakers, seen = [], set()
    while len(speakers) < count:
        roll = rng.random()
        if roll < 0.8:
            name = f"{rng.choice(FIRST)} {syllable_word(rng, rng.randint(2, 3)).capitalize()}"
            kind, role = "person", rng.choice(ROLES)
        elif roll < 0.92:
            name = f"{syllable_word(rng, 2).capitalize()} {rng.choice(ORG_WORDS)}"
            kind, role = "organisation", None
        elif roll < 0.97:
            name = f"{syllable_word(rng, 2).capitalize()} {rng.choice(GROUPS)}"
            kind, role = "group", None
        else:
            name = f"{syllable_word(rng, 3).capitalize()}ia"
            kind, role = "place", None
        if name.lower() not in seen:
            seen.add(name.lower())
            speakers.append(Speaker(name, kind, role))
    return speakers


class Words:
    """A vocabulary of common words and many rarer invented ones, drawn with Zipf-like frequencies."""

    def __init__(self, rng: random.Random, size: int = 20000):
        self.rng = rng
        rare = {syllable_word(rng, rng.randint(2, 4)) for _ in range(size)}
        self.words = COMMON + sorted(rare)
        weights = [1 / (rank + 1) for rank in range(len(self.words))]
        total = sum(weights)
        self.cumulative = list(itertools_accumulate(w / total for w in weights))

    def take(self, count: int) -> list[str]:
        return self.rng.choices(self.words, cum_weights=self.cumulative, k=count)

    def phrase(self, low: int = 6, high: int = 16) -> str:
        words = self.take(self.rng.randint(low, high))
        verb = self.rng.choice(VERBS)
        action = self.rng.choice(ACTIONS)
        at = self.rng.randint(1, max(1, len(words) - 2))
        text = " ".join([*words[:at], verb, action, *words[at:]])
        return text[0].upper() + text[1:]


def itertools_accumulate(values: Iterator[float]) -> Iterator[float]:
    total = 0.0
    for value in values:
        total += value
        yield total


def zipf_cumulative(count: int, exponent: float) -> list[float]:
    return list(itertools_accumulate(1 / (rank + 1) ** exponent for rank in range(count)))


class Article:
    """A document's text built piece by piece, recording the offsets of what is added."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0

    def add(self, piece: str) -> int:
        start = self.length
        self.parts.append(piece)
        self.length += len(piece)
        return start

    def text(self) -> str:
        return "".join(self.parts)


def attribution(
    article: Article, rng: random.Random, speaker: Speaker, content: str, unnamed: bool
) -> dict[str, object]:
    """Appends one sentence quoting `speaker` to the article; its attribution with offsets into the text."""
    kind = rng.choices(("direct", "mixed", "indirect"), weights=(5, 1, 4))[0]
    name = speaker.name
    mention = name if unnamed or speaker.kind != "person" or rng.random() < 0.6 else name.split()[-1]
    role = speaker.role if speaker.role and rng.random() < 0.5 else None
    sentence_start = article.length
    if kind == "indirect":
        cue, lemma = rng.choice(INDIRECT_CUES)
        shown = mention[0].upper() + mention[1:]
        speaker_start = article.add(shown)
        article.add(" ")
        cue_start = article.add(cue)
        article.add(" that ")
        content_start = article.add(content[0].lower() + content[1:])
        article.add(".")
        content = content[0].lower() + content[1:]
    else:
        cue, lemma = rng.choice(CUES)
        if kind == "mixed":
            content_start = article.add(f"The plan “{content}”")
            content = f"The plan “{content}”"
            article.add(", ")
        else:
            article.add("“")
            content_start = article.add(content)
            article.add(",” ")
        cue_start = article.add(cue)
        article.add(" ")
        if role:
            article.add(f"{role} ")
        speaker_start = article.add(mention)
        article.add(".")
        mention_shown = mention
        mention = mention_shown
    sentence_end = article.length
    article.add(" ")
    return {
        "content_start": content_start,
        "content_end": content_start + len(content),
        "content": content,
        "kind": kind,
        "cue": cue,
        "cue_lemma": lemma,
        "cue_start": cue_start,
        "cue_end": cue_start + len(cue),
        "sentence_start": sentence_start,
        "sentence_end": sentence_end,
        "speaker": mention[0].upper() + mention[1:] if kind == "indirect" else mention,
        "speaker_start": speaker_start,
        "speaker_end": speaker_start + len(mention),
        "speaker_canonical": name,
        "speaker_role": role,
        "speaker_kind": "unnamed" if unnamed else speaker.kind,
    }


def synthesise(path: Path, attributions: int, seed: int = 10) -> tuple[int, int]:
    """Write extract output with about `attributions` attributions; returns (documents, attributions)."""
    rng = random.Random(seed)
    words = Words(rng)
    speakers = make_speakers(rng, max(10, attributions // 20))
    speaker_weights = zipf_cumulative(len(speakers), SPEAKER_ZIPF)
    papers = ("Times", "Post", "Herald", "News", "Daily", "Wire")
    outlets = [
        f"The {syllable_word(rng, 2).capitalize()} {rng.choice(papers)}"
        for _ in range(max(5, attributions // 3000))
    ]
    outlet_weights = zipf_cumulative(len(outlets), OUTLET_ZIPF)
    wire = [words.phrase() for _ in range(max(10, attributions // 500))]
    documents = max(1, attributions // ATTRIBUTIONS_PER_DOCUMENT)
    written = 0
    with open(path, "w", encoding="utf-8") as out:
        for number in range(documents):
            want = attributions // documents + (1 if number < attributions % documents else 0)
            outlet = rng.choices(outlets, cum_weights=outlet_weights)[0]
            day = 20089 + rng.randrange(3650)  # days since 1970: 2025-01-01 minus ten years
            published = time.strftime("%Y-%m-%d", time.gmtime(day * 86400)) if rng.random() > 0.05 else None
            title = words.phrase(4, 9)
            article = Article()
            article.add(f"{title}\n")
            quotes = []
            chosen = rng.choices(speakers, cum_weights=speaker_weights, k=want)
            for index, speaker in enumerate(chosen):
                if index and index % 3 == 0:
                    article.add("\n")
                article.add(f"{words.phrase()}. ")
                unnamed = rng.random() < UNNAMED_SHARE
                if unnamed:
                    speaker = Speaker(rng.choice(UNNAMED), "unnamed", None)
                content = rng.choice(wire) if rng.random() < REPEATED_SHARE else words.phrase()
                quotes.append(attribution(article, rng, speaker, content, unnamed))
            article.add(f"{words.phrase()}.")
            text = article.text().strip()
            slug = re.sub(r"[^a-z]+", "-", outlet.lower()).strip("-")
            document = {
                "id": content_id(text),
                "text": text,
                "source": f"synthetic:{number}",
                "title": title,
                "url": f"https://{slug}.example/{published or 'undated'}/{number}",
                "author": f"{rng.choice(FIRST)} {syllable_word(rng, 2).capitalize()}",
                "outlet": outlet,
                "published": published,
                "external_id": str(number),
            }
            line = {"id": number, "model": "synthetic==1", "document": document, "quotes": quotes}
            out.write(json.dumps(line, ensure_ascii=False) + "\n")
            written += len(quotes)
    return documents, written


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def get(url: str) -> tuple[int, float, bytes]:
    """Status, milliseconds and body of one GET."""
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=REQUEST_TIMEOUT_S) as response:
            body = response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        body, status = error.read(), error.code
    except (urllib.error.URLError, TimeoutError) as error:
        body, status = str(error).encode(), 0
    return status, (time.perf_counter() - start) * 1000, body


def wait_for(url: str, server: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise click.ClickException(f"quotetrack serve exited with {server.returncode}")
        status, _, _ = get(url)
        if status == 200:
            return
        time.sleep(0.3)
    raise click.ClickException(f"quotetrack serve did not answer {url} within {seconds:.0f} s")


def sample(db_path: Path) -> dict[str, object]:
    """Realistic parameters: the most quoted speaker, a mid-size one, an article, a common word."""
    with sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True) as conn:
        counts = conn.execute(
            "select speaker_id, count(*) as n from attributions where speaker_id is not null"
            " group by speaker_id order by n desc"
        ).fetchall()
        top, top_n = counts[0]
        mid, mid_n = next(((s, n) for s, n in counts if n <= 1000), counts[len(counts) // 2])
        name = conn.execute("select name from speakers where id = ?", [top]).fetchone()[0]
        mid_name = conn.execute("select name from speakers where id = ?", [mid]).fetchone()[0]
        document = conn.execute(
            "select document_id from attributions where speaker_id = ? limit 1", [mid]
        ).fetchone()[0]
        tables = {row[0] for row in conn.execute("select name from sqlite_master where type = 'table'")}
        # The quote trail with most appearances (wire copy), where the database keeps trails.
        trail = (
            conn.execute("select id, appearances from trails order by appearances desc limit 1").fetchone()
            if "trails" in tables
            else None
        )
    return {
        "trail": trail,
        "top": top,
        "top_n": top_n,
        "top_name": name,
        "mid": mid,
        "mid_n": mid_n,
        "mid_name": mid_name,
        "document": document,
    }


def pages(base: str, db: str, found: dict[str, object]) -> list[tuple[str, str]]:
    """(label, path) of every page to time."""
    status, _, body = get(f"{base}/{db}.json")
    if status != 200:
        raise click.ClickException(f"/{db}.json answered {status}")
    info = json.loads(body)
    q = urllib.parse.quote
    listed = [("home", "/"), ("database", f"/{db}"), ("about", "/-/quotetrack")]
    listed += [(f"table {t['name']}", f"/{db}/{q(t['name'])}") for t in info["tables"] if not t["hidden"]]
    listed += [(f"view {v['name']}", f"/{db}/{q(v['name'])}") for v in info.get("views", [])]
    params = {"words": "government budget", "speaker": str(found["top_name"])}
    for query in info.get("queries", []):
        name = query["name"]
        args = {key: value for key, value in params.items() if f":{key}" in query.get("sql", "")}
        suffix = f"?{urllib.parse.urlencode(args)}" if args else ""
        listed.append((f"query {name}", f"/{db}/{q(name)}{suffix}"))
        if "speaker" in args:
            mid = urllib.parse.urlencode({**args, "speaker": found["mid_name"]})
            listed.append((f"query {name} (mid speaker)", f"/{db}/{q(name)}?{mid}"))
    listed += [
        (f"speaker page: top ({found['top_n']:,})", f"/{db}/-/speaker/{found['top']}"),
        (f"speaker page: mid ({found['mid_n']:,})", f"/{db}/-/speaker/{found['mid']}"),
        ("article page", f"/{db}/-/article/{found['document']}"),
        ("table search ?_search=", f"/{db}/attributions?_search=government+budget"),
        ("facet attributions by kind", f"/{db}/attributions?_facet=kind"),
        ("quotes_and_claims sorted by kind (desc)", f"/{db}/quotes_and_claims?_sort_desc=kind"),
        ("quotes_and_claims faceted by kind", f"/{db}/quotes_and_claims?_facet=kind"),
        ("facet documents by outlet", f"/{db}/documents?_facet=outlet"),
        ("attributions of top speaker", f"/{db}/attributions?speaker_id={found['top']}"),
        ("search .json", f"/{db}/search.json?words=government&_shape=array"),
    ]
    if found["trail"]:
        trail, appearances = found["trail"]  # type: ignore[misc]
        listed.append((f"trail page: largest ({appearances:,} appearances)", f"/{db}/-/trail/{trail}"))
    return listed


def next_link(base: str, path: str) -> str | None:
    """The speaker page's link to its next page, if it has one."""
    _, _, body = get(base + path)
    found = re.search(rb'<a[^>]*class="qt-next"[^>]*href="([^"]+)"', body) or re.search(
        rb'<a[^>]*href="([^"]+)"[^>]*class="qt-next"', body
    )
    return found.group(1).decode().replace("&amp;", "&") if found else None


def cpu_ms(pid: int) -> float:
    """CPU time (user and system, all threads) a process has used so far, in ms (Linux /proc; 10 ms steps)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def time_pages(base: str, listed: list[tuple[str, str]], pid: int) -> list[tuple[str, int, float, float]]:
    """(label, status, best ms, best server CPU ms) per page: CPU is what the page costs on a machine
    whose cores are busy with other work, where the wall clock also counts the waiting."""
    results = []
    budget = MAX_REQUESTS
    for label, path in listed:
        best, best_cpu, status = float("inf"), float("inf"), 0
        for _ in range(ROUNDS):
            if budget <= 0:
                break
            budget -= 1
            before = cpu_ms(pid)
            status, ms, _ = get(base + path)
            best, best_cpu = min(best, ms), min(best_cpu, cpu_ms(pid) - before)
            if status != 200:
                break
        results.append((label, status, best, best_cpu))
    return results


def size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*") if p.is_file())


@click.command()
@click.option("--attributions", "count", type=int, default=100_000, show_default=True)
@click.option("--keep", type=click.Path(file_okay=False, path_type=Path), help="Keep the files here.")
@click.option("--reuse", is_flag=True, help="Serve the database already in --keep DIR without loading.")
@click.option("--budget-ms", type=float, default=500, show_default=True, help="Slowest acceptable page.")
@click.option("--seed", type=int, default=10, show_default=True)
def main(count: int, keep: Path | None, reuse: bool, budget_ms: float, seed: int) -> None:
    """Time the quote desk on a synthetic database of --attributions attributions."""
    folder = keep or Path(tempfile.mkdtemp(prefix="quotetrack-scale-"))
    folder.mkdir(parents=True, exist_ok=True)
    extract, db_path = folder / "extract.jsonl", folder / "scale.db"
    rate = None
    if not (reuse and db_path.exists()):
        for stale in folder.glob("scale.db*"):
            stale.unlink()
        start = time.perf_counter()
        documents, written = synthesise(extract, count, seed)
        click.echo(
            f"synthesised {written:,} attributions in {documents:,} documents"
            f" ({extract.stat().st_size / 1e6:,.0f} MB) in {time.perf_counter() - start:.0f} s"
        )
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "quotetrack", "load", str(extract), "--db", str(db_path)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        seconds = time.perf_counter() - start
        with sqlite3.connect(db_path) as conn:
            stored = conn.execute("select count(*) from attributions").fetchone()[0]
        rate = stored / seconds
        click.echo(f"loaded {stored:,} attributions in {seconds:.0f} s: {rate:,.0f} attributions/s")
    found = sample(db_path)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [sys.executable, "-m", "quotetrack", "serve", "--db", str(db_path), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(f"{base}/-/versions.json", server)
        listed = pages(base, db_path.stem, found)
        following = next_link(base, f"/{db_path.stem}/-/speaker/{found['top']}")
        if following:
            listed.append(("speaker page: top, next page", following))
            deeper = following
            for _ in range(3):
                deeper = next_link(base, deeper) or deeper
            listed.append(("speaker page: top, 5th page", deeper))
        results = time_pages(base, listed, server.pid)
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    width = max(len(label) for label, *_ in results)
    click.echo(f"\n{'page':{width}}  status  best of {ROUNDS} (ms)  server CPU (ms)")
    for label, status, ms, cpu in results:
        click.echo(f"{label:{width}}  {status:6}  {ms:16.0f}  {cpu:15.0f}")
    with sqlite3.connect(db_path) as conn:
        stored = conn.execute("select count(*) from attributions").fetchone()[0]
        documents = conn.execute("select count(*) from documents").fetchone()[0]
        speakers = conn.execute("select count(*) from speakers").fetchone()[0]
    click.echo(
        f"\n{stored:,} attributions, {documents:,} documents, {speakers:,} speakers;"
        f" load average {os.getloadavg()[0]:.1f};"
        f" database {size(db_path) / 1e6:,.0f} MB" + (f"; load {rate:,.0f} attributions/s" if rate else "")
    )
    slowest = max(ms for _, _, ms, _ in results)
    failed = [label for label, status, *_ in results if status != 200]
    click.echo(
        f"slowest page {slowest:.0f} ms; {len(failed)} failed{': ' + ', '.join(failed) if failed else ''}"
    )
    if not keep:
        for path in folder.glob("*"):
            path.unlink()
        folder.rmdir()
    if failed or slowest > budget_ms:
        sys.exit(1)


if __name__ == "__main__":
    main()
