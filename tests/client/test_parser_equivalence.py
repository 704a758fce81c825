"""The parser gives the trees the parser before issue 9 gave.

`reference_parse_xml` is that parser (xmltodict, then a `Node` tree built from
its dict), kept here to compare against: every reply of the spec, of the simulator, the sloppy firmware
of the other tests and generated XML parse to equal `Node` trees, or fail alike.
"""

from __future__ import annotations

from collections.abc import Callable
import re
from typing import Any
from xml.parsers import expat
from xml.parsers.expat import ExpatError, XMLParserType

from aiohttp import ClientSession
from hypothesis import given, settings, strategies as st
import pytest
import xmltodict

from custom_components.ipc_cgi.ipccgi import IpcCgiResponseError
from custom_components.ipc_cgi.ipccgi.parser import (
    _DECLARATION,
    _DTD,
    MAX_DEPTH,
    Node,
    _parse,
    _repair,
    _tidy,
    parse_xml,
)
from ipc_simulator import Simulator
from ipc_simulator.context import ENDPOINTS

from . import spec_examples as spec
from .hostile import BILLION_LAUGHS, XXE, deep_nesting, small_elements

# --- the parser before issue 9 --------------------------------------------------


def _build(tag: str, value: Any) -> Node:
    node = Node(tag.strip())
    if value is None:
        return node
    if isinstance(value, str):
        node.text = value.strip()
        return node
    for key, item in value.items():
        if key.startswith("@"):
            node.attrs[key[1:].strip().lower()] = item or ""
        elif key == "#text":
            node.text = (item or "").strip()
        else:
            for child in item if isinstance(item, list) else [item]:
                node.elements.append(_build(key, child))
    return node


class _DepthLimitedParser:
    def __init__(self, parser: XMLParserType) -> None:
        object.__setattr__(self, "_parser", parser)
        object.__setattr__(self, "_depth", 0)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._parser, name)

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "StartElementHandler":
            handler = value

            def start(*args: Any) -> None:
                object.__setattr__(self, "_depth", self._depth + 1)
                if self._depth > MAX_DEPTH:
                    raise IpcCgiResponseError(
                        f"reply nested deeper than {MAX_DEPTH} levels"
                    )
                handler(*args)

            value = start
        elif name == "EndElementHandler":
            end_handler = value

            def end(*args: Any) -> None:
                object.__setattr__(self, "_depth", self._depth - 1)
                end_handler(*args)

            value = end
        setattr(self._parser, name, value)


class _DepthLimitedExpat:
    @staticmethod
    def ParserCreate(*args: Any) -> _DepthLimitedParser:  # noqa: N802 - expat's name
        return _DepthLimitedParser(expat.ParserCreate(*args))


def _reference_parse(text: str) -> Node:
    parsed = xmltodict.parse(text, expat=_DepthLimitedExpat, strip_whitespace=True)
    ((tag, value),) = parsed.items()
    return _build(tag, value)


def reference_parse_xml(body: bytes) -> Node:
    """Parse a reply the way parser.parse_xml did with xmltodict."""
    text = body.decode("utf-8", errors="replace").lstrip("\ufeff \t\r\n")
    if declaration := _DECLARATION.match(text):
        text = text[declaration.end() :]
    text = text.strip()
    if not text.startswith("<"):
        raise IpcCgiResponseError("reply is not XML")
    text = _tidy(text)
    if re.match(r"<(!doctype\s+)?html\b", text, re.IGNORECASE):
        raise IpcCgiResponseError("reply is an HTML page")
    if _DTD.search(text):
        raise IpcCgiResponseError("reply declares a DTD or entities")
    try:
        return _reference_parse(text)
    except (ExpatError, ValueError, TypeError, AttributeError):
        pass
    if re.match(r"<fault\b", text, re.IGNORECASE):
        try:
            return _reference_parse(_repair(text))
        except (ExpatError, ValueError, TypeError, AttributeError):
            pass
    raise IpcCgiResponseError("reply is not valid XML")


def _outcome(parse: Callable[[bytes], Node], body: bytes) -> Node | str:
    try:
        return parse(body)
    except IpcCgiResponseError as err:
        return f"error: {err}"


