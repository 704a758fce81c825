"""Lenient parsing of the camera's replies, and redaction of secrets.

The firmware is sloppy (the spec's own examples show it): stray spaces in
values and tags, unclosed `<fault>` elements, attribute names in varying case,
text payloads instead of attributes. Some is hostile: a reply may nest without
end or declare entities. Everything here raises only `IpcCgiError` subclasses.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
import re
from typing import Any, Literal, overload
from xml.parsers import expat
from xml.parsers.expat import ExpatError, XMLParserType

import xmltodict

from .exceptions import (
    IpcCgiAuthenticationError,
    IpcCgiConnectionError,
    IpcCgiError,
    IpcCgiFaultError,
    IpcCgiInvalidCredentialsError,
    IpcCgiNotFoundError,
    IpcCgiRangeError,
    IpcCgiResponseError,
    UidRejectedError,
)

REDACTED = "**REDACTED**"
SECRET_PARAMS = frozenset({"password", "newpasswd", "uid"})
MAX_DEPTH = 32  # the spec's deepest reply (3.9) nests 5 levels
MAX_TEXT = 200  # characters of camera text kept in a message

_DECLARATION = re.compile(r"<\?xml[^>]*\?>", re.IGNORECASE)
_SPACE_AFTER_LT = re.compile(r"<\s+(?=[/A-Za-z_])")
# Only end tags that hold a space: rewriting every one costs 50 ms per 100k tags.
_SPACE_IN_END_TAG = re.compile(r"</(?=\s|[\w.:-]+\s)\s*([A-Za-z_][\w.:-]*)\s*>")
_BARE_AMPERSAND = re.compile(r"&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)")
_TAG = re.compile(r"<(/?)([A-Za-z_][\w.:-]*)(?:\s[^<>]*?)?(/?)>")
_DTD = re.compile(r"<!(?:doctype|entity)\b", re.IGNORECASE)
_HTML = re.compile(r"<(!doctype\s+)?html\b", re.IGNORECASE)
# Where `_tidy` could change anything but at a `&`: `<` before a space, a space
# in an end tag. (One pattern with `&|` scans three times slower.)
_UNTIDY_TAG = re.compile(r"<(?:/[\w.:-]*+)?\s")
_PIECE = 1 << 16
_PIECE_START = re.compile(r"[<&]")
_TEXT_PAIR = re.compile(r"\b(\w+)\s*=\s*(\d+)")
_SECRET_IN_TEXT = re.compile(
    r"((?:password|newpasswd|uid)=)[^&\s\"'<>]*", re.IGNORECASE
)
_LEADING_INT = re.compile(r"\s*([+-]?\d{1,18})(?!\d)")
_NUMBER = re.compile(r"[+-]?\d{1,18}")
_DIGIT_RUNS = re.compile(r"\d+")
_HEX = re.compile(r"0[xX][0-9a-fA-F]{1,16}")
_UID_REJECTED = frozenset({"uid error", "error, parse uid"})
_PASSWORD_REFUSED = "password error"
_PRIVILEGE_REFUSED = frozenset(
    {"permission denied", "non-administrators cannot edit users"}
)


@dataclass(slots=True)
class Node:
    """One XML element with case-insensitive access to attributes and children."""

    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    text: str = ""
    elements: list[Node] = field(default_factory=list)

    def _raw(self, names: Iterable[str]) -> str | None:
        for name in names:
            value = self.attrs.get(name.lower())
            if value is not None:
                return value
        return None

    def opt_string(self, *names: str, strip: bool = True) -> str | None:
        """Return the first present attribute of `names`, or None."""
        value = self._raw(names)
        if value is None:
            return None
        return value.strip() if strip else value

    def string(self, *names: str, strip: bool = True) -> str:
        """Return the first present attribute of `names`."""
        value = self.opt_string(*names, strip=strip)
        if value is None:
            raise IpcCgiResponseError(f"{self.tag} reply without {names[0]}")
        return value

    def opt_integer(self, *names: str, base: int = 10) -> int | None:
        """Return an integer attribute (`"125620 kB "` reads 125620), or None."""
        value = self._raw(names)
        if value is None or not (value := value.strip()):
            return None
        number = _to_int(value, base)
        if number is None:
            raise IpcCgiResponseError(f"{self.tag} {names[0]} is not a number")
        return number

    def integer(self, *names: str, base: int = 10) -> int:
        """Return an integer attribute."""
        value = self.opt_integer(*names, base=base)
        if value is None:
            raise IpcCgiResponseError(f"{self.tag} reply without {names[0]}")
        return value

    def opt_flag(self, *names: str) -> bool | None:
        """Return a 0/1 attribute as a bool, or None."""
        value = self.opt_integer(*names)
        return None if value is None else value != 0

    def flag(self, *names: str) -> bool:
        """Return a 0/1 attribute as a bool."""
        return self.integer(*names) != 0

    def int_text(self) -> int:
        """Return the element's text as an integer."""
        number = _to_int(self.text.strip(), 10)
        if number is None:
            raise IpcCgiResponseError(f"{self.tag} is not a number")
        return number

    def children(self, name: str) -> list[Node]:
        """Return the child elements called `name` (any case)."""
        name = name.lower()
        return [child for child in self.elements if child.tag.lower() == name]

    def child(self, name: str) -> Node:
        """Return the first child element called `name`."""
        found = self.children(name)
        if not found:
            raise IpcCgiResponseError(f"{self.tag} reply without {name}")
        return found[0]

    def numbered_children(self, prefix: str) -> list[tuple[Node, int]]:
        """Return the children called `<prefix><N>` (`stream1`, `stream2`) with N."""
        pattern = re.compile(rf"{re.escape(prefix)}(\d+)", re.IGNORECASE)
        matches = ((child, pattern.fullmatch(child.tag)) for child in self.elements)
        return [(child, parse_int(match.group(1))) for child, match in matches if match]

    def numbered_ints(self, prefix: str) -> tuple[int, ...]:
        """Return the integer attributes `<prefix>1`, `<prefix>2`, ... in order."""
        values = []
        number = 1
        while (value := self.opt_integer(f"{prefix}{number}")) is not None:
            values.append(value)
            number += 1
        return tuple(values)

    def descendants_with(self, attribute: str) -> list[Node]:
        """Return every element below this one that has `attribute`."""
        found = []
        for child in self.elements:
            if attribute.lower() in child.attrs:
                found.append(child)
            found.extend(child.descendants_with(attribute))
        return found

    def text_pairs(self) -> dict[str, int]:
        """Return the `name=number` pairs of a text payload, names lower-cased."""
        return {
            name.lower(): parse_int(value)
            for name, value in _TEXT_PAIR.findall(self.text)
        }


