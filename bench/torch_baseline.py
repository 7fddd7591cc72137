#!/usr/bin/python3
"""PyTorch eager attention baseline for the attnc benchmark.

Run with /usr/bin/python3 (Debian's python3-torch). For every case of
bench/attnc_bench.cpp and every thread count it times

    S = (Q @ K^T) * scale;  S = S.masked_fill(~keep, -inf);  P = softmax(S);  O = P @ V

in float32 with torch.set_num_threads(t), and prints one JSON line per
(case, threads): {"case", "threads", "ms" (median), "reps", "kept"}.
With --sdpa it times torch.nn.functional.scaled_dot_product_attention
instead (PyTorch >= 2.5, which has a fused CPU kernel and enable_gqa): causal
cases pass is_causal, the window a boolean mask, decode no mask (its one
query sees every key).
GQA uses the same grouping as the OpenBLAS baseline: the Hq/Hkv query heads
that share a KV head form one [G*Lq, D] matrix (a view, no copy).
For the decode case the caches are flushed (untimed) before every call, as in
the C++ harness.

  /usr/bin/python3 bench/torch_baseline.py [--quick] [--sdpa] [--threads 1,2] [--target-s S]
"""

import argparse
import json
import math
import os
import statistics
import sys
import time

import torch

# name, H, Hkv, D, Lq, Lk, mask, quick, decode -- names match attnc_bench.cpp.
def all_cases():
    cases = []
    for H, L, D, quick in ((8, 1024, 64, True), (8, 2048, 128, False), (16, 4096, 64, False)):
        lbl = f"H={H} L={L} D={D}"
        cases.append((f"dense {lbl}", H, H, D, L, L, "dense", quick, False))
        cases.append((f"causal {lbl}", H, H, D, L, L, "causal", quick, False))
        cases.append((f"window256 {lbl}", H, H, D, L, L, "window256", quick, False))
    cases.append(("decode Hq=32 Hkv=8 Lq=1 Lk=4096 D=128", 32, 8, 128, 1, 4096,
                  "causal_br", True, True))
    return cases


def keep_mask(kind, Lq, Lk):
    """Boolean [Lq, Lk] keep mask (the spec's formula), or None for dense."""
    if kind == "dense":
        return None
    i = torch.arange(Lq).unsqueeze(1)
    j = torch.arange(Lk).unsqueeze(0)
    if kind == "causal":
        return j <= i
    if kind == "causal_br":
        return j <= i + (Lk - Lq)
    if kind == "window256":
        return (j >= i - 256) & (j <= i)
    raise ValueError(kind)


def attention(q, k, v, keep, scale):
    s = torch.matmul(q, k.transpose(-1, -2)) * scale
    if keep is not None:
        s = s.masked_fill(~keep, float("-inf"))
    p = torch.softmax(s, dim=-1)
    return torch.matmul(p, v)


def flush_floats():
    """Floats to read to evict the last-level cache: 4x the L3, at least 128 MiB
    (the same rule as attnc_bench.cpp)."""
    units = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}
    l3 = 0
    for i in range(8):
        d = os.path.join("/sys/devices/system/cpu/cpu0/cache", f"index{i}")
        try:
            with open(os.path.join(d, "level")) as f:
                level = f.read().strip()
            if level != "3":
                continue
            with open(os.path.join(d, "size")) as f:
                text = f.read().strip()  # e.g. "32768K"
            l3 = int(text.rstrip("KMG")) * units.get(text[-1], 1)
        except (OSError, ValueError):
            pass
        break
    return max(128 << 20, 4 * l3) // 4


def sdpa_call(q, k, v, kind, Lq, Lk, scale):
    """A call of PyTorch's fused attention for one case (q, k, v: [1, H, L, D])."""
    F = torch.nn.functional
    gqa = q.shape[1] != k.shape[1]
    if kind == "dense" or kind == "causal_br" and Lq == 1:
        return lambda: F.scaled_dot_product_attention(q, k, v, scale=scale, enable_gqa=gqa)
    if kind == "causal" and Lq == Lk:
        return lambda: F.scaled_dot_product_attention(q, k, v, is_causal=True, scale=scale,
                                                      enable_gqa=gqa)
    keep = keep_mask(kind, Lq, Lk)
    return lambda: F.scaled_dot_product_attention(q, k, v, attn_mask=keep, scale=scale,
                                                  enable_gqa=gqa)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--sdpa", action="store_true",
                    help="time scaled_dot_product_attention instead of the eager ops")
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--target-s", type=float, default=2.0)
    args = ap.parse_args()
    target = min(args.target_s, 0.5) if args.quick else args.target_s
    threads = [int(t) for t in args.threads.split(",")]

    torch.manual_seed(1234)
    flush_buf = torch.ones(flush_floats())
    print(f"# torch {torch.__version__}, {torch.__config__.parallel_info().splitlines()[-1]}",
          file=sys.stderr)
    with torch.inference_mode():
        for name, H, Hkv, D, Lq, Lk, kind, quick, decode in all_cases():
            if args.quick and not quick:
                continue
            G = H // Hkv
            q = torch.rand(1, H, Lq, D) * 2 - 1
            k = torch.rand(1, Hkv, Lk, D) * 2 - 1
            v = torch.rand(1, Hkv, Lk, D) * 2 - 1
            qg = q.view(1, Hkv, G * Lq, D)  # row r of a group is position r % Lq
            keep = keep_mask(kind, Lq, Lk)
            kept = Lq * Lk if keep is None else int(keep.sum())
            if keep is not None and G > 1:
                keep = keep.repeat(G, 1)
            scale = 1.0 / math.sqrt(D)
            for t in threads:
                torch.set_num_threads(t)
                if args.sdpa:
                    call = sdpa_call(q, k, v, kind, Lq, Lk, scale)
                else:
                    call = lambda: attention(qg, k, v, keep, scale)
                t0 = time.perf_counter()
                if decode:
                    flush_buf.sum()
                call()
                call()
                per = (time.perf_counter() - t0) / 2
                n = int(min(2000, max(3, target / max(per, 1e-6))))
                ms = []
                for _ in range(n):
                    if decode:
                        flush_buf.sum()
                    a = time.perf_counter()
                    call()
                    ms.append((time.perf_counter() - a) * 1e3)
                print(json.dumps({"case": name, "threads": t, "ms": statistics.median(ms),
                                  "reps": n, "kept": kept}), flush=True)


if __name__ == "__main__":
    main()
