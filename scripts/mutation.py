"""Mutation testing of the client, the coordinator and the services (run by scripts/mutation).

mutmut (pyproject.toml's [tool.mutmut]) copies the sources to mutants/, makes
mutants of every function, and runs the fast tests that cover a function
against each of its mutants. This driver starts from a fresh mutants/ (a
verdict from an earlier run would outlive the tests that changed since), tests
the mutants in a random order (so a run stopped by the time limit is still a
fair sample), and prints the score of each part and every mutant that survived.
It uses mutmut's internals: requirements_mutation.txt pins the version.
"""

from __future__ import annotations

import argparse
import ast
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
import math
import os
from pathlib import Path
import random
import re
import shutil
import signal
import sys
from types import FrameType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# part of the integration -> the source path (a folder ends with /)
PARTS = {
    "client": "custom_components/ipc_cgi/ipccgi/",
    "coordinator": "custom_components/ipc_cgi/coordinator.py",
    "services": "custom_components/ipc_cgi/services.py",
}
TARGET = 90.0  # % killed, client and coordinator (docs/mutation.md)
# mutmut's exit codes (mutmut.stats.status_by_exit_code) as this report counts them
KILLED = {1, 3, 24, -24, 152, 255, 36, -9, -11, 37}  # failed, timed out, crashed
SURVIVED = 0
NO_TESTS = {5, 33}
NOT_IN_SAMPLE = 34  # mutmut's "skipped"


def parse_args() -> argparse.Namespace:
    """Read the command line."""
    parser = argparse.ArgumentParser(
        prog="scripts/mutation",
        description="Mutation testing (mutmut) of the client, the coordinator and the services.",
    )
    parser.add_argument(
        "--sample",
        type=int,
        default=500,
        metavar="N",
        help="test N mutants drawn at random (default: 500; 0 tests all of them)",
    )
    parser.add_argument(
        "--seed", type=int, default=12, help="seed of the sample and the order"
    )
    parser.add_argument(
        "--max-minutes",
        type=float,
        default=25.0,
        metavar="M",
        help="stop testing mutants after M minutes, setup included (default: 25)",
    )
    parser.add_argument(
        "--only",
        choices=sorted(PARTS),
        action="append",
        help="mutate only this part (repeatable; default: all three)",
    )
    return parser.parse_args()


def part_of(path: str) -> str:
    """Return the part a source file belongs to."""
    return next(part for part, prefix in PARTS.items() if path.startswith(prefix))


class TimeLimit:
    """Interrupt the run after `minutes`: mutmut stops its workers and keeps the verdicts.

    A forked worker does not inherit the alarm.
    """

    def __init__(self, minutes: float) -> None:
        """Set the alarm."""
        self.minutes = minutes
        self.reached = False
        signal.signal(signal.SIGALRM, self._interrupt)
        signal.alarm(max(1, round(minutes * 60)))

    def _interrupt(self, signum: int, frame: FrameType | None) -> None:
        signal.signal(signal.SIGALRM, signal.SIG_IGN)
        self.reached = True
        print(
            f"\nTime limit of {self.minutes:g} minutes reached: stopping.", flush=True
        )
        raise KeyboardInterrupt

    def cancel(self) -> None:
        """Turn the alarm off."""
        signal.alarm(0)


def without_case_changes() -> None:
    """Make mutmut skip the mutants that only change the case of a string.

    The parser reads tags and attributes case-insensitively (replies vary in
    case), and `_expect` compares tags and patterns ignoring case: such mutants
    are equivalent. A wrong name is still made by mutmut's `XX...XX` mutant of
    the same string. The mutant makers fork from this process, so they see it.
    """
    from mutmut.mutation import mutators

    def strings(node: Any) -> Iterable[Any]:
        for mutant in make_string_mutants(node):
            if mutant.value.lower() != node.value.lower():
                yield mutant

    operators = mutators.mutation_operators
    index = next(
        i for i, (_, op) in enumerate(operators) if op is mutators.operator_string
    )
    node_type, make_string_mutants = operators[index]
    operators[index] = (node_type, strings)


