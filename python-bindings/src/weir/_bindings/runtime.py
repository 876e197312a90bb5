"""What generated builders call: Python type checks, option rendering and local validation."""

from __future__ import annotations

import datetime
import functools
import inspect
from typing import Any, Callable, Mapping, Sequence, TypeVar

from weir._bindings.validation import check_options, did_you_mean, raise_if_problems
from weir._sensitive import looks_sensitive, mask_user_info
from weir.errors import ValidationException
from weir.table.schema import Schema
from weir.table.table_descriptor import FormatDescriptor, TableDescriptor, format_prefix, option_text

Builder = TypeVar("Builder", bound=Callable[..., Any])

# Which Python values each option type accepts (bool is excluded from the integer types).
_ACCEPTED: dict[str, tuple[type, ...]] = {
    "STRING": (str,), "ENUM": (str,), "INT": (int,), "LONG": (int,), "DOUBLE": (int, float),
    "BOOLEAN": (bool,), "DURATION": (str, datetime.timedelta), "MEMORY_SIZE": (str, int),
    "LIST": (str, list, tuple), "MAP": (str, dict),
}
_PYTHON_NAMES = {"STRING": "str", "ENUM": "str", "INT": "int", "LONG": "int", "DOUBLE": "float", "BOOLEAN": "bool",
                 "DURATION": "str or datetime.timedelta", "MEMORY_SIZE": "str or int (bytes)",
                 "LIST": "a list of str or a ';'-separated str", "MAP": "a dict or a 'k:v,k:v' str"}


def typed_builder(factory: Mapping[str, Any]) -> Callable[[Builder], Builder]:
    """Turns a misspelt keyword argument into a ValidationException naming the closest one
    (Python's own TypeError would not suggest anything)."""

    def decorate(function: Builder) -> Builder:
        parameters = list(inspect.signature(function).parameters)

        @functools.wraps(function)
        def checked(*args: Any, **kwargs: Any) -> Any:
            for name in kwargs:
                if name not in parameters:
                    raise ValidationException(
                        f"{_what(factory)}: unknown argument '{name}'.{did_you_mean(name, parameters)} "
                        f"Arguments: {', '.join(parameters)}.")
            return function(*args, **kwargs)

        return checked  # type: ignore[return-value]

    return decorate


def _what(factory: Mapping[str, Any]) -> str:
    kind = "format" if "format" in factory["kinds"] else "connector"
    return f"{kind} '{factory['identifier']}'"


def _check_type(factory: Mapping[str, Any], option: Mapping[str, Any], argument: str, key: str, value: Any) -> None:
    """``key`` is the concrete key (``properties.sasl.jaas.config`` for ``properties.*``); the value of
    a sensitive one is never shown, only its type."""
    accepted = _ACCEPTED.get(option["type"], (str,))
    if isinstance(value, bool) and bool not in accepted or not isinstance(value, accepted):
        got = type(value).__name__
        if not (option.get("sensitive") or looks_sensitive(key)):
            got += f" {mask_user_info(repr(value))}"
        raise ValidationException(
            f"{_what(factory)}: argument {argument} (option '{key}') expects "
            f"{_PYTHON_NAMES.get(option['type'], 'str')}, got {got}.")


def option_values(factory: Mapping[str, Any], arguments: Mapping[str, Any],
                  argument_keys: Mapping[str, str]) -> dict[str, str]:
    """Options as written in a descriptor, from builder arguments (``argument_keys`` maps each
    argument to its option key). Unset arguments and defaults are left out; template options take
    a dict keyed by the name that replaces ``#`` (or the suffix for ``*``)."""
    by_key = {option["key"]: option for option in factory["options"]}
    options: dict[str, str] = {}
    for argument, key in argument_keys.items():
        value = arguments.get(argument)
        if value is None:
            continue
        option = by_key[key]
        if option["template"]:
            if not isinstance(value, Mapping):
                raise ValidationException(f"{_what(factory)}: argument {argument} (option '{key}') takes a dict "
                                          f"keyed by {'column name' if '#' in key else 'key suffix'}.")
            for name, item in value.items():
                concrete = key.replace("#", str(name)) if "#" in key else key[:-1] + str(name)
                _check_type(factory, option, argument, concrete, item)
                options[concrete] = option_text(item)
            continue
        if key.endswith("format") and isinstance(value, FormatDescriptor):
            options[key] = value.get_format()
            prefix = format_prefix(key, value.get_format())
            options.update({prefix + k: v for k, v in value.get_options().items()})
            continue
        _check_type(factory, option, argument, key, value)
        text = option_text(value)
        if text != option["default"] or option["required"]:
            options[key] = text
    return options


def build_table_descriptor(factory: Mapping[str, Any], schema: Schema | None, arguments: Mapping[str, Any],
                           argument_keys: Mapping[str, str], partitioned_by: Sequence[str] = (),
                           comment: str | None = None) -> TableDescriptor:
    options = option_values(factory, arguments, argument_keys)
    # Format options under a format prefix belong to the format: its own builder checked them.
    own = {key: value for key, value in options.items()
           if not any(key.startswith(format_prefix(k, options[k])) for k in options if k.endswith("format"))}
    raise_if_problems(check_options(_what(factory), factory, own))
    builder = TableDescriptor.for_connector(factory["identifier"])
    if schema is not None:
        builder.schema(schema)
    for key, value in options.items():
        builder.option(key, value)
    if partitioned_by:
        builder.partitioned_by(*partitioned_by)
    if comment is not None:
        builder.comment(comment)
    return builder.build()


def build_format_descriptor(factory: Mapping[str, Any], arguments: Mapping[str, Any],
                            argument_keys: Mapping[str, str]) -> FormatDescriptor:
    options = option_values(factory, arguments, argument_keys)
    raise_if_problems(check_options(_what(factory), factory, options))
    builder = FormatDescriptor.for_format(factory["identifier"])
    for key, value in options.items():
        builder.option(key, value)
    return builder.build()
