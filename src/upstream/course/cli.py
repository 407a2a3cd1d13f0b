"""``upstream``: instructor tools on the command line.

Subcommands: ``agenda`` (timed workshop agendas), ``export`` (student and
instructor copies of the notebooks), ``links`` (JupyterHub and Binder links),
``handout`` (one-page lesson handouts). Every error is one line on stderr and a
non-zero exit status, as argparse does: 2 for bad usage and bad values (an
unknown option, ``--weeks 0``, a lesson that does not exist, a folder that is
not there), 1 when the work itself fails or is refused (a file exists and
``--force`` was not given, a disk error); never a traceback. Files are never
overwritten without ``--force``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

__all__ = ["main"]

PROG = "upstream"


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one line, not usage plus a message."""

    def error(self, message):  # noqa: D401 - argparse API
        raise _UsageError(f"{self.prog}: error: {message} (see '{self.prog} --help')")


class _UsageError(Exception):
    pass


def _command(sub, name: str, func, root: bool = False, **texts) -> _Parser:
    """A subcommand ``name`` that runs ``func(args)``, with its help texts; ``root=True``
    adds --root (where the repository is; default: found from the working folder)."""
    parser = sub.add_parser(name, formatter_class=_formatter, **texts)
    parser.set_defaults(func=func)
    if root:
        parser.add_argument(
            "--root", type=Path, metavar="DIR", help="the Upstream repository (default: found from here)"
        )
    return parser


def _formatter(prog):
    return argparse.RawDescriptionHelpFormatter(prog, max_help_position=30)


def _build_parser() -> _Parser:
    p = _Parser(
        prog=PROG,
        formatter_class=_formatter,
        description="Instructor tools for Upstream: agendas, student/instructor notebooks, "
        "JupyterHub and Binder links, printable handouts.",
        epilog="examples:\n"
        "  upstream agenda --minutes 90          # a 90-minute awareness session\n"
        "  upstream agenda --weeks 6             # a six-week module\n"
        "  upstream export --student out/        # notebooks without solutions\n"
        "  upstream links --hub https://hub.example.edu --repo https://github.com/OWNER/REPO\n"
        "  upstream handout 4 --html -o handout-4.html\n"
        "\nRun 'upstream COMMAND --help' for each command's options.",
    )
    from .. import __version__

    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    a = _command(
        sub,
        "agenda",
        _agenda,
        help="print a timed workshop agenda that fits the time",
        description="Print a timed agenda: opening (ground rules, content note, support), lessons chosen by "
        "priority with their prerequisites first, breaks in sessions over 2 hours, and a closing.",
        epilog="examples:\n  upstream agenda --minutes 90\n  upstream agenda --format full-day --markdown\n"
        "  upstream agenda --weeks 8 --minutes 120   # eight weekly 2-hour sessions",
    )
    when = a.add_mutually_exclusive_group(required=True)
    when.add_argument(
        "--minutes",
        type=int,
        metavar="N",
        help="length of the session in minutes (with --weeks: of each weekly session; default 120)",
    )
    from .agenda import FORMATS

    when.add_argument(
        "--format",
        choices=sorted(FORMATS),
        help="a named format: " + ", ".join(f"{k} = {v} min" for k, v in FORMATS.items()),
    )
    a.add_argument("--weeks", type=int, metavar="N", help="plan a multi-week module of N weekly sessions")
    a.add_argument("--markdown", action="store_true", help="print Markdown tables instead of plain text")
    # --weeks alone is allowed: make the group optional when --weeks is given (checked in _agenda)
    when.required = False

    e = _command(
        sub,
        "export",
        _export,
        root=True,
        help="write student (no solutions) or instructor (with notes) notebooks",
        description="Write copies of the lesson notebooks. Student copies hold no solutions; instructor copies "
        "keep them and start with facilitation notes (timings, live demos, prompts). Existing files are "
        "never overwritten without --force.",
        epilog="examples:\n  upstream export --student student-notebooks/\n"
        "  upstream export --instructor instructor-notebooks/ --lesson 4 --force",
    )
    kind = e.add_mutually_exclusive_group(required=True)
    kind.add_argument("--student", metavar="DIR", type=Path, help="write student copies into DIR")
    kind.add_argument("--instructor", metavar="DIR", type=Path, help="write instructor copies into DIR")
    e.add_argument("--lesson", type=int, action="append", metavar="N", help="only lesson N (repeatable)")
    e.add_argument("--force", action="store_true", help="overwrite existing files")

    li = _command(
        sub,
        "links",
        _links,
        root=True,
        help="print a JupyterHub (nbgitpuller) or Binder link per lesson",
        description="Print one link per lesson that opens the notebook live. --hub makes nbgitpuller links "
        "for your JupyterHub (the hub needs nbgitpuller); --binder makes mybinder.org links (GitHub "
        "repositories only). The repository URL is required unless _config.yml sets repository.url.",
        epilog="examples:\n  upstream links --hub https://hub.example.edu --repo https://github.com/OWNER/REPO "
        "--branch main\n  upstream links --binder --repo https://github.com/OWNER/REPO",
    )
    where = li.add_mutually_exclusive_group(required=True)
    where.add_argument("--hub", metavar="URL", help="your JupyterHub's address")
    where.add_argument("--binder", action="store_true", help="mybinder.org links")
    li.add_argument("--repo", metavar="URL", help="the git repository the class uses")
    li.add_argument(
        "--branch", metavar="NAME", help="branch to use (default: _config.yml repository.branch, else main)"
    )

    h = _command(
        sub,
        "handout",
        _handout,
        root=True,
        help="print a one-page handout for a lesson (key takeaways + support)",
        description="Print a one-page handout for lesson N: its key takeaways (from the notebook) and the "
        "support resources (from book/support.md). --html gives a printable page.",
        epilog="examples:\n  upstream handout 4\n  upstream handout 4 --html -o handout-4.html",
    )
    h.add_argument("lesson", type=int, metavar="N", help="lesson number")
    h.add_argument("--html", action="store_true", help="standalone HTML with a print stylesheet")
    h.add_argument("-o", "--output", type=Path, metavar="FILE", help="write to FILE instead of printing")
    h.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    return p


