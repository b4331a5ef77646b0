"""RFC 8785 (JSON Canonicalization Scheme) for the values a leaf holds: objects, arrays,
strings, integers, booleans and null. Keys sort by their UTF-16 code units; strings are written
as ECMAScript's JSON.stringify writes them (Python's json module with ensure_ascii off does the
same: only '"', '\\' and control characters are escaped, as \\b \\f \\n \\r \\t or \\u00xx)."""

import json


def canonical(value) -> bytes:
    return _write(value).encode("utf-8")


def _write(value) -> str:
    if value is None or isinstance(value, bool):
        return json.dumps(value)
    if isinstance(value, int):
        if abs(value) > 2**53 - 1:
            raise ValueError("integer beyond the range JSON numbers keep exactly")
        return str(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list | tuple):
        return "[" + ",".join(_write(v) for v in value) + "]"
    if isinstance(value, dict):
        keys = sorted(value, key=lambda k: k.encode("utf-16-be"))
        return "{" + ",".join(_write(k) + ":" + _write(value[k]) for k in keys) + "}"
    raise TypeError(f"not a leaf value: {type(value).__name__}")
