"""The README's command list is `speciosa --help`, walked to every sub-command (issue 13): every
command the CLI has is listed with the options it takes (required ones bare, optional ones in
[brackets]) and the arguments it needs, every listed command exists, and every `speciosa …`
mentioned elsewhere in the README names a real command and real options."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

import pytest
from typer._click import Command
from typer.core import TyperArgument, TyperGroup, TyperOption
from typer.testing import CliRunner

from speciosa.entrypoints.cli.main import COMMANDS, app, load_command
from tests.docs.readme_sections import README, code_blocks, code_spans, readme_section

# Commands that print no data, so need no --json ("Every command that prints data takes --json").
PRINTS_NO_DATA = {("serve",)}
TOP_LEVEL_OPTIONS = {"--help", "--version"}


@dataclass(frozen=True)
class Usage:
    """What one usage line (or the CLI itself) says a command takes."""

    required: frozenset[str]
    optional: frozenset[str]
    arguments: int
    # Options that take a value shown without one (`--role` with nothing after it).
    without_value: frozenset[str] = frozenset()


@cache
def cli_commands() -> dict[tuple[str, ...], Command]:
    """Every runnable command of `speciosa`, by its words ("taper", "approve")."""
    found: dict[tuple[str, ...], Command] = {}

    def walk(path: tuple[str, ...], command: Command) -> None:
        if isinstance(command, TyperGroup):
            for name, sub in command.commands.items():
                walk((*path, name), sub)
        else:
            found[path] = command

    for name in COMMANDS:
        walk((name,), load_command(name))
    return found


def long_name(option: TyperOption) -> str:
    return next(o for o in option.opts if o.startswith("--"))


def visible_options(command: Command) -> list[TyperOption]:
    return [p for p in command.params if isinstance(p, TyperOption) and not p.hidden]


def cli_usage(command: Command) -> Usage:
    options = visible_options(command)
    return Usage(
        required=frozenset(long_name(o) for o in options if o.required),
        optional=frozenset(long_name(o) for o in options if not o.required),
        arguments=sum(1 for p in command.params if isinstance(p, TyperArgument)),
    )


def flag_names(command: Command) -> set[str]:
    return {long_name(o) for o in visible_options(command) if o.is_flag}


def split_usage(text: str) -> tuple[list[str], list[str]]:
    """`speciosa a b ARG --x V [--y]  # comment` -> (["a", "b"] or the longest command prefix,
    the remaining tokens with [groups] kept whole)."""
    text = re.split(r"\s#\s", text, maxsplit=1)[0]
    tokens = re.findall(r"\[[^\]]*\]|\S+", text)
    assert tokens[:1] == ["speciosa"], text
    known = set(cli_commands())
    groups = {path[:i] for path in known for i in range(1, len(path))}
    words: list[str] = []
    rest = tokens[1:]
    while rest and (tuple(words) in groups or not words) and re.fullmatch(r"[a-z][a-z-]*", rest[0]):
        candidate = (*words, rest[0])
        if candidate not in known and candidate not in groups:
            break
        words.append(rest.pop(0))
    return words, rest


def read_options(tokens: list[str], flags: set[str], into: set[str], bare: set[str]) -> int:
    """Adds the options `tokens` show to `into` (skipping the value after each option that is not
    a flag, or adding the option to `bare` when it shows none); returns how many arguments they
    show."""
    arguments = 0
    queue = list(tokens)
    while queue:
        token = queue.pop(0)
        if token.startswith("--"):
            into.add(token)
            if token in flags:
                continue
            if queue and not queue[0].startswith("--"):
                queue.pop(0)
            else:
                bare.add(token)
        else:
            arguments += 1
    return arguments


def readme_usage(rest: list[str], flags: set[str]) -> Usage:
    """What a README line shows: options outside [brackets] required, inside optional."""
    required: set[str] = set()
    optional: set[str] = set()
    bare: set[str] = set()
    arguments = 0
    plain: list[str] = []
    for token in rest:
        if token.startswith("["):
            arguments += read_options(plain, flags, required, bare)
            plain = []
            arguments += read_options(token.strip("[]").split(), flags, optional, bare)
        else:
            plain.append(token)
    arguments += read_options(plain, flags, required, bare)
    return Usage(frozenset(required), frozenset(optional), arguments, frozenset(bare))


def readme_lines() -> list[str]:
    blocks = code_blocks(readme_section("Command line"))
    assert blocks, "README.md's 'Command line' section has no command block"
    return [line.strip() for line in blocks[0].splitlines() if line.strip().startswith("speciosa")]


def listed() -> Iterator[tuple[tuple[str, ...], list[str], str]]:
    for line in readme_lines():
        words, rest = split_usage(line)
        yield tuple(words), rest, line


def test_every_command_of_speciosa_help_is_listed_in_the_readme() -> None:
    in_readme = [path for path, _, _ in listed()]
    missing = sorted(" ".join(p) for p in cli_commands() if p not in in_readme)
    assert not missing, f"README.md's command list lacks: {missing}"
    twice = sorted({" ".join(p) for p in in_readme if in_readme.count(p) > 1})
    assert not twice, f"listed more than once: {twice}"


def test_every_command_the_readme_lists_exists() -> None:
    commands = cli_commands()
    unknown = [line for path, _, line in listed() if path not in commands]
    assert not unknown, f"README.md lists commands speciosa does not have: {unknown}"


def usage_cases() -> list[tuple[str, Usage, Usage]]:
    commands = cli_commands()
    cases = []
    for path, rest, _ in listed():
        if path in commands:
            command = commands[path]
            shown = readme_usage(rest, flag_names(command))
            cases.append((" ".join(path), shown, cli_usage(command)))
    return cases


@pytest.mark.parametrize(("command", "shown", "actual"), usage_cases())
def test_the_readme_shows_each_commands_options_and_arguments(
    command: str, shown: Usage, actual: Usage
) -> None:
    assert shown.required == actual.required, f"{command}: required options"
    assert shown.optional == actual.optional, f"{command}: optional options ([...])"
    assert shown.arguments == actual.arguments, f"{command}: arguments"
    assert not shown.without_value, f"{command}: show a value after {sorted(shown.without_value)}"


def test_speciosa_help_lists_the_commands_walked_here() -> None:
    runner = CliRunner()
    expected: dict[tuple[str, ...], set[str]] = {(): set(COMMANDS)}
    for path in cli_commands():
        for depth in range(1, len(path)):
            expected.setdefault(path[:depth], set()).add(path[depth])
    for group, names in expected.items():
        shown = runner.invoke(app, [*group, "--help"])
        assert shown.exit_code == 0, shown.output
        for name in names:
            assert re.search(rf"\b{re.escape(name)}\b", shown.output), (group, name)


def test_every_command_that_prints_data_takes_json() -> None:
    without = [
        " ".join(path)
        for path, command in cli_commands().items()
        if path not in PRINTS_NO_DATA
        and "--json" not in {long_name(o) for o in visible_options(command)}
    ]
    assert not without, f"commands without --json: {without}"


def test_every_speciosa_command_mentioned_in_the_readme_prose_exists() -> None:
    commands = cli_commands()
    groups = {path[:i] for path in commands for i in range(1, len(path))}
    spans = code_spans(README.read_text("utf-8"))
    mentions = [span for span in spans if span.startswith("speciosa ")]
    assert mentions, "the README mentions no command in its prose: the test reads nothing"
    for span in mentions:
        words, rest = split_usage(span)
        path = tuple(words)
        named = {t.strip("[]") for t in " ".join(rest).split() if t.strip("[]").startswith("--")}
        if not path:  # `speciosa --help`
            assert named, f"`{span}`: no command"
            assert named <= TOP_LEVEL_OPTIONS, f"`{span}`: no such command"
            continue
        assert path in commands or path in groups, f"`{span}`: no such command"
        if path in commands:
            options = {long_name(o) for o in visible_options(commands[path])}
            assert named <= options, f"`{span}`: {sorted(named - options)} not options of it"