def parse_int(text: str) -> int:
    """Return the integer `text` (at most 18 digits), or raise IpcCgiResponseError."""
    text = text.strip()
    if _NUMBER.fullmatch(text) is None:
        raise IpcCgiResponseError(f"{text[:20]!r} is not a number")
    return int(text)


def parse_ints(text: str, count: int) -> list[int] | None:
    """Return the `count` runs of digits in `text` (`"0-2-56-40"`: 0, 2, 56, 40), or None.

    None also if one has more than 18 digits.
    """
    runs = _DIGIT_RUNS.findall(text)
    if len(runs) != count or max(map(len, runs)) > 18:
        return None
    return list(map(int, runs))


def _to_int(value: str, base: int) -> int | None:
    """Return the leading integer of a stripped `value` (hex with base 0), or None."""
    if value.isdecimal() and len(value) <= 18:  # what `\d{1,18}` matches
        return int(value)
    if base == 0 and value.lower().startswith("0x"):
        return int(value, 16) if _HEX.fullmatch(value) else None
    match = _LEADING_INT.match(value)
    return int(match.group(1)) if match else None


def _repair(text: str) -> str:
    """Drop stray end tags and close what is left open (3.18, 3.41: broken faults)."""
    text = text[: text.rfind(">") + 1]
    stack: list[str] = []
    kept: list[str] = []
    position = 0
    for match in _TAG.finditer(text):
        closing, name, self_closing = match.groups()
        kept.append(text[position : match.start()])
        position = match.end()
        if closing:
            if name not in stack:
                continue
            while stack and (top := stack.pop()) != name:
                kept.append(f"</{top}>")
        elif not self_closing:
            stack.append(name)
        kept.append(match.group(0))
    kept.append(text[position:])
    return "".join(kept) + "".join(f"</{name}>" for name in reversed(stack))


class _Expat:
    """The expat module as xmltodict uses it (its `expat` argument)."""

    @staticmethod
    def ParserCreate(*args: Any) -> XMLParserType:  # noqa: N802 - expat's name
        """Return a parser that stops at any entity declaration that got past `_DTD`."""
        parser = expat.ParserCreate(*args)
        parser.EntityDeclHandler = _refuse_entities
        return parser