# --------------------------------------------------------------------------- commands


def _root(args) -> Path:
    from .notebooks import find_root

    if args.root is not None:
        if not args.root.is_dir():
            raise ValueError(f"--root {args.root} is not a folder")
        return find_root(args.root)
    return find_root()


def _agenda(args, out) -> int:
    from .agenda import FORMATS, WEEKLY_SESSION_MINUTES, plan, plan_weeks

    if args.weeks is not None:
        if args.format:
            raise _UsageError(f"{PROG} agenda: error: use --weeks with --minutes (per session), not --format")
        result = plan_weeks(args.weeks, WEEKLY_SESSION_MINUTES if args.minutes is None else args.minutes)
        out.write(result.to_markdown() if args.markdown else result.to_text() + "\n")
        return 0
    if args.minutes is None and args.format is None:
        raise _UsageError(f"{PROG} agenda: error: give --minutes N, --format NAME or --weeks N")
    minutes = FORMATS[args.format] if args.format else args.minutes
    agenda = plan(minutes)
    out.write(agenda.to_markdown() + "\n" if args.markdown else agenda.to_text() + "\n")
    return 0


def _export(args, out) -> int:
    from .export import export

    kind, folder = ("student", args.student) if args.student is not None else ("instructor", args.instructor)
    written = export(kind, folder, root=_root(args), numbers=args.lesson, force=args.force)
    for path in written:
        out.write(f"wrote {path}\n")
    return 0


def _config_repository(root: Path | None) -> dict:
    if root is None:
        return {}
    import yaml

    try:
        cfg = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        return {}
    repo = cfg.get("repository") or {}
    return repo if isinstance(repo, dict) else {}


def _links(args, out) -> int:
    from .lessons import LESSONS
    from .links import binder_link, nbgitpuller_link

    try:
        root = _root(args)
    except ValueError:
        if args.root is not None:
            raise
        root = None
    cfg = _config_repository(root)
    repo = args.repo or cfg.get("url")
    if not repo:
        raise _UsageError(
            f"{PROG} links: error: the repository URL is unknown: pass --repo URL "
            "(the git repository your class pulls the notebooks from)"
        )
    branch = args.branch or cfg.get("branch") or "main"
    for lesson in LESSONS:
        link = binder_link(repo, branch, lesson) if args.binder else nbgitpuller_link(args.hub, repo, branch, lesson)
        out.write(f"Lesson {lesson.number}. {lesson.title}\n  {link}\n")
    return 0


def _handout(args, out) -> int:
    from .export import OverwriteRefused, atomic_write
    from .handout import handout_html, handout_markdown
    from .lessons import get_lesson

    lesson = get_lesson(args.lesson)
    root = _root(args)
    text = handout_html(lesson, root) if args.html else handout_markdown(lesson, root)
    if args.output is None:
        out.write(text)
        return 0
    target = args.output
    if target.exists() and not args.force:
        raise OverwriteRefused(f"{target} exists; use --force to overwrite")
    if not target.parent.is_dir():
        raise ValueError(f"folder {target.parent} does not exist")
    atomic_write(target, text)
    out.write(f"wrote {target}\n")
    return 0


def main(argv=None, *, stdout=None, stderr=None) -> int:
    """Run the CLI; returns the exit status (0 success, 1 failure or refusal, 2 bad usage or value)."""
    stdout = sys.stdout if stdout is None else stdout
    stderr = sys.stderr if stderr is None else stderr
    parser = _build_parser()
    try:
        try:
            args = parser.parse_args(argv)
        except SystemExit as exit_:  # --help and --version print and exit 0
            return int(exit_.code or 0)
        if not getattr(args, "command", None):
            parser.print_help(stdout)
            return 2
        return args.func(args, stdout)
    except _UsageError as err:
        stderr.write(f"{err}\n")
        return 2
    except FileExistsError as err:  # refused to overwrite: the work was refused, not the usage
        stderr.write(f"{PROG}: error: {err}\n")
        return 1
    except (ValueError, TypeError) as err:  # a bad value on the command line
        stderr.write(f"{PROG}: error: {err}\n".replace("\n", " ").rstrip() + "\n")
        return 2
    except OSError as err:
        stderr.write(f"{PROG}: error: {err.strerror or err}: {err.filename or ''}".rstrip(": ") + "\n")
        return 1
    except KeyboardInterrupt:
        stderr.write(f"{PROG}: interrupted\n")
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
