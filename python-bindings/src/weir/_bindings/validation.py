"""Option checks for the typed builders, done locally from the factory catalog with the same rules
and messages as the Java side (``FactoryHelper``, ``ConfigOption.parse``, ``Suggestions``)."""

from __future__ import annotations

import re
from typing import Any, Iterable, Mapping

from weir._sensitive import looks_sensitive, mask, mask_user_info
from weir.errors import ValidationException

# OptionType.expectedForm() of the Java side, for messages identical to the engine's.
EXPECTED_FORMS = {
    "STRING": "a string",
    "INT": "an integer, e.g. 42",
    "LONG": "an integer, e.g. 42",
    "DOUBLE": "a number, e.g. 0.5",
    "BOOLEAN": "'true' or 'false'",
    "DURATION": "a duration, e.g. '500 ms', '10 s', '5 min', '1 h'",
    "MEMORY_SIZE": "a memory size, e.g. '512 kb', '64 mb', '1 gb'",
    "LIST": "a list of strings separated by ';'",
    "MAP": "a map written as 'key1:value1,key2:value2'",
}

_DURATION_UNITS = {"ns", "nano", "nanos", "nanosecond", "nanoseconds", "us", "µs", "micro", "micros",
                   "microsecond", "microseconds", "", "ms", "milli", "millis", "millisecond", "milliseconds", "s",
                   "sec", "secs", "second", "seconds", "m", "min", "mins", "minute", "minutes", "h", "hour", "hours",
                   "d", "day", "days"}
_MEMORY_UNITS = {"", "b", "bytes", "k", "kb", "kib", "kibibytes", "m", "mb", "mib", "mebibytes", "g", "gb", "gib",
                 "gibibytes", "t", "tb", "tib", "tebibytes"}
_INT_RANGE = {"INT": (-2**31, 2**31 - 1), "LONG": (-2**63, 2**63 - 1)}


def distance(a: str, b: str) -> int:
    """Optimal string alignment distance (a swap of neighbours is one edit), as the Java side."""
    d = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) + 1):
        d[i][0] = i
    for j in range(len(b) + 1):
        d[0][j] = j
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[len(a)][len(b)]


def closest(wrong: str, candidates: Iterable[str]) -> str | None:
    """The closest candidate within a distance that still looks like a typo, if any."""
    w = wrong.lower()
    near = [c for c in candidates if distance(w, c.lower()) <= max(2, min(len(w), len(c)) // 3)]
    return min(near, key=lambda c: (distance(w, c.lower()), c)) if near else None


def did_you_mean(wrong: str, candidates: Iterable[str]) -> str:
    """" Did you mean 'x'?" or the empty string."""
    match = closest(wrong, candidates)
    return f" Did you mean '{match}'?" if match else ""


def value_problem(option: Mapping[str, Any], key: str, text: str) -> str | None:
    """The Java side's message for a malformed value of ``option`` under ``key``, or None."""
    option_type = option["type"]
    raw = text.strip()
    ok = True
    if option_type in _INT_RANGE:
        low, high = _INT_RANGE[option_type]
        ok = re.fullmatch(r"[+-]?\d+", raw) is not None and low <= int(raw) <= high
    elif option_type == "DOUBLE":
        try:
            float(raw)
        except ValueError:
            ok = False
    elif option_type == "BOOLEAN":
        ok = raw.lower() in ("true", "false")
    elif option_type == "DURATION":
        match = re.fullmatch(r"(\d+)\s*([a-zµ]*)", raw.lower())
        ok = raw.lower().startswith("p") or (match is not None and match.group(2) in _DURATION_UNITS)
    elif option_type == "MEMORY_SIZE":
        match = re.fullmatch(r"(\d+)\s*([a-z]*)", raw.lower())
        ok = match is not None and match.group(2) in _MEMORY_UNITS
    elif option_type == "ENUM":
        ok = any(value.lower() == raw.lower() or value.replace("_", "-").lower() == raw.lower()
                 for value in option.get("enumValues", []))
    elif option_type == "MAP":
        ok = raw == "" or all(":" in entry and entry.index(":") > 0 for entry in raw.split(","))
    if ok:
        return None
    shown = mask() if option.get("sensitive") or looks_sensitive(key) else f"'{mask_user_info(text)}'"
    expected = ("one of " + ", ".join(f"'{v}'" for v in option.get("enumValues", []))
                if option_type == "ENUM" else EXPECTED_FORMS.get(option_type, "a valid value"))
    return f"Invalid value {shown} for option '{key}': expected {expected}."


def template_matches(template: str, concrete: str) -> bool:
    """Whether a concrete key matches a template key ('#' is one or more segments, trailing '*' any suffix)."""
    if template.endswith("*"):
        return concrete.startswith(template[:-1]) and len(concrete) >= len(template)
    if "#" not in template:
        return template == concrete
    parts, pieces = template.split("."), concrete.split(".")
    if len(parts) > len(pieces):
        return False
    extra = len(pieces) - len(parts)
    index = 0
    for part in parts:
        if part == "#":
            index += 1 + extra
            extra = 0
        else:
            if part != pieces[index]:
                return False
            index += 1
    return index == len(pieces)


def check_options(what: str, factory: Mapping[str, Any], options: Mapping[str, str], prefix: str = "") -> list[str]:
    """Every problem of ``options`` (keys without ``prefix``) against a catalog factory: missing
    required options, unknown keys (with the closest valid key), malformed values."""
    problems = []
    declared = factory["options"]
    for option in declared:
        if option["required"] and not option["template"] and not any(
                key in options for key in [option["key"], *option["fallbackKeys"], *option["deprecatedKeys"]]):
            problems.append(f"{what}: missing required option '{prefix}{option['key']}' ({option['description']}).")
    valid_keys = sorted(prefix + option["key"] for option in declared)
    for key, text in options.items():
        if not prefix and key == "connector":
            continue
        match = next((option for option in declared
                      if any(template_matches(k, key)
                             for k in [option["key"], *option["fallbackKeys"], *option["deprecatedKeys"]])), None)
        if match is None:
            problems.append(f"{what}: unknown option '{prefix}{key}'.{did_you_mean(prefix + key, valid_keys)}"
                            f" Valid options: {', '.join(valid_keys)}.")
            continue
        problem = value_problem(match, prefix + key, text)
        if problem:
            problems.append(f"{what}: {problem}")
    return problems


def raise_if_problems(problems: list[str]) -> None:
    if problems:
        raise ValidationException(problems)
