"""A Weir script behaves as a Python script should from a shell: ``python job.py | head`` ends
quietly, Ctrl-C interrupts whatever the script waits on (cancelling the job), and a failed job
shows its Python exception without the Java stack trace. Each script runs in a process of its own.

The timeouts below only guard against a hang; nothing waits for time to pass."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import weir

SOURCES = Path(weir.__file__).resolve().parent.parent
HANG_GUARD_SECONDS = 120

UNBOUNDED_TABLE = """
    from weir.table import DataTypes, EnvironmentSettings, Schema, TableDescriptor, TableEnvironment

    t_env = TableEnvironment.create(EnvironmentSettings.in_streaming_mode())
    schema = Schema.new_builder().column("id", DataTypes.BIGINT()).build()
    t_env.create_temporary_table("numbers", TableDescriptor.for_connector("datagen").schema(schema)
                                 .option("rows-per-second", {rate}).build())
"""
FAILING_JOB = """
    import logging
    import sys

    from weir.table import DataTypes, EnvironmentSettings, TableEnvironment
    from weir.table.udf import udf

    if "--debug" in sys.argv:
        logging.basicConfig(level=logging.DEBUG)
    t_env = TableEnvironment.create(EnvironmentSettings.in_batch_mode())
    reciprocal = udf(lambda x: 1 // x, result_type=DataTypes.BIGINT(), name="reciprocal")
    numbers = t_env.from_elements([(1,), (0,)], ["x"])
    numbers.select(reciprocal(numbers.x)).execute().wait()
"""


def write_script(tmp_path: Path, code: str) -> Path:
    script = tmp_path / "job.py"
    script.write_text(textwrap.dedent(code), encoding="utf-8")
    return script


def environment() -> dict[str, str]:
    return dict(os.environ, PYTHONPATH=str(SOURCES))


def run_into_head(script: Path) -> tuple[list[str], str, int]:
    """``python script | head -n 3`` in a shell: head's lines, the script's stderr and exit status."""
    pipeline = f'"{sys.executable}" "{script}" 2>"{script}.err" | head -n 3; echo "${{PIPESTATUS[0]}}" >"{script}.status"'
    shell = subprocess.Popen(["bash", "-c", pipeline], stdout=subprocess.PIPE, text=True, env=environment(),
                             start_new_session=True)
    try:
        out, _ = shell.communicate(timeout=HANG_GUARD_SECONDS)
    except subprocess.TimeoutExpired:
        os.killpg(shell.pid, signal.SIGKILL)
        shell.communicate()
        pytest.fail(f"'python job.py | head -n 3' hung; the script's stderr:\n{Path(f'{script}.err').read_text()}")
    status = int(Path(f"{script}.status").read_text(encoding="utf-8"))
    return out.splitlines(), Path(f"{script}.err").read_text(encoding="utf-8"), status


@pytest.mark.parametrize("sink", ["print()", "print connector"])
def test_a_script_piped_into_head_ends_quietly(engine, tmp_path, sink):
    """print(): the script's own write fails; print connector: the engine's output, which Python
    writes from a thread of its own, does."""
    code = UNBOUNDED_TABLE.format(rate=100_000)
    if sink == "print()":
        code += "    t_env.from_path('numbers').execute().print()\n"
    else:
        code += ("    t_env.create_temporary_table('out', TableDescriptor.for_connector('print').schema(schema).build())\n"
                 "    t_env.from_path('numbers').execute_insert('out').wait()\n")
    lines, stderr, status = run_into_head(write_script(tmp_path, code))

    assert len(lines) == 3
    assert "Traceback" not in stderr
    assert "Error" not in stderr
    assert status == 1, "a Python script whose stdout's reader went away exits with status 1"


def test_ctrl_c_interrupts_a_pending_call_and_cancels_the_job(engine, tmp_path):
    """As a terminal does, Ctrl-C goes to the script's whole process group. The engine keeps
    running: the script still asks it for the job's status and runs another job."""
    script = write_script(tmp_path, UNBOUNDED_TABLE.format(rate=5) + """
    import sys

    result = t_env.from_path("numbers").execute()
    try:
        result.print()
    except KeyboardInterrupt:
        # wait() returns once the job has ended; it would not if Ctrl-C had not cancelled it
        print("status after Ctrl-C:", result.get_job_client().wait().value, file=sys.stderr)
        with t_env.from_elements([(7,)], ["x"]).execute().collect() as rows:
            print("another job:", [row.x for row in rows], file=sys.stderr)
        raise
    """)
    process = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, env=environment(), process_group=0)
    try:
        assert process.stdout is not None
        # A row printed means the script is inside print(), waiting on the engine for the next.
        for line in process.stdout:
            if line.startswith("| +I |"):
                break
        os.killpg(process.pid, signal.SIGINT)
        _, stderr = process.communicate(timeout=HANG_GUARD_SECONDS)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()

    assert "status after Ctrl-C: CANCELED" in stderr
    assert "another job: [7]" in stderr
    assert stderr.rstrip().splitlines()[-1] == "KeyboardInterrupt"
    assert "During handling" not in stderr
    assert process.returncode == -signal.SIGINT


def test_a_failed_job_shows_the_python_exception_without_the_java_stack_trace(engine, tmp_path):
    script = write_script(tmp_path, FAILING_JOB)
    completed = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, env=environment(),
                               timeout=HANG_GUARD_SECONDS)

    assert completed.returncode == 1
    last = [line for line in completed.stderr.splitlines() if line.startswith("weir.errors.")][-1]
    assert last.startswith("weir.errors.PythonFunctionException: ")
    assert "Python function 'reciprocal' failed on input row +I[0]: ZeroDivisionError" in last
    assert "at dev.weir" not in completed.stderr
    assert "\tat " not in completed.stderr


def test_the_java_stack_trace_of_a_failed_job_is_logged_at_debug_level(engine, tmp_path):
    script = write_script(tmp_path, FAILING_JOB)
    completed = subprocess.run([sys.executable, str(script), "--debug"], capture_output=True, text=True,
                               env=environment(), timeout=HANG_GUARD_SECONDS)

    assert completed.returncode == 1
    # logging.basicConfig writes "LEVEL:logger:message", the message's further lines as they are.
    records = re.split(r"\n(?=(?:DEBUG|INFO|WARNING|ERROR|CRITICAL):)", completed.stderr)
    traces = [record for record in records if "\tat dev.weir" in record]
    assert traces, completed.stderr
    assert all(record.startswith("DEBUG:weir.jvm:") for record in traces)
    assert any("OperatorFailure" in record for record in traces)