def assert_same(body: bytes) -> Node | str:
    """Assert both parsers give the same tree (or the same error); return it."""
    new = _outcome(parse_xml, body)
    assert new == _outcome(reference_parse_xml, body), body[:300]
    return new


# --- the corpus -------------------------------------------------------------------

D = '<?xml version="1.0" encoding="UTF-8"?>'
TRICKY = [
    # sloppy firmware, as the other tests feed it
    b'\xef\xbb\xbf \n<?xml version="1.0"?>\n< osd title_utf8="a & b" enable=" 1 ">'
    b"<value >x</ value ></osd >",
    b'<DevState sd1="1" sd2=" 2 " MemTotal="125620 kB " color="0xff" bad="x" hex="0xzz">'
    b"<stream1/><streamX/><stream2/><n>12</n><n>x</n></DevState>",
    b"<fault>broken</fault>",
    b"<fault><reason>bad</reason></fault>",
    b"<fault><value>/x</value><reason>r</reason></fault>",
    b"<fault><value>/x</value><reason>cut</reason></value></reason>",
    b"<fault><value>/x</value><reason>open",
    b'<?xml version="1.0"?><a/><?xml version="1.0"?>',
    b"<html><body>login</body></html>",
    b"<!DOCTYPE html><html><head><title>Error</title></head><body><p>oops</body></html>",
    b"< html><body>x</body></html>",
    b"<?xml version='1.0'?><<garbage",
    b"\xff\xfe\x00<\x80\x81>",
    b"<a></b>",
    b"<a/><b/>",
    b"",
    b"OK",
    b"<?xml" * 1000,
    BILLION_LAUGHS,
    XXE,
    b"<!DOCTYPE uid><uid>5ec</uid>",
    b'<uid><!ENTITY e "x">5ec</uid>',
    deep_nesting(MAX_DEPTH),
    deep_nesting(MAX_DEPTH + 1),
    small_elements(2000),
    # text: mixed content, split around children, whitespace, references, CDATA
    b"<a> x <b>1</b> y <b>2</b>\n z </a>",
    b"<a>\n  <b>1</b>\n  <c/>\n</a>",
    b"<a>x<b/>y</a>",
    b"<a>   </a>",
    b'<a k="v">  </a>',
    b'<a k="v"> t </a>',
    b"<a>&amp;&lt;&#65;&#x42; &unknown; &</a>",
    b"<a><![CDATA[ < b & c </d > ]]></a>",
    b"<a>1<!-- a comment -->2<?pi < x ?>3</a>",
    b"<a>x</a >",
    b"<a>x</ a>",
    b"<a\t>x</a\n>",
    b"<\ta/>",
    b"<a>\xe2\x80\x83x\xe2\x80\x83</a>",
    b"<a>\xc3\xa9t\xc3\xa9</a>",
    b"<a>bad \xff byte</a>",
    # attributes: case, spaces, empty values, namespaces
    b'<A Foo="1" foo="2" BAR="" baz=" x "/>',
    b'<a xmlns="urn:x" xmlns:p="urn:p" p:k="1"><p:b/></a>',
    b"<a k='single' l=\"&quot;&amp;\"/>",
    # children: interleaved tags keep xmltodict's grouping
    b"<a><b n='1'/><c/><b n='2'/><d/><c>3</c></a>",
    b"<a><b/><b/><b/></a>",
    b"<a><B/><b/><B/></a>",
    b"<a><b/><c/><d/></a>",
    # a second declaration, another encoding declared
    b'<?xml version="1.0"?><?xml version="1.0" encoding="ISO-8859-1"?><a>\xc3\xa9</a>',
    (D + "<RelayStatus>Get status(0) fail</RelayStatus>").encode(),
]


def test_spec_examples() -> None:
    """Every reply printed in the spec (successes and faults) parses as before."""
    for body in spec.ALL_BODIES:
        assert isinstance(assert_same(body), Node)


@pytest.mark.parametrize("body", TRICKY)
def test_tricky_replies(body: bytes) -> None:
    """Sloppy and hostile replies give the same tree or the same error as before."""
    assert_same(body)


