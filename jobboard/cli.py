"""The one command line: ``jobboard <command>``. Later issues add commands here."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, get_args, get_origin

from pydantic import ValidationError

from core.errors import JobboardError
from core.settings import Settings, get_settings
from crawlers.runs import Trigger

if TYPE_CHECKING:
    from index.understand import QueryTerm
    from parsers.record import Posting

_OWN_OPTIONS = ("q", "include_archived")  # q is positional; search and dump say differently what archived ones do


class BadFilter(JobboardError):
    """A filter value the search does not take: a usage error (exit 2), named by its option."""


class CannotWrite(JobboardError):
    """A file the command was asked to write could not be written (exit 1, as for the index and dumps)."""

    exit_status = 1


def _option(name: str) -> str:
    from index.filters import parameter

    return name if name == "q" else "--" + parameter(name).replace("_", "-")


def _choices(annotation: object) -> tuple[str, ...] | None:
    """The values a ``Literal`` (or an optional one) allows."""
    for part in (annotation, *get_args(annotation)):
        if get_origin(part) is Literal:
            return get_args(part)
    return None


def _help(description: str | None) -> str | None:
    """A filter's API description in the style of the other options' help: 'skill tag; repeat for several'."""
    if not description:
        return None
    text = description.rstrip(".")
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def add_filter_arguments(parser: argparse.ArgumentParser) -> None:
    """The search filters, shared by ``search`` and ``dump``: an option per field of ``index.filters.Filters``,
    so a filter declared there is offered here too."""
    from index.filters import FILTER_NAMES, Filters, Switch, marker, parameter

    parser.add_argument("q", nargs="?", help="free text")
    for name in FILTER_NAMES:
        if name in _OWN_OPTIONS:
            continue
        info, how = Filters.model_fields[name], marker(name)
        if isinstance(how, Switch):
            parser.add_argument(how.option, dest=name, action="store_const", const=how.value, help=how.help)
            continue
        described = _help(info.description)
        if get_origin(info.annotation) is list:
            parser.add_argument(_option(name), dest=name, action="append", metavar=parameter(name).upper(), help=described)
        else:
            parser.add_argument(_option(name), dest=name, choices=_choices(info.annotation), help=described)


def filter_values(args: argparse.Namespace) -> dict[str, Any]:
    """The filters given to ``add_filter_arguments``' options, as checked ``SearchQuery`` fields; a value the
    search does not take stops the command with a line naming its option."""
    from index.filters import FILTER_NAMES, Filters

    given = {name: getattr(args, name) for name in FILTER_NAMES if name != "include_archived"}  # the command's own
    try:
        filters = Filters.model_validate({name: value for name, value in given.items() if value is not None})
    except ValidationError as exc:
        error = exc.errors(include_url=False)[0]
        where = _option(str(error["loc"][0])) if error.get("loc") else "filter"
        raise BadFilter(f"invalid {where}: {error['msg']}") from None
    return filters.model_dump(exclude_unset=True)


def _records(paths: list[str], failures: list[str], progress: bool = False) -> Iterator[Posting]:
    """Records from posting files and folders; a path that cannot be read (missing, a dangling link, a FIFO, here or
    under a folder) or an unparsable file gets one stderr line and is skipped."""
    from parsers import ParseError, iter_posting_files, parse_file

    def unreadable(path: Path, problem: str) -> None:
        print(f"{path}: {problem}", file=sys.stderr)
        failures.append(str(path))

    max_bytes = int(get_settings().max_file_mb * 1024 * 1024)
    files = list(iter_posting_files(paths, on_problem=unreadable))
    for number, path in enumerate(files, 1):
        try:
            records = parse_file(path, max_bytes=max_bytes)
        except ParseError as exc:
            print(f"{path}: {exc}", file=sys.stderr)
            failures.append(str(path))
            records = []
        yield from records
        if progress and (number % 50 == 0 or number == len(files)):
            print(f"\rparsed {number}/{len(files)} files", end="\n" if number == len(files) else "", file=sys.stderr, flush=True)


def _cmd_parse(args: argparse.Namespace) -> int:
    failures: list[str] = []
    out = sys.stdout
    for record in _records(args.paths or [str(get_settings().samples_dir)], failures):
        out.write(record.model_dump_json())
        out.write("\n")
    out.flush()
    return 1 if failures else 0


def _cmd_index(args: argparse.Namespace) -> int:
    from crawlers.pipelines import index_journal
    from index import open_index

    settings = get_settings()
    paths = args.paths or [str(p) for p in (settings.samples_dir, settings.postings_dir) if p.exists()]
    failures: list[str] = []
    records = list(_records(paths, failures, progress=sys.stderr.isatty()))
    index = open_index(settings)
    try:
        replayed = index_journal(settings).replay(index)  # what a killed crawl wrote but did not index
        count = index.rebuild(records) if args.rebuild else index.upsert(records)
        total = index.count()
    finally:
        index.close()
    for problem in replayed.problems:
        print(problem, file=sys.stderr)
        failures.append(problem)
    if replayed.indexed:
        print(f"indexed {replayed.indexed} postings an interrupted crawl left out of the index", file=sys.stderr)
    verb = "rebuilt the index with" if args.rebuild else "indexed"
    print(f"{verb} {count} postings; {total} searchable (archived ones hidden); {len(failures)} files skipped", file=sys.stderr)
    return 1 if failures else 0


def _cmd_search(args: argparse.Namespace) -> int:
    from index import SearchQuery, open_index

    query = SearchQuery(
        **filter_values(args),
        include_archived=args.include_archived,
        sort=args.sort,
        size=args.size,
        facet_size=10 if args.json else 0,  # the table shows no facets, so it does not pay for them
    )
    from index.base import explained

    index = open_index()
    try:
        result = explained(index, query)
    finally:
        index.close()
    if args.json:
        payload = {
            "total": result.total,
            "items": [hit.record.model_dump(mode="json") for hit in result.items],
            "facets": {name: [v.model_dump() for v in values] for name, values in result.facets.items()},
            "next_cursor": result.next_cursor,
            "interpretation": result.interpretation.model_dump() if result.interpretation else None,
            "suggestions": [relaxed.model_dump() for relaxed in result.suggestions],
        }
        print(json.dumps(payload, ensure_ascii=False))
        return 0
    print(f"{result.total} postings")
    if result.interpretation and any(t.kind != "text" for t in result.interpretation.terms):
        print("read as: " + ", ".join(_read_as(t) for t in result.interpretation.terms))
    for relaxed in result.suggestions:
        if relaxed.total:
            print(f"  without {relaxed.parameter} {relaxed.value}: {relaxed.total}")
    for hit in result.items:
        record = hit.record
        where = (
            "; ".join(", ".join(x for x in (p.city, p.country_code) if x) for p in record.location.places)
            or record.location.raw
            or "-"
        )
        work = "/".join(record.location.workplace) or "-"
        posted = record.posted_at.date().isoformat() if record.posted_at else "-"
        tags = " ".join("#" + t for t in record.hashtags[:5])
        print(f"{posted:10}  {record.title[:40]:40}  {(record.company.name or '-')[:24]:24}  {where[:24]:24}  {work:20}  {tags}")
    return 0


def _read_as(term: QueryTerm) -> str:
    """One term of a search's interpretation as the line above the table shows it: 'rails → hashtags=rails'."""
    if term.kind == "field":
        return f"{term.text} → {term.field}={term.value}" + (" (spelling)" if term.near else "")
    if term.kind == "tag":
        return f"{term.text} (required)"
    if term.kind == "phrase":
        return f'"{term.text}" (phrase)'
    return term.text


