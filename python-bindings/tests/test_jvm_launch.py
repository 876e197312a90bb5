"""Finding Java, and turning the gateway's answers into Python exceptions."""

import os
import stat
from pathlib import Path

import pytest

from weir._jvm import java
from weir._jvm.protocol import RawJsonNumber, dumps, exception_from_error
from weir.errors import JavaException, JavaNotFoundError, ValidationException


@pytest.mark.parametrize("output, version", [
    ('openjdk version "17.0.13" 2024-10-15', 17),
    ('java version "1.8.0_392"', 8),
    ('openjdk version "25" 2025-09-16', 25),
    ('openjdk version "21-ea" 2023-09-19', 21),
])
def test_java_versions_are_read(output, version):
    assert java.parse_java_version(output) == version


def fake_java(directory: Path, version: str) -> Path:
    executable = directory / "bin" / "java"
    executable.parent.mkdir(parents=True)
    executable.write_text(f"#!/bin/sh\necho 'openjdk version \"{version}\" 2020-01-01' >&2\n")
    executable.chmod(executable.stat().st_mode | stat.S_IEXEC)
    return executable


def test_old_java_is_refused_with_what_to_install(tmp_path, monkeypatch):
    fake_java(tmp_path, "11.0.2")
    monkeypatch.setenv("JAVA_HOME", str(tmp_path))
    with pytest.raises(JavaNotFoundError, match="needs Java 17 or newer.*Java 11.*openjdk-17"):
        java.find_java()


def test_missing_java_is_refused_with_what_to_install(tmp_path, monkeypatch):
    monkeypatch.delenv("JAVA_HOME", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(JavaNotFoundError, match="no 'java' was found.*JDK or JRE 17"):
        java.find_java()


def test_java_home_wins_over_path(tmp_path, monkeypatch):
    executable = fake_java(tmp_path, "21.0.1")
    monkeypatch.setenv("JAVA_HOME", str(tmp_path))
    assert java.find_java() == str(executable)


def test_errors_become_python_exceptions_with_the_java_trace():
    validation = exception_from_error({"kind": "validation", "message": "- a\n- b", "problems": ["a", "b"],
                                       "javaClass": "dev.weir.api.ValidationException", "trace": "at X"})
    assert isinstance(validation, ValidationException) and validation.problems == ["a", "b"]
    assert validation.java_trace == "at X"
    failure = exception_from_error({"kind": "java", "message": "JobFailedException: boom (caused by IOException: disk)",
                                    "javaClass": "dev.weir.engine.runtime.JobFailedException", "trace": "at Y"})
    assert isinstance(failure, JavaException)
    assert str(failure) == "JobFailedException: boom (caused by IOException: disk)"
    assert failure.java_trace == "at Y" and failure.java_class.endswith("JobFailedException")


def test_requests_are_single_lines_with_exact_decimals():
    line = dumps({"id": 1, "params": {"value": RawJsonNumber("12345678901234567890.123456789"), "text": "a\nb"}})
    assert "\n" not in line
    assert line == '{"id":1,"params":{"value":12345678901234567890.123456789,"text":"a\\nb"}}'
    assert os.linesep not in line
