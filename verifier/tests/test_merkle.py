"""RFC 9162 §2.1 trees and proofs against the Certificate Transparency reference vectors
(the eight leaves and roots of RFC 6962's reference implementation), and every proof of every
small tree against its verification."""

import pytest
from registry_verifier import VerificationError
from registry_verifier import merkle as m

DATA = ["", "00", "10", "2021", "3031", "40414243", "5051525354555657",
        "606162636465666768696a6b6c6d6e6f"]  # fmt: skip
LEAVES = [m.leaf_hash(bytes.fromhex(d)) for d in DATA]
ROOTS = [
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]
INCLUSION = [  # (index, size, path)
    (0, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"]),
    (5, 8, ["bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
    (2, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
    (1, 5, ["6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"]),
]  # fmt: skip
CONSISTENCY = [  # (first, second, path)
    (1, 1, []),
    (1, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"]),
    (6, 8, ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
    (2, 5, ["5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"]),
]  # fmt: skip


def hashes(leaves, ranges):
    return [m.subtree_hash(leaves, a, b) for a, b in ranges]


@pytest.mark.parametrize("size", range(9))
def test_the_root_of_each_reference_tree_is_the_published_one(size):
    assert m.root_hash(LEAVES[:size]).hex() == ROOTS[size]


@pytest.mark.parametrize(("index", "size", "path"), INCLUSION)
def test_inclusion_proofs_are_the_reference_ones_and_verify(index, size, path):
    proof = hashes(LEAVES, m.inclusion_ranges(index, size))
    assert [p.hex() for p in proof] == path
    m.verify_inclusion(index, size, LEAVES[index], proof, bytes.fromhex(ROOTS[size]))


@pytest.mark.parametrize(("first", "second", "path"), CONSISTENCY)
def test_consistency_proofs_are_the_reference_ones_and_verify(first, second, path):
    proof = hashes(LEAVES, m.consistency_ranges(first, second))
    assert [p.hex() for p in proof] == path
    roots = bytes.fromhex(ROOTS[first]), bytes.fromhex(ROOTS[second])
    m.verify_consistency(first, second, *roots, proof)


def test_the_root_folded_from_complete_subtrees_is_the_recursive_one():
    leaves = [m.leaf_hash(bytes([i])) for i in range(45)]
    for start, end in [(0, 45), (32, 45), (40, 45), (0, 13), (8, 13)]:
        blocks = m.perfect_blocks(start, end)
        folded = m.fold([m.subtree_hash(leaves, i << lv, (i + 1) << lv) for lv, i in blocks])
        assert folded == m.subtree_hash(leaves, start, end)


def test_every_proof_of_every_small_tree_verifies_and_a_changed_one_does_not():
    leaves = [m.leaf_hash(bytes([i, i * 7 % 256])) for i in range(33)]
    roots = {n: m.root_hash(leaves[:n]) for n in range(1, 34)}
    for n in range(1, 34):
        for i in range(n):
            proof = hashes(leaves, m.inclusion_ranges(i, n))
            m.verify_inclusion(i, n, leaves[i], proof, roots[n])
            with pytest.raises(VerificationError):
                m.verify_inclusion(i, n, leaves[(i + 1) % 33], proof, roots[n])
        for first in range(1, n + 1):
            proof = hashes(leaves, m.consistency_ranges(first, n))
            m.verify_consistency(first, n, roots[first], roots[n], proof)


def test_a_truncated_proof_is_refused():
    proof = hashes(LEAVES, m.inclusion_ranges(5, 8))
    with pytest.raises(VerificationError, match="too short"):
        m.verify_inclusion(5, 8, LEAVES[5], proof[:-1], bytes.fromhex(ROOTS[8]))
    consistency = hashes(LEAVES, m.consistency_ranges(6, 8))
    roots = bytes.fromhex(ROOTS[6]), bytes.fromhex(ROOTS[8])
    with pytest.raises(VerificationError):
        m.verify_consistency(6, 8, *roots, consistency[:-1])


def test_a_shrinking_tree_is_refused():
    with pytest.raises(VerificationError, match="shrinking"):
        m.verify_consistency(8, 6, bytes.fromhex(ROOTS[8]), bytes.fromhex(ROOTS[6]), [])


def test_a_frontier_computes_every_root_while_leaves_are_appended():
    leaves = [m.leaf_hash(bytes([i])) for i in range(70)]
    frontier = m.Frontier()
    for n, leaf in enumerate(leaves, start=1):
        frontier.append(leaf)
        assert frontier.root() == m.root_hash(leaves[:n])
    again = m.Frontier(frontier.size, frontier.hashes)
    assert again.root() == m.root_hash(leaves)