def _cmd_schema(args: argparse.Namespace) -> int:
    from parsers.record import posting_json_schema

    target = Path(args.out) if args.out else get_settings().data_dir / "schema" / "posting.schema.json"
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(posting_json_schema(), indent=2, sort_keys=True) + "\n", encoding="utf-8")
    except OSError as exc:
        raise CannotWrite(f"cannot write {target}: {exc.strerror or exc}") from None
    print(f"wrote {target}", file=sys.stderr)
    return 0


def _cmd_crawl(args: argparse.Namespace) -> int:
    from core.logs import setup_logging
    from crawlers.report import new_run_id
    from crawlers.runner import RecordedRun, company_list, crawl_in_process, exit_status
    from crawlers.runs import crawl_key

    settings = get_settings()
    on_terminal = sys.stderr.isatty()
    run_id = args.run_id or os.environ.get("JOBBOARD_RUN_ID") or new_run_id()
    setup_logging(
        "INFO" if args.verbose or not on_terminal else "ERROR",
        run_id=run_id,
        fmt=settings.log_format,
        tracebacks=args.verbose or not on_terminal,  # at a terminal the report says why each company failed
    )
    key = crawl_key(args.companies_file, args.companies, settings)
    if _invalid_companies(args.companies, settings):
        return 2  # a typo on the command line is a usage error: nothing is crawled, nothing recorded
    try:
        # The lock of these companies and this run's row, for as long as this process crawls.
        with RecordedRun(settings, key, args.trigger, run_id, log_path=args.log_path, ready_fd=args.ready_fd) as run:
            companies = company_list(args.companies, args.companies_file, settings)
            outcome = crawl_in_process(
                companies,
                settings,
                run_id,
                full=args.full,
                update_index=not args.no_index,
                progress=on_terminal and not args.verbose,
            )
            print(outcome.report.model_dump_json() if args.json else outcome.report.summary())
            return run.finish(outcome)
    except (JobboardError, KeyboardInterrupt) as exc:
        if isinstance(exc, JobboardError):
            print(f"jobboard: {exc}", file=sys.stderr)
        return exit_status(exc)


