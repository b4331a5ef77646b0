"""Merkle trees as RFC 9162 §2.1 defines them: SHA-256, leaf 0x00 ‖ data, node 0x01 ‖ l ‖ r.

The proofs are written over *ranges* of leaves: `inclusion_ranges(m, n)` and
`consistency_ranges(m, n)` say which subtree hashes MTH(D[a:b]) a proof holds, in order, so a
server that keeps the hashes of complete subtrees (the registry) and a client that holds every
leaf hash (`subtree_hash` over a list) compute the same proofs. Verification is §2.1.3.2 and
§2.1.4.2 word for word.
"""

import hashlib

from registry_verifier import VerificationError

Range = tuple[int, int]  # leaves [start, end)


def leaf_hash(data: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def split_point(n: int) -> int:
    """The largest power of two smaller than n (n > 1)."""
    return 1 << ((n - 1).bit_length() - 1)


def perfect_blocks(start: int, end: int) -> list[tuple[int, int]]:
    """The complete subtrees, as (level, index), whose hashes make MTH(D[start:end]) when folded
    from the right; `start` is aligned as in every range the RFC's recursion makes."""
    blocks = []
    while start < end:
        n = end - start
        size = 1 << (n.bit_length() - 1)  # the largest power of two <= n
        blocks.append((size.bit_length() - 1, start // size))
        start += size
    return blocks


def fold(hashes: list[bytes]) -> bytes:
    """MTH of a range from its complete subtrees' hashes (left to right)."""
    root = hashes[-1]
    for h in reversed(hashes[:-1]):
        root = node_hash(h, root)
    return root


def inclusion_ranges(m: int, n: int, offset: int = 0) -> list[Range]:
    """PATH(m, D[n]) of RFC 9162 §2.1.3.1, as the ranges whose hashes it lists."""
    if not 0 <= m < n:
        raise ValueError("index out of range")
    if n == 1:
        return []
    k = split_point(n)
    if m < k:
        return [*inclusion_ranges(m, k, offset), (offset + k, offset + n)]
    return [*inclusion_ranges(m - k, n - k, offset + k), (offset, offset + k)]


def consistency_ranges(m: int, n: int) -> list[Range]:
    """PROOF(m, D[n]) of RFC 9162 §2.1.4.1 (0 < m <= n), as ranges."""
    if not 0 < m <= n:
        raise ValueError("sizes out of range")
    return _subproof(m, n, True, 0)


def _subproof(m: int, n: int, whole: bool, offset: int) -> list[Range]:
    if m == n:
        return [] if whole else [(offset, offset + n)]
    k = split_point(n)
    if m <= k:
        return [*_subproof(m, k, whole, offset), (offset + k, offset + n)]
    return [*_subproof(m - k, n - k, False, offset + k), (offset, offset + k)]


def subtree_hash(leaves: list[bytes], start: int, end: int) -> bytes:
    """MTH(D[start:end]) from the leaf hashes, in memory (tests, small logs)."""
    if end - start == 1:
        return leaves[start]
    k = split_point(end - start)
    return node_hash(subtree_hash(leaves, start, start + k), subtree_hash(leaves, start + k, end))


def root_hash(leaves: list[bytes]) -> bytes:
    """MTH of a whole list of leaf hashes; the empty tree's hash is SHA-256 of nothing."""
    return subtree_hash(leaves, 0, len(leaves)) if leaves else hashlib.sha256(b"").digest()


def verify_inclusion(index: int, size: int, leaf: bytes, path: list[bytes], root: bytes) -> None:
    """RFC 9162 §2.1.3.2: raises VerificationError unless `leaf` (a leaf hash) is at `index`
    of the tree of `size` whose root is `root`."""
    if index >= size:
        raise VerificationError("inclusion proof: index beyond the tree")
    fn, sn, r = index, size - 1, leaf
    for p in path:
        if sn == 0:
            raise VerificationError("inclusion proof: too long")
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while not (fn & 1 or fn == 0):
                    fn, sn = fn >> 1, sn >> 1
        else:
            r = node_hash(r, p)
        fn, sn = fn >> 1, sn >> 1
    if sn != 0:
        raise VerificationError("inclusion proof: too short")
    if r != root:
        raise VerificationError("inclusion proof: the root does not match")


def verify_consistency(
    first: int, second: int, first_root: bytes, second_root: bytes, path: list[bytes]
) -> None:
    """RFC 9162 §2.1.4.2: raises VerificationError unless the tree of `second` leaves and root
    `second_root` extends the tree of `first` leaves and root `first_root`."""
    if not 0 < first <= second:
        raise VerificationError("consistency proof: sizes out of order (a shrinking tree)")
    if first == second:
        if path or first_root != second_root:
            raise VerificationError("consistency proof: same size, different roots (a fork)")
        return
    if not path:
        raise VerificationError("consistency proof: empty")
    if first & (first - 1) == 0:  # an exact power of two
        path = [first_root, *path]
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            raise VerificationError("consistency proof: too long")
        if fn & 1 or fn == sn:
            fr, sr = node_hash(c, fr), node_hash(c, sr)
            if not fn & 1:
                while not (fn & 1 or fn == 0):
                    fn, sn = fn >> 1, sn >> 1
        else:
            sr = node_hash(sr, c)
        fn, sn = fn >> 1, sn >> 1
    if sn != 0:
        raise VerificationError("consistency proof: too short")
    if fr != first_root or sr != second_root:
        raise VerificationError("consistency proof: the roots do not match (a fork)")


class Frontier:
    """The complete subtrees of a tree's leaves [0, size), left to right: enough to append
    leaves and compute the root without keeping them (a monitor's memory of the log)."""

    def __init__(self, size: int = 0, hashes: list[bytes] | None = None):
        self.size, self.hashes = size, list(hashes or [])
        if len(self.hashes) != len(perfect_blocks(0, size)):
            raise VerificationError("frontier: the hashes do not match the size")

    def append(self, leaf: bytes) -> None:
        self.hashes.append(leaf)
        self.size += 1
        merges = (self.size & -self.size).bit_length() - 1  # trailing zeros: subtrees completed
        for _ in range(merges):
            right = self.hashes.pop()
            self.hashes[-1] = node_hash(self.hashes[-1], right)

    def root(self) -> bytes:
        return fold(self.hashes) if self.hashes else root_hash([])
