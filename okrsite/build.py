"""The build: check, score, render, write. Content errors stop it before anything is written."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from okrsite.check import CheckCache, CheckResult, check, check_loaded, resolve_as_of
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
from okrsite.load import Loaded, load
from okrsite.model import Site, Status
from okrsite.parallel import gc_paused
from okrsite.score import ScoreMemo, score
from okrsite.score.model import Scorecard
from okrsite.site import Rendered, RenderMemo, render_pages, render_site, site_plan
from okrsite.site.theme import find_theme
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

    def exports(self) -> tuple[OutputFile, ...]:
        """okrs.json and okrs.csv of the compiled site (none when the check failed)."""
        if self.site is None or self.scorecard is None:
            return ()
        config = self.check.config
        return (
            OutputFile("okrs.json", to_json(self.site, config, self.scorecard).encode()),
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
) -> Compiled:
    """Check the site at `root`; if it passes, score it and render every file, in memory. With
    `lazy` the pages go to `served` and are rendered when first asked for."""
    with gc_paused():
        result = check(root, as_of, cache.check if cache else None)
        if result.failed(strict):
            return Compiled(result, None, ())
        site = publishable(result.site, drafts)
        card = score(site, result.config, result.as_of, cache.score if cache else None)
        memo = cache.render if cache else None
        git = last_changes(result.root)
        if lazy:
            served = render_pages(result.root, site, result.config, card, git, memo, lazy=True)
            return Compiled(result, card, (), site, served)
    pages = render_site(result.root, site, result.config, card, git, memo)
    return Compiled(result, card, tuple(pages), site)


Progress = Callable[[str, int, int], None]
"""Told (stage, done, total) as a long build goes: the CLI draws a bar on a terminal."""


def build(
    root: Path,
    out: Path | None = None,
    as_of: date | None = None,
    strict: bool = False,
    drafts: bool = False,
    progress: Progress | None = None,
    workers: int = 0,
    use_cache: bool = True,
) -> BuildResult:
    """Check the site at `root`; if it passes, score it and write it to `out` (default public/).

    The pages are rendered on every core (`workers`, default one per core) straight into a
    staging folder, which replaces `out` only when every file is written. With `use_cache`,
    unchanged files are not parsed again, and a build with nothing to do (the same inputs, and
    the output folder as the last build left it) does nothing (see okrsite.diskcache)."""
    loaded = load(root)
    config = loaded.config
    target = out if out is not None else root / config.output_dir
    day = resolve_as_of(config, as_of)
    theme = find_theme(root, config.theme)
    git = last_changes(root)
    print_ = fingerprint(loaded, (day, drafts, theme.folders, theme.stamp(), sorted(git.items())))
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
        return BuildResult(result, target, files=last.files, up_to_date=True)
    with gc_paused():
        cache = load_check_cache(root) if use_cache else CheckCache()
        checking = (lambda done, total: progress("Checking", done, total)) if progress else None
        result = check_loaded(loaded, day, cache, checking)
        if use_cache:
            save_check_cache(root, cache)
        if result.failed(strict):
            return BuildResult(result, target)
        check_output_dir(target, root, root / config.content_dir)
        site = publishable(result.site, drafts)
        card = score(site, config, result.as_of)
        plan = site_plan(site, config, card, git, theme)
    total = len(plan.pages)
    stage = Staging(target)

    def extras() -> None:
        for path, data in plan.assets.items():
            stage.write(path, data)
        with stage.path_for("okrs.json").open("w", encoding="utf-8", newline="") as f:
            f.writelines(json_chunks(site, config, card))
        stage.write("okrs.csv", to_csv(site, card).encode())

    def tick(done: int) -> None:
        if progress is not None:
            progress("Rendering", done, total)

    try:  # with the collector running: rendering makes cycles (Jinja's)
        pages = render_into(plan, stage, workers, tick if progress else None, extras)
        stage.commit()
    except BaseException:
        stage.discard()
        raise
    files = pages + len(plan.assets) + 2
    if use_cache:
        kept = result.without_records()
        save_last_build(root, LastBuild(print_, str(target.resolve()), kept, Manifest.of(target), files))
    return BuildResult(result, target, card, files)


def _sources(loaded: Loaded) -> dict[str, str]:
    sources = {f.path: f.text for f in loaded.files}
    sources["okrsite.yaml"] = loaded.config_text
    return sources