def _invalid_companies(names: list[str], settings: Settings) -> bool:
    """Say on stderr which companies named on the command line are not valid (ATS:TOKEN, URL or slug); True if any.
    A companies file keeps its own behaviour: its bad lines are reported in the run and the rest crawled."""
    if not names:
        return False
    from crawlers.companies import parse_companies

    _, invalid = parse_companies(names, settings.api_bases())
    for bad in invalid:
        print(f"jobboard: invalid company {bad.spec!r}: {bad.reason}", file=sys.stderr)
    return bool(invalid)


def _cmd_detect(args: argparse.Namespace) -> int:
    from crawlers.detect import detect
    from crawlers.settings import tuned

    settings = get_settings()
    agent = str(tuned(settings)["USER_AGENT"])
    missing = 0
    for url in args.urls:
        found = detect(url, agent, timeout=settings.crawl_timeout_s)
        if found.error:
            print(f"jobboard: {url}: {found.error}", file=sys.stderr)
        elif not found.boards:
            print(f"jobboard: {url}: no ATS board in {found.how}", file=sys.stderr)
        for board in found.boards:
            print(f"{board.line}  # {url}")
        missing += not found.boards
    return 1 if missing else 0


def _cmd_reparse(args: argparse.Namespace) -> int:
    from crawlers.items import CompanyState
    from crawlers.runner import reparse

    report = reparse(args.companies, get_settings(), update_index=not args.no_index)
    print(report.summary())
    # No network is involved: a company that could not be reparsed (none kept, unreadable) is a failure to say.
    return 1 if report.failed or any(r.status is CompanyState.failed for r in report.results) else 0


def _cmd_schedule(args: argparse.Namespace) -> int:
    from core.logs import setup_logging
    from jobboard.scheduler import build_scheduler, describe, run_forever

    settings = get_settings()
    setup_logging("INFO", fmt=settings.log_format)
    if args.list:
        scheduler = build_scheduler(settings)
        try:
            for job in describe(scheduler):
                print(f"{job['id']:40}  {job['trigger']:40}  next {job['next_run']}")
        finally:
            scheduler.shutdown(wait=False)
        return 0
    return run_forever(settings)