class _DepthLimitedParser:
    """An expat parser, as xmltodict sets it up, that stops past `MAX_DEPTH` levels.

    Its element handlers are wrapped to count.
    """

    def __init__(self, parser: XMLParserType) -> None:
        vars(self).update(_parser=parser, _depth=0)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._parser, name)

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "StartElementHandler":
            value = partial(self._start, value)
        elif name == "EndElementHandler":
            value = partial(self._end, value)
        setattr(self._parser, name, value)

    def _start(self, handler: Callable[..., None], *args: Any) -> None:
        if self._depth == MAX_DEPTH:
            raise IpcCgiResponseError(f"reply nested deeper than {MAX_DEPTH} levels")
        vars(self)["_depth"] += 1
        handler(*args)

    def _end(self, handler: Callable[..., None], *args: Any) -> None:
        vars(self)["_depth"] -= 1
        handler(*args)


class _DepthLimitedExpat:
    """The expat module as xmltodict uses it, its parsers limited in depth."""

    @staticmethod
    def ParserCreate(*args: Any) -> _DepthLimitedParser:  # noqa: N802 - expat's name
        """Return a parser that refuses deep nesting and entities."""
        return _DepthLimitedParser(_Expat.ParserCreate(*args))


def _refuse_entities(*_: object) -> None:
    """Stop at an entity declaration."""
    raise IpcCgiResponseError("reply declares a DTD or entities")


def _as_node(_: object, key: str, value: Any) -> tuple[str, Any]:
    """Make each element xmltodict ends a `Node`; lower-case attribute names.

    xmltodict (`strip_whitespace`) gives an element's character data joined
    around its children and stripped, and each tag's children grouped where
    the first one stands.
    """
    if key[0] == "@":
        return key.lower(), value  # expat's names hold no spaces
    if key == "#text":
        return key, value
    node = Node(key)
    if isinstance(value, dict):
        for name, item in value.items():
            if name[0] == "@":
                node.attrs[name[1:]] = item
            elif name == "#text":
                node.text = item
            elif isinstance(item, list):
                node.elements += item
            else:
                node.elements.append(item)
    elif value is not None:
        node.text = value
    return key, node


def _as_dict(_: object, key: str, value: Any) -> tuple[str, Any]:
    """Lower-case attribute names; an element is a dict, also if empty."""
    if key[0] == "@":
        return "@" + key[1:].strip().lower(), value
    return key, {} if value is None else value


def _parse_dict(text: str, postprocessor: Callable[..., Any]) -> dict[str, Any]:
    """Return xmltodict's `{root: value}` of `text`, each item made by `postprocessor`.

    Only a reply of more than `MAX_DEPTH` start tags (each a `<` not followed
    by `/`) can nest deeper: only its parser counts levels.
    """
    shallow = text.count("<") - text.count("</") <= MAX_DEPTH
    parsed: dict[str, Any] = xmltodict.parse(
        text,
        expat=_Expat if shallow else _DepthLimitedExpat,
        disable_entities=False,  # `_Expat` refuses them, with the client's error
        postprocessor=postprocessor,
        force_cdata=postprocessor is _as_dict,
    )
    return parsed


def _parse(text: str) -> Node:
    """Return the root `Node` of `text`."""
    node: Node = next(iter(_parse_dict(text, _as_node).values()))
    return node


def _tidy(text: str) -> str:
    """Undo the firmware's sloppiness: spaces inside tags, bare ampersands.

    Piece by piece (64 kB, each starting at a `<` or `&`, which no repair spans):
    a substitution is one C call holding the GIL, and over a hostile 1 MB reply
    it would stall the event loop for 100 ms even from the executor.
    """
    pieces = []
    start = 0
    while start < len(text):
        found = _PIECE_START.search(text, start + _PIECE)
        end = len(text) if found is None else found.start()
        piece = _SPACE_AFTER_LT.sub("<", text[start:end])
        piece = _SPACE_IN_END_TAG.sub(r"</\1>", piece)
        pieces.append(_BARE_AMPERSAND.sub("&amp;", piece))
        start = end
    return "".join(pieces)


def parse_xml(body: bytes) -> Node:
    """Parse a reply body into its root `Node`, repairing what real firmware breaks."""
    node: Node = next(iter(_parse_repaired(body, _as_node).values()))
    return node


