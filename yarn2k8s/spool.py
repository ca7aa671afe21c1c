"""Output files held on disk, not in memory, between conversion and the write.

A run's outputs are planned and written as a whole (the writer refuses a run before touching
OUT), so they must all exist before the write starts. At estate scale holding their bytes in
memory is what made memory grow with the estate (10,000 jobs are ~100 MB of files, several times
that as Python objects). A Spool appends each file to one unlinked temporary file as its unit
is converted and keeps only offsets, so memory stays flat; reads come back from the page cache.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Iterator, MutableMapping

_WRITE_BYTES = 1 << 20


class Spool(MutableMapping[str, bytes]):
    """A mapping of relative output path -> bytes, stored in an anonymous temporary file.

    Replacing a path appends the new bytes (the old ones are never read again). The file is
    unlinked at creation, so the operating system reclaims it whenever the process ends.
    """

    def __init__(self) -> None:
        # Owned for the Spool's lifetime, closed by close() or with the object: not a `with`.
        self._file = tempfile.TemporaryFile(prefix="yarn2k8s-spool-")  # noqa: SIM115
        self._fd = self._file.fileno()
        self._index: dict[str, tuple[int, int]] = {}
        self._end = 0

    def __setitem__(self, rel: str, data: bytes) -> None:
        offset = self._end
        self._append(data)
        self._index[rel] = (offset, len(data))

    def put_chunks(self, rel: str, chunks: Iterable[bytes]) -> None:
        """Store a file given as a stream of chunks, never holding it whole in memory (the
        file appears only once the stream has ended)."""
        offset = self._end
        buffer = bytearray()  # renderers yield one small chunk per item: write ~1 MB at a time
        for chunk in chunks:
            buffer += chunk
            if len(buffer) >= _WRITE_BYTES:
                self._append(bytes(buffer))
                buffer.clear()
        self._append(bytes(buffer))
        self._index[rel] = (offset, self._end - offset)

    def _append(self, data: bytes) -> None:
        view, done = memoryview(data), 0
        while done < len(view):  # pwrite may write less than asked
            done += os.pwrite(self._fd, view[done:], self._end + done)
        self._end += len(data)

    def __getitem__(self, rel: str) -> bytes:
        offset, size = self._index[rel]
        data = os.pread(self._fd, size, offset)
        if len(data) != size:  # a regular file returns everything; anything else is a bug
            raise OSError(f"spool read {len(data)} of {size} bytes for {rel!r}")
        return data

    def __delitem__(self, rel: str) -> None:
        del self._index[rel]

    def __iter__(self) -> Iterator[str]:
        return iter(self._index)

    def __len__(self) -> int:
        return len(self._index)

    def __contains__(self, rel: object) -> bool:
        return rel in self._index

    def close(self) -> None:
        """Release the temporary file (also done when the Spool is garbage-collected)."""
        self._file.close()