def _cmd_runs(args: argparse.Namespace) -> int:
    from crawlers.runs import RunStore

    runs = RunStore.of(get_settings()).recent(args.limit)
    if args.json:
        for run in runs:
            print(run.model_dump_json())
        return 0
    for run in runs:
        took = f"{(run.finished_at - run.started_at).total_seconds():.0f}s" if run.finished_at else "-"
        counts = run.stats.companies if run.stats else {}
        summary = ", ".join(f"{n} {state}" for state, n in counts.items() if n)
        print(f"{run.id}  {run.status:11}  {run.trigger:8}  {took:>6}  {run.companies_file}  {summary}")
        if run.error:
            print(f"    {run.error}")
    return 0


def _cmd_serve(args: argparse.Namespace) -> int:
    from api.server import run

    return run(host=args.host, port=args.port, alongside=_scheduler if args.with_scheduler else None)


def _scheduler(settings: Settings) -> Callable[[], None]:
    """``serve --with-scheduler``: the crawl scheduler in the server's process, and how to stop it with the server."""
    from core.logs import setup_logging
    from jobboard.scheduler import build_scheduler, describe, shutdown

    setup_logging("INFO", fmt=settings.log_format)
    scheduler = build_scheduler(settings)
    for job in describe(scheduler):
        print(f"jobboard: scheduled {job['id']} ({job['trigger']}), next run {job['next_run']}", file=sys.stderr)
    # Its running crawls get SIGTERM and time to record their end; none is orphaned.
    return lambda: shutdown(scheduler, settings)