def parse_xml_dict(body: bytes) -> dict[str, Any]:
    """Parse a reply body as `parse_xml` does, into xmltodict's dict.

    `{root: {"@attribute": value, "#text": text, child: {...} or [{...}, ...]}}`,
    with attribute names lower-cased.
    """
    return _parse_repaired(body, _as_dict)


def _parse_repaired(body: bytes, postprocessor: Callable[..., Any]) -> dict[str, Any]:
    """Parse a reply body, repairing what real firmware breaks."""
    text = body.decode("utf-8", errors="replace").lstrip("\ufeff \t\r\n")
    if text.startswith("<?") and (declaration := _DECLARATION.match(text)):
        text = text[declaration.end() :]
    text = text.strip()
    if not text.startswith("<"):
        raise IpcCgiResponseError("reply is not XML")
    # Each pattern runs only where a plain test shows it may match.
    if "&" in text or _UNTIDY_TAG.search(text):
        text = _tidy(text)
    if text[1:2] in ("!", "h", "H") and _HTML.match(text):
        raise IpcCgiResponseError("reply is an HTML page")
    if "<!" in text and _DTD.search(text):
        # No reply of the spec declares any; entities are how XML bombs explode.
        raise IpcCgiResponseError("reply declares a DTD or entities")
    try:
        return _parse_dict(text, postprocessor)
    except ExpatError:
        pass
    # Only a fault is repaired: a cut-off configuration must not parse as a partial one.
    if re.match(r"<fault\b", text, re.IGNORECASE):
        try:
            return _parse_dict(_repair(text), postprocessor)
        except ExpatError:
            pass
    raise IpcCgiResponseError("reply is not valid XML")


def expect(node: Node, tag: str, text: str | None = None) -> Node:
    """Check the reply's root tag and, if given, that its text matches `text` (a regex)."""
    if node.tag.lower() != tag.lower() or (
        text is not None and re.search(text, node.text, re.IGNORECASE) is None
    ):
        raise IpcCgiResponseError(f"unexpected reply {node.tag[:40]} for {tag}")
    return node


def expecting(tag: str, text: str | None = None) -> Callable[[Node], Node]:
    """Return a parser that checks the reply as `expect` does."""
    return lambda node: expect(node, tag, text)


def fault_of(node: Node) -> tuple[str, str] | None:
    """Return `(value, reason)` if `node` is a fault (chapter 1), else None."""
    if node.tag.lower() != "fault":
        return None
    value = node.children("value")
    reason = node.children("reason")
    if not reason:
        return (value[0].text if value else "", node.text)
    # 3.18 prints a reason broken by a stray `</reason>`: keep the rest too.
    return (
        value[0].text if value else "",
        f"{reason[0].text} {node.text}".strip(),
    )


@overload
def check_reply(
    path: str,
    status: int,
    body: bytes,
    *,
    raw: Literal[False] = False,
    secrets: Iterable[str | None] = (),
) -> Node: ...


@overload
def check_reply(
    path: str,
    status: int,
    body: bytes,
    *,
    raw: Literal[True],
    secrets: Iterable[str | None] = (),
) -> bytes: ...


def check_reply(
    path: str,
    status: int,
    body: bytes,
    *,
    raw: bool = False,
    secrets: Iterable[str | None] = (),
) -> Node | bytes:
    """Return a reply's root `Node` (or the body if `raw`), or raise the client's error.

    A fault may come with HTTP 200 or 400 (chapter 1); a 400 without one is an
    error too. `secrets` are redacted from any text taken from the reply.
    """
    if status == 401:
        raise IpcCgiInvalidCredentialsError(f"{path}: HTTP 401")
    if status == 403:
        raise IpcCgiAuthenticationError(f"{path}: HTTP 403")
    if status >= 500:
        raise IpcCgiConnectionError(f"{path}: HTTP {status}")
    if 300 <= status < 400:
        # Never followed: the next host would get the credentials in the query.
        raise IpcCgiResponseError(f"{path}: HTTP {status} redirect, not followed")
    if status == 416:
        raise IpcCgiRangeError(f"{path}: HTTP 416")
    if raw and status in (200, 206):
        if body.lstrip()[:1] == b"<":
            try:
                node = parse_xml(body)
            except IpcCgiResponseError:
                return body
            _raise_if_fault(path, node, secrets)
        return body
    try:
        node = parse_xml(body)
    except IpcCgiResponseError as err:
        if status == 404:
            raise IpcCgiNotFoundError(f"{path}: HTTP 404") from None
        detail = f"HTTP {status}" if status >= 400 else str(err)
        raise IpcCgiResponseError(f"{path}: {detail}") from None
    _raise_if_fault(path, node, secrets)
    if status >= 400 and node.text:
        # 3.43: `<RelayStatus>Get status(0) fail</RelayStatus>` with HTTP 400
        raise IpcCgiFaultError(path, camera_text(node.text, secrets))
    if status == 404:
        raise IpcCgiNotFoundError(f"{path}: HTTP 404")
    if status != 200:
        raise IpcCgiResponseError(f"{path}: HTTP {status}")
    return node