def choose(mutmut_main: Any, sample: int, seed: int) -> Callable[[str], float]:
    """Make mutmut test a random sample of the mutants, in a random order.

    Mutants left out of the sample are marked skipped. Returns the sort key
    that replaces mutmut's fastest-first order.
    """
    rng = random.Random(seed)
    rank: dict[str, float] = {}
    collect = mutmut_main.collect_source_file_mutation_data

    def collect_sample(*, mutant_names: Any) -> Any:
        mutants, by_path = collect(mutant_names=mutant_names)
        names = sorted(name for _, name, _ in mutants)
        chosen = (
            set(rng.sample(names, sample)) if 0 < sample < len(names) else set(names)
        )
        for data, name, _ in mutants:
            if name not in chosen:
                data.exit_code_by_key[name] = NOT_IN_SAMPLE
        for data in by_path.values():
            data.save()
        rank.update((name, rng.random()) for name in sorted(chosen))
        return [item for item in mutants if item[1] in chosen], by_path

    mutmut_main.collect_source_file_mutation_data = collect_sample

    def order(mutant_name: str) -> float:
        return rank.get(mutant_name, 0.0)

    return order


@dataclass
class Verdicts:
    """The verdicts of one part."""

    killed: int = 0
    survived: int = 0
    no_tests: int = 0
    other: int = 0  # suspicious: an exit code that is neither pass nor fail
    unchecked: int = 0  # in the sample, but the time ran out
    population: int = 0  # every mutant of the part, sampled or not

    @property
    def checked(self) -> int:
        """Return how many mutants got a verdict."""
        return self.killed + self.survived + self.no_tests + self.other

    def add(self, exit_code: int | None) -> None:
        """Count one mutant."""
        self.population += 1
        if exit_code is None:
            self.unchecked += 1
        elif exit_code in KILLED:
            self.killed += 1
        elif exit_code == SURVIVED:
            self.survived += 1
        elif exit_code in NO_TESTS:
            self.no_tests += 1
        elif exit_code != NOT_IN_SAMPLE:
            self.other += 1

    def score(self) -> str:
        """Return the killed share; for a sample, with its 95% margin."""
        if not self.checked:
            return "no mutant checked"
        n, total = self.checked, max(self.population, self.checked)
        share = self.killed / n
        text = f"{100 * share:5.1f}% killed ({self.killed}/{n})"
        if n < total:  # normal approximation, finite population correction
            margin = 1.96 * math.sqrt(
                share * (1 - share) / n * (total - n) / (total - 1)
            )
            if 0 < share < 1:  # at 0 or 100% the approximation gives no margin
                text += f" ±{100 * margin:.1f}"
            text += f" (of {total} mutants)"
        return text


def function_starts(path: str) -> dict[str, int]:
    """Return the first line (decorators included) of each function, by mutmut's mangled name."""
    starts: dict[str, int] = {}
    tree = ast.parse(Path(path).read_text())
    for node in tree.body:
        functions: Iterable[tuple[str, ast.AST]] = ()
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            functions = [(f"x_{node.name}", node)]
        elif isinstance(node, ast.ClassDef):
            functions = [
                (f"xǁ{node.name}ǁ{child.name}", child)
                for child in node.body
                if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            ]
        for name, function in functions:
            assert isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef)
            decorators = [d.lineno for d in function.decorator_list]
            starts[name] = min([function.lineno, *decorators])
    return starts