def _int_between(low: int, high: int) -> Callable[[str], int]:
    """An argparse type for a whole number in ``low..high``: its error names the range, not every allowed value."""

    def convert(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{value} is not between {low} and {high}")
        return value

    return convert


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="jobboard", description="Crawl, normalize and search job postings.")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = commands.add_parser("parse", help="normalize posting files and print one JSON record per line")
    p.add_argument("paths", nargs="*", metavar="PATH", help="files or folders (default: the samples folder)")
    p.set_defaults(handler=_cmd_parse)

    i = commands.add_parser("index", help="parse posting files and add them to the search index")
    i.add_argument("paths", nargs="*", metavar="PATH", help="files or folders (default: data/samples and data/postings)")
    i.add_argument("--rebuild", action="store_true", help="build a fresh index and swap it in atomically")
    i.set_defaults(handler=_cmd_index)

    q = commands.add_parser("search", help="search the index")
    add_filter_arguments(q)
    q.add_argument("--include-archived", action="store_true")
    q.add_argument("--sort", choices=("relevance", "date"))
    q.add_argument("--size", type=_int_between(1, 100), default=20, metavar="N", help="results to show, 1 to 100 (default 20)")
    q.add_argument("--json", action="store_true", help="print {total, items, facets, next_cursor} as JSON")
    q.set_defaults(handler=_cmd_search)

    s = commands.add_parser("schema", help="write the record's JSON Schema (default data/schema/posting.schema.json)")
    s.add_argument("--out", help="where to write the schema")
    s.set_defaults(handler=_cmd_schema)

    c = commands.add_parser(
        "crawl",
        help="crawl job boards (eight ATS and careers sites) into data/postings and update the index",
        epilog="Exit status: 0 every company handled; 1 files, the index, the report or the run history could not be "
        "written; 2 usage (no companies, or a COMPANY given here that is not valid: nothing is crawled); 3 busy: a crawl of the same companies is running; 130 stopped by SIGTERM/SIGINT.",
    )
    c.add_argument(
        "companies",
        nargs="*",
        metavar="COMPANY",
        help="ATS:TOKEN (greenhouse:stripe), a board or careers-site URL, or a Recruitee slug",
    )
    c.add_argument("--companies-file", metavar="FILE", help="one company per line, '#' comments (default: data/companies.txt)")
    c.add_argument("--full", action="store_true", help="ignore ETag/Last-Modified of the last crawl and fetch every board")
    c.add_argument("--no-index", action="store_true", help="only write posting files; leave the index alone")
    c.add_argument("--json", action="store_true", help="print the run report as JSON")
    c.add_argument("-v", "--verbose", action="store_true", help="show Scrapy's log")
    c.add_argument("--run-id", help=argparse.SUPPRESS)  # given by the scheduler, so logs and reports share it
    c.add_argument("--trigger", choices=get_args(Trigger), default="manual", help=argparse.SUPPRESS)  # recorded in its run
    c.add_argument("--log-path", help=argparse.SUPPRESS)  # where the parent writes this crawl's stderr; recorded in its run
    c.add_argument("--ready-fd", type=int, help=argparse.SUPPRESS)  # the parent waits there for "locked RUN_ID"
    c.set_defaults(handler=_cmd_crawl)

    d = commands.add_parser(
        "detect",
        help="print the companies-list lines (ATS:TOKEN) for careers URLs: their ATS, or the boards their page embeds",
        epilog="Exit status: 0 a board was found for every URL; 1 not for some (each is said on stderr).",
    )
    d.add_argument("urls", nargs="+", metavar="URL", help="a careers page, job page or ATS board URL")
    d.set_defaults(handler=_cmd_detect)

    r = commands.add_parser("reparse", help="normalize the kept raw responses again (after a parser update), no fetching")
    r.add_argument("companies", nargs="*", metavar="COMPANY", help="company keys under data/raw (default: all)")
    r.add_argument("--no-index", action="store_true", help="only rewrite posting files")
    r.set_defaults(handler=_cmd_reparse)

    sc = commands.add_parser("schedule", help="run scheduled crawls (and dumps) in the foreground until stopped")
    sc.add_argument("--list", action="store_true", help="print the scheduled jobs and their next run, then exit")
    sc.set_defaults(handler=_cmd_schedule)

    ru = commands.add_parser("runs", help="list recent crawl runs with their status")
    ru.add_argument("--limit", type=_int_between(1, 10_000), default=20, help="how many runs, newest first (default 20)")
    ru.add_argument("--json", action="store_true", help="one JSON object per run")
    ru.set_defaults(handler=_cmd_runs)

    v = commands.add_parser("serve", help="serve the search API and the job-board page")
    v.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    v.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")
    v.add_argument("--with-scheduler", action="store_true", help="also run the crawl scheduler in this process")
    v.set_defaults(handler=_cmd_serve)
    from jobboard.cli_data import add_commands

    add_commands(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        get_settings()  # a bad JOBBOARD_* value stops every command here, with one line naming it (exit 2)
        return handler(args)
    except JobboardError as exc:
        print(f"jobboard: {exc}{_hint(exc)}", file=sys.stderr)
        # 2 for what the user can fix in the command or its input; an error may say otherwise (1: could not write).
        return int(getattr(exc, "exit_status", 2))
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): not an error of ours.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        return 130
    except OSError as exc:
        # A file or folder the command could not read or write (read-only, full, not a folder): one line naming it.
        print(f"jobboard: {_os_error(exc)}", file=sys.stderr)
        return 1


def _hint(exc: JobboardError) -> str:
    """What to do about an error of the search engine itself: the index is made from the posting files again."""
    from index.errors import REBUILD_ADVICE, BackendFailure, IndexDamaged

    if isinstance(exc, BackendFailure) and not isinstance(exc, IndexDamaged):  # a damaged index's error says so
        return f"; if the index is damaged, {REBUILD_ADVICE}"
    return ""


def _os_error(exc: OSError) -> str:
    """'cannot use PATH: Read-only file system' from an OSError, whichever of its parts are set."""
    where = " -> ".join(str(name) for name in (exc.filename, exc.filename2) if name is not None)
    reason = exc.strerror or str(exc) or type(exc).__name__
    return f"cannot use {where}: {reason}" if where else reason


if __name__ == "__main__":
    sys.exit(main())