def _raise_if_fault(path: str, node: Node, secrets: Iterable[str | None]) -> None:
    if (fault := fault_of(node)) is None:
        return
    value, reason = (camera_text(text.strip(), secrets) for text in fault)
    if reason.lower() in _UID_REJECTED:
        raise UidRejectedError
    if reason.lower() == _PASSWORD_REFUSED:
        raise IpcCgiInvalidCredentialsError(f"{path}: {reason}")
    if reason.lower() in _PRIVILEGE_REFUSED:
        raise IpcCgiAuthenticationError(f"{path}: {reason}")
    raise IpcCgiFaultError(value or path, reason)


_CONTENT_RANGE = re.compile(r"bytes\s+(\d{1,18})-(\d{1,18})/(\d{1,18})", re.IGNORECASE)


def parse_content_range(text: str) -> tuple[int, int, int]:
    """Parse an HTTP `Content-Range: bytes first-last/size` (RFC 9110 14.4)."""
    match = _CONTENT_RANGE.fullmatch(text.strip())
    if match is None:
        raise IpcCgiResponseError(f"invalid Content-Range {text[:40]!r}")
    first, last, size = (int(number) for number in match.groups())
    if not first <= last < size:
        raise IpcCgiResponseError(f"invalid Content-Range {text[:40]!r}")
    return first, last, size


def parse_range(text: str) -> tuple[int, int]:
    """Parse `"1-15"` (3.9)."""
    numbers = _DIGIT_RUNS.findall(text)
    if len(numbers) == 1:
        return parse_int(numbers[0]), parse_int(numbers[0])
    if len(numbers) != 2:
        raise IpcCgiResponseError(f"invalid range {text[:40]!r}")
    return parse_int(numbers[0]), parse_int(numbers[1])


def parse_datetime(text: str) -> datetime:
    """Parse `2017-11-30 08:00:00` or `2020-1-16-12-12-43` (3.8, 3.20, 3.25), naive local time."""
    numbers = parse_ints(text, 6)
    if numbers is None:
        raise IpcCgiResponseError(f"invalid time {text[:40]!r}")
    year, month, day, hour, minute, second = numbers
    try:
        return datetime(year, month, day, hour, minute, second)
    except ValueError:
        raise IpcCgiResponseError(f"invalid time {text[:40]!r}") from None


def redact_params(params: Mapping[str, object]) -> dict[str, object]:
    """Return `params` with the secret values replaced, for logging."""
    return {
        name: REDACTED if name.lower() in SECRET_PARAMS else value
        for name, value in params.items()
    }


def redact_text(text: str, secrets: Iterable[str | None] = ()) -> str:
    """Return `text` without secret query values nor any of `secrets`."""
    text = _SECRET_IN_TEXT.sub(rf"\1{REDACTED}", text)
    for secret in secrets:
        if secret:
            text = text.replace(secret, REDACTED)
    return text


def camera_text(text: str, secrets: Iterable[str | None] = ()) -> str:
    """Return camera text fit for a message: secrets redacted, cut to `MAX_TEXT` characters."""
    text = redact_text(text, secrets)
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"


def scrub_error(error: IpcCgiError, secrets: Iterable[str | None]) -> None:
    """Redact and cut the text of an error raised while reading a reply; unchain it.

    Messages quote camera text (a tag, a value, a fault's reason) that may echo
    the password; the errors it was chained to may quote more of it.
    """
    secrets = tuple(secrets)
    if isinstance(error, IpcCgiFaultError):
        error.value = camera_text(error.value, secrets)
        error.reason = camera_text(error.reason, secrets)
    error.args = tuple(
        camera_text(arg, secrets) if isinstance(arg, str) else arg for arg in error.args
    )
    error.__cause__ = error.__context__ = None
