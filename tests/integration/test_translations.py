"""Translations: Chinese says everything English says, with the same placeholders."""

from __future__ import annotations

import json
from pathlib import Path
import re
from typing import Any

import custom_components.ipc_cgi
from custom_components.ipc_cgi.errors import FILE_ERROR_KEYS

TRANSLATIONS = Path(custom_components.ipc_cgi.__file__).parent / "translations"


def _texts(tree: dict[str, Any], prefix: str = "") -> dict[str, str]:
    """Return every text of a translation file by its dotted key."""
    texts: dict[str, str] = {}
    for key, value in tree.items():
        if isinstance(value, dict):
            texts |= _texts(value, f"{prefix}{key}.")
        else:
            texts[f"{prefix}{key}"] = value
    return texts


def test_languages_match() -> None:
    """zh-Hans has the keys of en and each text the same placeholders."""
    english = _texts(json.loads((TRANSLATIONS / "en.json").read_text()))
    chinese = _texts(json.loads((TRANSLATIONS / "zh-Hans.json").read_text()))
    assert set(chinese) == set(english)
    for key, text in english.items():
        assert chinese[key].strip(), key
        assert set(re.findall(r"\{(\w+)\}", chinese[key])) == set(
            re.findall(r"\{(\w+)\}", text)
        ), key
    assert {"config", "options", "entity", "exceptions", "services"} <= {
        key.split(".")[0] for key in english
    }


def test_every_key_in_the_code_is_translated() -> None:
    """Each translation key the code names exists: an exception or an entity."""
    english = json.loads((TRANSLATIONS / "en.json").read_text())
    known = set(english["exceptions"]) | {
        key for platform in english["entity"].values() for key in platform
    }
    source = "".join(path.read_text() for path in TRANSLATIONS.parent.glob("*.py"))
    # translation_key="..." and, in errors.py, key = "..." (or "..." if ... else "...")
    named = set(re.findall(r'(?:translation_key=|key = )"(\w+)"', source))
    named |= set(re.findall(r'key = "\w+" if \w+ else "(\w+)"', source))
    named |= set(FILE_ERROR_KEYS.values())
    named |= set(re.findall(r'validation_error\(\s*"(\w+)"', source))
    assert "text_too_long" in named
    assert named - known == set()
    # every exception message is used
    assert set(english["exceptions"]) - named == set()
