"""The public log of every change to what citizens see (docs/transparency.md).

`log` appends entries and computes roots and proofs from the stored complete subtrees; `keys`
holds the log's signing key; `checkpoints` signs tree heads and keeps witnesses' cosignatures;
`signed_list` builds the signed offline list; `history` answers "as it stood then" from the
log; `views`/`urls` serve it all under /transparency/. Hashing, canonical JSON and signed notes
are the standalone verifier's (`registry_verifier`), so the registry and anyone checking it run
the same, test-vector-checked code.
"""