def test_interleaved_children_are_grouped_by_tag() -> None:
    """As xmltodict did: each tag's elements follow its first one, in their order."""
    node = parse_xml(b"<a><b n='1'/><c/><b n='2'/></a>")
    assert [(child.tag, child.attrs) for child in node.elements] == [
        ("b", {"n": "1"}),
        ("b", {"n": "2"}),
        ("c", {}),
    ]
    assert parse_xml(b"<a> x <b>1</b> y </a>").text == "x  y"


def test_entities_stop_the_tree_builder_too() -> None:
    """Behind the `<!DOCTYPE`/`<!ENTITY` check, expat refuses entity declarations itself."""
    with pytest.raises(IpcCgiResponseError, match="declares a DTD or entities"):
        _parse(BILLION_LAUGHS.decode())
    with pytest.raises(IpcCgiResponseError, match="declares a DTD or entities"):
        _parse(XXE.decode())


async def test_simulator_replies(simulator: Simulator) -> None:
    """Every endpoint's reply from the simulator (GET, the configuration) parses as before."""
    bodies = []
    async with ClientSession(simulator.url) as session:
        login = {"username": "admin", "password": "123456"}
        async with session.get("/cgi-bin/getuid", params=login) as reply:
            uid = parse_xml(await reply.read()).text
        recording = simulator.state.recordings[0].start
        extra = {
            "/cgi-bin/get_record_query": {
                "year": str(recording.year),
                "month": str(recording.month),
                "day": str(recording.day),
            },
            "/cgi-bin/userosd": {"title_index": "1"},
        }
        skipped = {"/cgi-bin/reboot", "/cgi-bin/factory_reset", "/cgi-bin/snapshot.cgi"}
        for path in sorted(ENDPOINTS.keys() - skipped):
            if path.startswith("/playback"):
                continue
            params = {"uid": uid} | extra.get(path, {})
            async with session.get(path, params=params) as reply:
                bodies.append(await reply.read())
    xml = [body for body in bodies if body.lstrip().startswith(b"<")]
    assert len(xml) >= 40
    for body in xml:
        assert_same(body)


# --- generated XML ------------------------------------------------------------------

_NAMES = st.sampled_from(["a", "b", "B", "c", "Led", "stream1", "x:y", "_d"])
_TEXT = st.text(alphabet=st.sampled_from(list(" \t\nab1=&<>é\u2003")), max_size=6)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@st.composite
def _element(draw: st.DrawFn, depth: int = 0) -> str:
    tag = draw(_NAMES)
    names = draw(st.lists(_NAMES, max_size=3, unique_by=str.lower))
    attrs = "".join(
        f' {name}{draw(st.sampled_from(["=", " = "]))}"{_escape(draw(_TEXT))}"'
        for name in names
    )
    if depth >= 3 or draw(st.booleans()):
        if draw(st.booleans()):
            return f"<{tag}{attrs}/>"
        return f"<{tag}{attrs}>{_escape(draw(_TEXT))}</{tag}>"
    parts = []
    for _ in range(draw(st.integers(0, 4))):
        parts.append(draw(_TEXT).replace("&", "&amp;").replace("<", "&lt;"))
        parts.append(draw(_element(depth + 1)))
    parts.append(_escape(draw(_TEXT)))
    return f"<{tag}{attrs}>{''.join(parts)}</{tag}>"


@settings(max_examples=300, deadline=None)
@given(root=_element(), declared=st.booleans(), sloppy=st.booleans())
def test_generated_xml(root: str, declared: bool, sloppy: bool) -> None:
    """Generated trees (mixed content, repeated tags) parse as before, also made sloppy."""
    text = (D + "\n" if declared else "") + root
    if sloppy:
        text = text.replace("&amp;", "&").replace("</", "</ ").replace("<b", "< b")
    assert_same(text.encode())


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(
        alphabet=st.sampled_from(list('<>/="? &;!abcfltuvx01 \n')), max_size=120
    )
)
def test_xmlish_noise(text: str) -> None:
    """XML-looking noise gives the same tree or the same error as before."""
    assert_same(text.encode())
