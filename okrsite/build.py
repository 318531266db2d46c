"""The build: check, score, render, write. Content errors stop it before anything is written."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from okrsite.audience import Withheld, for_audience
from okrsite.check import CheckCache, CheckResult, check, check_loaded, resolve_as_of
from okrsite.config import SiteConfig
from okrsite.diskcache import (
    LastBuild,
    Manifest,
    fingerprint,
    load_check_cache,
    load_last_build,
    save_check_cache,
    save_last_build,
)
from okrsite.export import json_chunks, to_csv, to_json
from okrsite.gitinfo import last_changes
from okrsite.gitsnapshot import TAG_PREFIX, Commit, GitError, commit_day, find_repo, materialise, period_tags
from okrsite.load import Loaded, load
from okrsite.model import Site, Status
from okrsite.parallel import gc_paused
from okrsite.score import ScoreMemo, score
from okrsite.score.model import Scorecard
from okrsite.site import Rendered, RenderMemo, SitePlan, render_pages, render_site, site_plan
from okrsite.site.theme import ThemeError, find_theme
from okrsite.workers import render_into
from okrsite.write import OutputFile, Staging, check_output_dir


@dataclass(frozen=True, slots=True)
class BuildResult:
    """What a build did: the check it ran, and (when it got that far) the scores and files."""

    check: CheckResult
    out: Path
    scorecard: Scorecard | None = None
    files: int = 0
    up_to_date: bool = False  # nothing changed since the last build: nothing was written
    withheld: Withheld = field(default_factory=Withheld)  # what a public build left out
    notes: tuple[str, ...] = ()  # what the build could not do but did not stop for (a snapshot)

    @property
    def built(self) -> bool:
        """True when the site was written, or was already up to date."""
        return self.scorecard is not None or self.up_to_date


@dataclass
class BuildCache:
    """Everything `okrsite serve` keeps between builds: stamps and texts of files, per-file
    validation results, and the last render, so that a rebuild does only the work a change needs."""

    check: CheckCache = field(default_factory=CheckCache)
    score: ScoreMemo = field(default_factory=ScoreMemo)
    render: RenderMemo = field(default_factory=RenderMemo)


@dataclass(frozen=True, slots=True)
class Compiled:
    """A site checked and, when the check passed, rendered in memory. The open data export is
    made on demand (`exports()`): `okrsite serve` only makes it when someone asks for it."""

    check: CheckResult
    scorecard: Scorecard | None
    files: tuple[OutputFile, ...]
    site: Site | None = None
    served: Mapping[str, Rendered] = field(default_factory=dict)  # lazy pages, for `okrsite serve`
    withheld: Withheld = field(default_factory=Withheld)

    def exports(self) -> tuple[OutputFile, ...]:
        """okrs.json and okrs.csv of the compiled site (none when the check failed)."""
        if self.site is None or self.scorecard is None:
            return ()
        config = self.check.config
        return (
            OutputFile("okrs.json", to_json(self.site, config, self.scorecard, self.withheld).encode()),
            OutputFile("okrs.csv", to_csv(self.site, self.scorecard).encode()),
        )


def publishable(site: Site, drafts: bool = False) -> Site:
    """The site without drafts (unless `drafts`), as a production build publishes it."""
    if drafts:
        return site
    return replace(site, objectives=tuple(o for o in site.objectives if o.status is not Status.DRAFT))


def compile_site(
    root: Path,
    as_of: date | None = None,
    strict: bool = False,
    drafts: bool = False,
    cache: BuildCache | None = None,
    lazy: bool = False,
    audience: str | None = None,
) -> Compiled:
    """Check the site at `root`; if it passes, score it and render every file, in memory. With
    `lazy` the pages go to `served` and are rendered when first asked for. `audience` (default:
    okrsite.yaml's `audience`) is who the site is for (see okrsite.audience)."""
    with gc_paused():
        result = check(root, as_of, cache.check if cache else None)
        if result.failed(strict):
            return Compiled(result, None, ())
        site, withheld = for_audience(publishable(result.site, drafts), audience or result.config.audience)
        card = score(site, result.config, result.as_of, cache.score if cache else None)
        memo = cache.render if cache else None
        git = last_changes(result.root)
        if lazy:
            served = render_pages(
                result.root, site, result.config, card, git, memo, lazy=True, withheld=withheld
            )
            return Compiled(result, card, (), site, served, withheld)
    pages = render_site(result.root, site, result.config, card, git, memo, withheld)
    return Compiled(result, card, tuple(pages), site, withheld=withheld)


Progress = Callable[[str, int, int], None]
"""Told (stage, done, total) as a long build goes: the CLI draws a bar on a terminal."""


@dataclass(frozen=True, slots=True)
class History:
    """Where a build of a commit finds what the commit's files do not carry: the working tree's
    site folder (its themes/, its git repository) and the commit itself."""

    home: Path
    rev: str


def build(
    root: Path,
    out: Path | None = None,
    as_of: date | None = None,
    strict: bool = False,
    drafts: bool = False,
    progress: Progress | None = None,
    workers: int = 0,
    use_cache: bool = True,
    audience: str | None = None,
    snapshots: bool | None = None,
    history: History | None = None,
) -> BuildResult:
    """Check the site at `root`; if it passes, score it and write it to `out` (default public/).

    The pages are rendered on every core (`workers`, default one per core) straight into a
    staging folder, which replaces `out` only when every file is written. With `use_cache`,
    unchanged files are not parsed again, and a build with nothing to do (the same inputs, and
    the output folder as the last build left it) does nothing (see okrsite.diskcache).
    `audience` (default: okrsite.yaml's `audience`): `public` leaves internal items out.
    `snapshots` (default: okrsite.yaml's `snapshots`): each `okrs/<period>` tag's site is built
    into snapshots/<period>/ and linked from that period's page. `history`: `root` holds the
    files of an older commit (see okrsite.gitsnapshot), built with the working tree's themes."""
    loaded = load(root)
    config = loaded.config
    home, rev = (history.home, history.rev) if history else (root, "HEAD")
    target = out if out is not None else home / config.output_dir
    day = resolve_as_of(config, as_of)
    theme = find_theme(home, config.theme)
    git = last_changes(home, rev=rev)
    who = audience or config.audience
    tags = _period_tags(home) if (config.snapshots if snapshots is None else snapshots) else {}
    print_ = fingerprint(
        loaded,
        (day, drafts, who, theme.folders, theme.stamp(), sorted(git.items()), sorted(tags.items()), rev),
    )
    last = load_last_build(root) if use_cache else None
    if (
        last is not None
        and (last.fingerprint, last.out) == (print_, str(target.resolve()))
        and target.is_dir()
        and Manifest.of(target) == last.manifest
    ):
        result = replace(last.check, sources=_sources(loaded))
        if result.failed(strict):
            return BuildResult(result, target)
        return BuildResult(
            result, target, files=last.files, up_to_date=True, withheld=last.withheld, notes=last.notes
        )
    with gc_paused():
        cache = load_check_cache(root) if use_cache else CheckCache()
        checking = (lambda done, total: progress("Checking", done, total)) if progress else None
        result = check_loaded(loaded, day, cache, checking)
        if use_cache:
            save_check_cache(root, cache)
        if result.failed(strict):
            return BuildResult(result, target)
        check_output_dir(target, home, home / config.content_dir)
        site, withheld = for_audience(publishable(result.site, drafts), who)
        card = score(site, config, result.as_of)
    stage = Staging(target)
    try:  # with the collector running: rendering makes cycles (Jinja's)
        periods = {o.period.key for o in site.objectives}
        frozen = {key: commit for key, commit in tags.items() if key in periods}
        made, notes, files = _snapshots(home, frozen, stage, who, workers)
        with gc_paused():
            plan = site_plan(site, config, card, git, theme, withheld, made)
        files += _write(plan, stage, (site, config, card, withheld), workers, progress)
        stage.commit()
    except BaseException:
        stage.discard()
        raise
    if use_cache:
        kept = result.without_records()
        manifest = Manifest.of(target)
        save_last_build(
            root, LastBuild(print_, str(target.resolve()), kept, manifest, files, withheld, notes)
        )
    return BuildResult(result, target, card, files, withheld=withheld, notes=notes)


Scored = tuple[Site, SiteConfig, Scorecard, Withheld]


def _write(plan: SitePlan, stage: Staging, scored: Scored, workers: int, progress: Progress | None) -> int:
    """Render `plan` into `stage` with its assets and open data; the number of files written."""
    site, config, card, withheld = scored
    total = len(plan.pages)

    def extras() -> None:
        for path, data in plan.assets.items():
            stage.write(path, data)
        with stage.path_for("okrs.json").open("w", encoding="utf-8", newline="") as f:
            f.writelines(json_chunks(site, config, card, withheld))
        stage.write("okrs.csv", to_csv(site, card).encode())

    def tick(done: int) -> None:
        if progress is not None:
            progress("Rendering", done, total)

    pages = render_into(plan, stage, workers, tick if progress else None, extras)
    return pages + len(plan.assets) + 2


def _period_tags(home: Path) -> dict[str, str]:
    """Period key -> commit of every `okrs/<period>` tag (none outside a git repository)."""
    try:
        return {key: c.sha for key, c in period_tags(find_repo(home)).items()}
    except GitError:
        return {}


SNAPSHOTS = "snapshots"
"""The folder of the output that holds the frozen sites of tagged periods."""


def _snapshots(
    home: Path, tags: Mapping[str, str], stage: Staging, audience: str, workers: int
) -> tuple[dict[str, str], tuple[str, ...], int]:
    """Build each tagged period's site into snapshots/<period>/ of `stage`: the periods built
    (key -> index page), what went wrong with the others, and the files written."""
    made: dict[str, str] = {}
    notes: list[str] = []
    files = 0
    if not tags:
        return made, (), 0
    repo = find_repo(home)
    for key, sha in sorted(tags.items()):
        commit = Commit(f"{TAG_PREFIX}{key}", sha)
        with tempfile.TemporaryDirectory(prefix="okrsite-snapshot-") as tmp:
            try:
                if not materialise(repo, commit, Path(tmp)):
                    notes.append(f"the tag {commit.ref} holds no {repo.where}: no snapshot of {key}")
                    continue
                inner = stage.within(f"{SNAPSHOTS}/{key}")
                built = _snapshot(
                    Path(tmp), inner, History(home, sha), commit_day(repo, commit), audience, workers
                )
            except (GitError, ThemeError) as exc:
                notes.append(f"no snapshot of {key} from the tag {commit.ref}: {exc}")
                continue
        if isinstance(built, str):
            notes.append(f"no snapshot of {key} from the tag {commit.ref}: {built}")
            continue
        made[key] = f"{SNAPSHOTS}/{key}/index.html"
        files += built
    return made, tuple(notes), files


def _snapshot(
    root: Path, stage: Staging, history: History, made_on: date, audience: str, workers: int
) -> int | str:
    """One tagged period's site into `stage`: the files written, or why it could not be built."""
    loaded = load(root)
    config = loaded.config
    with gc_paused():
        result = check_loaded(loaded, config.as_of or made_on)
        if result.failed(False):
            return (
                f"its files have {result.errors} error(s) under this version of okrsite "
                "(okrsite build --ref with that tag shows them)"
            )
        site, withheld = for_audience(publishable(result.site), audience)
        card = score(site, config, result.as_of)
        git = last_changes(history.home, rev=history.rev)
        plan = site_plan(site, config, card, git, find_theme(history.home, config.theme), withheld)
    return _write(plan, stage, (site, config, card, withheld), workers, None)


def _sources(loaded: Loaded) -> dict[str, str]:
    sources = {f.path: f.text for f in loaded.files}
    sources["okrsite.yaml"] = loaded.config_text
    return sources