def describe(name: str, path: str, starts: dict[str, int], diff: str) -> str:
    """Return `file:line function` and the changed lines of one mutant."""
    function = name.rpartition(".")[2].rpartition("__mutmut_")[0]
    line = starts.get(function, 0)
    changes: list[str] = []
    offset = 0
    for text in diff.splitlines():
        if hunk := re.match(r"@@ -(\d+)", text):
            offset = int(hunk[1]) - 1
        elif text.startswith(("---", "+++")):
            continue
        elif text.startswith("-"):
            if not changes:
                line += offset
            changes.append(f"    - {text[1:].strip()}")
        elif text.startswith("+"):
            changes.append(f"    + {text[1:].strip()}")
        elif not changes:
            offset += 1
    label = function.replace("xǁ", "").replace("ǁ", ".").removeprefix("x_")
    return "\n".join(
        [f"  {path}:{line} {label} ({name.rpartition('__')[2]})", *changes]
    )


def report(mutmut_main: Any) -> tuple[dict[str, Verdicts], list[str]]:
    """Return the verdicts per part and the description of every mutant left alive."""
    from mutmut.mutation.data import SourceFileMutationData
    from mutmut.mutation.diff_apply import get_diff_for_mutant

    verdicts: dict[str, Verdicts] = {part: Verdicts() for part in PARTS}
    alive: list[str] = []
    for path in sorted(str(p) for p in mutmut_main.walk_mutatable_files()):
        data = SourceFileMutationData(path=path)
        data.load()
        starts = function_starts(path)
        for name, exit_code in sorted(
            data.exit_code_by_key.items(), key=lambda item: _natural(item[0])
        ):
            verdicts[part_of(path)].add(exit_code)
            if exit_code == SURVIVED or exit_code in NO_TESTS:
                diff = get_diff_for_mutant(name, path=path)
                note = "" if exit_code == SURVIVED else " [no test runs it]"
                alive.append(describe(name, path, starts, diff) + note)
    return verdicts, alive


def _natural(name: str) -> list[Any]:
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", name)]


def main() -> int:
    """Run mutmut and print the report."""
    args = parse_args()
    os.chdir(ROOT)
    limit = TimeLimit(args.max_minutes)
    shutil.rmtree("mutants", ignore_errors=True)

    import mutmut.__main__ as mutmut_main
    from mutmut.configuration import config

    parts = [part for part in PARTS if not args.only or part in args.only]
    if args.only:
        config().only_mutate = [
            PARTS[part] + ("*" if PARTS[part].endswith("/") else "") for part in parts
        ]
    without_case_changes()
    mutmut_main.estimated_worst_case_time = choose(mutmut_main, args.sample, args.seed)
    note = ""
    try:
        mutmut_main._run([], max_children=1)  # noqa: SLF001
    except KeyboardInterrupt:
        note = "the time limit stopped the run"
    except SystemExit as err:
        if not limit.reached:
            print("mutmut failed (see above)", file=sys.stderr)
            return err.code if isinstance(err.code, int) else 1
        note = "the time limit came before mutation testing started"
    finally:
        limit.cancel()
    if limit.reached and not note:
        note = "the time limit stopped the run"

    verdicts, alive = report(mutmut_main)
    total = Verdicts()
    for part in parts:
        for field in (
            "killed",
            "survived",
            "no_tests",
            "other",
            "unchecked",
            "population",
        ):
            setattr(
                total, field, getattr(total, field) + getattr(verdicts[part], field)
            )
    print()
    print(f"Mutants left alive ({len(alive)}; `.venv/bin/mutmut show NAME` shows one):")
    print("\n".join(alive) if alive else "  none")
    print()
    sample = f"a sample of {args.sample}, seed {args.seed}" if args.sample else "all"
    if total.unchecked:
        sample += f", {total.checked} tested before the time limit"
    print(
        f"Mutation score ({sample}; target {TARGET:g}% for the client and the coordinator):"
    )
    for part in parts:
        print(f"  {part:<12} {verdicts[part].score()}")
    print(f"  {'total':<12} {total.score()}")
    counts = Counter(
        {
            "survived": total.survived,
            "no test runs them": total.no_tests,
            "suspicious": total.other,
            "not tested (time limit)": total.unchecked,
        }
    )
    if details := ", ".join(f"{n} {what}" for what, n in counts.items() if n):
        print(f"  ({details})")
    if note:
        print(f"  Note: {note}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
