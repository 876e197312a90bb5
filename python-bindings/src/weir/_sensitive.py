"""Which option values are secrets, and how they are shown (``repr``, ``str``, ``to_json``,
messages) without them.

The rule is the Java side's, taken from the catalog snapshot rather than written twice: a key is
sensitive when it contains one of ``sensitiveKeys.words`` (connector-api's ``SensitiveKeys``, as
``properties.sasl.jaas.config`` does), or when its connector or format declares the option
sensitive. Any other value shows a URL's user info masked (``http://******@host``) by the Java side's
pattern (``SensitiveUrls``), so both sides mask alike.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from weir._bindings.catalog import load_snapshot

@functools.cache
def _catalog() -> dict[str, Any]:
    return load_snapshot()


def mask() -> str:
    """What a secret is shown as: the Java side's ``SensitiveKeys.MASK``."""
    return str(_catalog()["sensitiveKeys"]["mask"])


@functools.cache
def _words() -> tuple[str, ...]:
    return tuple(_catalog()["sensitiveKeys"]["words"])


@functools.cache
def _declared(kind: str, identifier: str) -> tuple[str, ...]:
    """The keys (templates included) that the catalog's ``kind`` ('connector' or 'format') factory
    named ``identifier`` declares sensitive; none for a factory not in the catalog."""
    keys: list[str] = []
    for factory in _catalog()["factories"]:
        if factory["identifier"] == identifier and ("format" in factory["kinds"]) == (kind == "format"):
            for option in factory["options"]:
                if option.get("sensitive"):
                    keys += [option["key"], *option["fallbackKeys"], *option["deprecatedKeys"]]
    return tuple(keys)


def looks_sensitive(key: str) -> bool:
    """Whether a key names a secret whatever declares it (``SensitiveKeys.looksSensitive``)."""
    lowered = key.lower()
    return any(word in lowered for word in _words())


def is_sensitive(key: str, kind: str, identifier: str) -> bool:
    """Whether ``key`` of a ``kind`` ('connector' or 'format') named ``identifier`` holds a secret."""
    from weir._bindings.validation import template_matches  # here: validation's messages mask by this module

    return looks_sensitive(key) or any(template_matches(declared, key) for declared in _declared(kind, identifier))


@functools.cache
def _user_info() -> re.Pattern[str]:
    """A URL's scheme (group 1) and user info: ``SensitiveUrls.userInfoPattern()``."""
    return re.compile(_catalog()["sensitiveKeys"]["urlUserInfo"])


def mask_user_info(text: str) -> str:
    """``http://user:pw@host`` -> ``http://******@host``, as ``SensitiveUrls.mask`` does."""
    return _user_info().sub(lambda match: f"{match.group(1)}{mask()}@", text)


def shown_value(value: str, sensitive: bool) -> str:
    """A value as messages and renderings show it."""
    return mask() if sensitive else mask_user_info(value)
