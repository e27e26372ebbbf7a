"""What one ``mkdocs serve`` rebuild keeps for the next: results keyed by a hash of
every input that shapes them (never by file times), so that an edit makes new work
only for what it touched. An entry not used during a rebuild is dropped after it, so
what is kept stays the size of one site."""

from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket

V = TypeVar("V")


def digest(*parts: Any) -> str:
    """A hash of plain data (strings, numbers, lists, dicts; other objects by what they are)."""
    text = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=_describe)
    return hashlib.blake2b(text.encode("utf-8"), digest_size=20).hexdigest()


def _describe(value: Any) -> Any:
    # Options read from mkdocs.yml may hold functions (a slugify made by a factory);
    # a new object on every rebuild, the same function each time.
    if isinstance(value, functools.partial):
        return ["partial", _describe(value.func), list(value.args), value.keywords]
    if callable(value):
        return ["callable", getattr(value, "__module__", ""), getattr(value, "__qualname__", type(value).__qualname__)]
    if isinstance(value, (set, frozenset)):
        return sorted(map(str, value))
    return ["object", type(value).__module__, type(value).__qualname__, repr(vars(value)) if hasattr(value, "__dict__") else repr(value)]


@dataclass
class Kept(Generic[V]):
    _now: dict[str, V] = field(default_factory=dict)
    _before: dict[str, V] = field(default_factory=dict)
    hits: int = 0
    misses: int = 0

    def new_build(self) -> None:
        self._before, self._now = self._now, {}
        self.hits = self.misses = 0

    def get(self, key: str) -> V | None:
        if key in self._now:
            self.hits += 1
            return self._now[key]
        if key in self._before:
            self.hits += 1
            value = self._now[key] = self._before.pop(key)
            return value
        self.misses += 1
        return None

    def put(self, key: str, value: V) -> V:
        self._now[key] = value
        return value


class KeptBytecode(BytecodeCache):
    """Jinja's compiled templates kept in memory: MkDocs makes a new theme environment
    for every build (and language), which would compile every template of the theme
    again. Jinja checks each entry against its template's source before using it."""

    def __init__(self) -> None:
        self.codes: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self.codes.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.codes[bucket.key] = bucket.bytecode_to_string()
