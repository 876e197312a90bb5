"""Application class-data sharing (AppCDS) for the gateway JVM: a faster start from the second run.

The first gateway JVM for a given Java runtime, class path and JVM options runs with
``-XX:ArchiveClassesAtExit``, which writes the classes it loaded into an archive when it exits;
later ones map that archive (``-XX:SharedArchiveFile``) instead of loading and verifying those
classes from the jars. Archives live in ``<cache>/cds``, one per (Java runtime, class path with the
jars' sizes and times, options), so a rebuilt jar or another JDK gets a new one.

The JVM writes to a name of its own and the archive is renamed into place only after it exited
cleanly, so a concurrent run never maps a half-written file. A JVM that cannot use an archive
(another JDK build, a corrupt file) runs without it (``-Xshare:auto``) and says so in its ``cds``
log, and the archive is then deleted to be made again. ``WEIR_CDS=0`` turns all of this off.
"""

from __future__ import annotations

import hashlib
import os
import time
import uuid
from pathlib import Path
from typing import Sequence

from weir._jvm.cache import cache_directory

CDS_SETTING = "WEIR_CDS"
# Every failure to map an archive is logged with this prefix at info level of the 'cds' tag.
_REJECTION_MARK = "UseSharedSpaces:"
_CDS_LOG_MARK = "][cds"
# A dump whose Python side died before renaming it (killed, os._exit) is removed on a later start.
_ABANDONED_AFTER_SECONDS = 3600.0


def cds_enabled() -> bool:
    return os.environ.get(CDS_SETTING, "1").strip().lower() not in ("0", "false", "no", "off")


class ClassDataArchive:
    """The archive for one gateway command; :meth:`jvm_options` says how to start the JVM with it
    and :meth:`jvm_exited` puts a freshly dumped archive in place."""

    def __init__(self, java: str, options: Sequence[str], classpath: Sequence[str],
                 directory: Path | None = None) -> None:
        self.directory = directory or cache_directory() / "cds"
        self.path = self.directory / f"gateway-{_fingerprint(java, options, classpath)}.jsa"
        self._dump_path: Path | None = None
        self._rejected = False

    def jvm_options(self) -> list[str]:
        """Map the archive when there is one, else dump one at exit. JVM warnings go to stderr (the
        default is stdout, the protocol's channel); the ``cds`` log is read to notice rejection."""
        logging_options = ["-Xlog:disable", "-Xlog:all=warning:stderr"]
        if self.path.is_file():
            return [f"-XX:SharedArchiveFile={self.path}", *logging_options, "-Xlog:cds=info:stderr"]
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
        except OSError:
            return logging_options
        self._remove_abandoned_dumps()
        self._dump_path = self.directory / f"{self.path.stem}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp"
        return [f"-XX:ArchiveClassesAtExit={self._dump_path}", *logging_options]

    @staticmethod
    def is_cds_log(line: str) -> bool:
        return _CDS_LOG_MARK in line

    def note_cds_log(self, line: str) -> None:
        if _REJECTION_MARK in line:
            self._rejected = True

    @property
    def rejected(self) -> bool:
        return self._rejected

    def jvm_exited(self, exit_code: int | None) -> None:
        """Renames a dump into place after a clean exit; removes an archive the JVM refused."""
        if self._rejected:
            self.path.unlink(missing_ok=True)
        dump, self._dump_path = self._dump_path, None
        if dump is None:
            return
        try:
            if exit_code == 0 and dump.is_file() and dump.stat().st_size > 0:
                os.replace(dump, self.path)
            else:
                dump.unlink(missing_ok=True)
        except OSError:
            dump.unlink(missing_ok=True)

    def _remove_abandoned_dumps(self) -> None:
        deadline = time.time() - _ABANDONED_AFTER_SECONDS
        for leftover in self.directory.glob("*.tmp"):
            try:
                if leftover.stat().st_mtime < deadline:
                    leftover.unlink()
            except OSError:
                pass


def _fingerprint(java: str, options: Sequence[str], classpath: Sequence[str]) -> str:
    """Changes whenever the archive would no longer fit: another Java runtime (its ``release``
    file names version and build), other options, another class path or a rebuilt jar."""
    digest = hashlib.sha256()
    real_java = Path(java).resolve()
    digest.update(str(real_java).encode())
    try:
        digest.update((real_java.parent.parent / "release").read_bytes())
    except OSError:
        stat = real_java.stat()
        digest.update(f"{stat.st_size}:{stat.st_mtime_ns}".encode())
    digest.update("\0".join(options).encode())
    for entry in classpath:
        digest.update(b"\0" + entry.encode())
        try:
            stat = os.stat(entry)
            digest.update(f":{stat.st_size}:{stat.st_mtime_ns}".encode())
        except OSError:
            pass
    return digest.hexdigest()[:24]
