"""Building the camera's XML replies."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from xml.sax.saxutils import escape, quoteattr

DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'


def value_text(value: object) -> str:
    """Format a value the way the camera prints it (booleans as 1/0)."""
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


def element(
    tag: str,
    attributes: Mapping[str, object] | None = None,
    *,
    children: Iterable[str] = (),
    text: str | None = None,
    open_close: bool = False,
) -> str:
    """Return one XML element; attribute-only elements are self-closing unless `open_close`."""
    attrs = "".join(
        f" {name}={quoteattr(value_text(value))}"
        for name, value in (attributes or {}).items()
    )
    inner = "".join(children) + (escape(text) if text is not None else "")
    if not inner and not open_close:
        return f"<{tag}{attrs}/>"
    return f"<{tag}{attrs}>{inner}</{tag}>"


def document(root: str) -> str:
    """Return a full reply document around `root`."""
    return DECLARATION + root


def fault_document(value: str, reason: str) -> str:
    """Return the spec's fault document (chapter 1)."""
    return document(
        element(
            "fault",
            children=(element("value", text=value), element("reason", text=reason)),
        )
    )
