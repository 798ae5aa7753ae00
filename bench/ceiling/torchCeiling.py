#!/usr/bin/env python3
"""PyTorch's side of the ceiling bench (bench/ceiling/ceiling.ts drives it; one thread).

stdin: one JSON request {"cases": [{"id", "batch", "script"}], "steps": n, "profiledSteps": k, "gemm": [sizes]}
stdout: one JSON reply:
  {"torch": version, "threads": 1,
   "gemm": [{"n", "seconds", "onednnSeconds"}]        fastest of 5 torch.mm of n x n by n x n, and as a 1x1 convolution,
   "convSeconds":                                     fastest of 5 of a 3x3 convolution 64 -> 64 on [32, 28, 28],
   "cases": [{"id", "batch", "stepMs": [...],         training steps as bench/torch/torchSteps.py takes them,
              "ops": [{"name", "shapes", "selfMs"}]}]} torch.profiler's self CPU time per op and input shapes, per step
With ONEDNN_VERBOSE=1 in the environment, oneDNN also prints which implementation (its ISA) ran each
primitive; the driver reads those lines. Every time is this thread's CPU time (time.thread_time):
the machine is shared, and PyTorch runs on one thread here.
"""
import json
import sys
import time
import types

import torch
import torch.nn.functional as F
from torch.profiler import ProfilerActivity, profile

torch.set_num_threads(1)


def load_export(script):
    module = types.ModuleType('lab_export')
    exec(compile(script, 'lab_export.py', 'exec'), module.__dict__)
    return module


def make_step(script, batch):
    """The same step as bench/torch/torchSteps.py: the lab's export, cross-entropy + prior, Adam."""
    lab = load_export(script)
    cfg = lab.CONFIG
    torch.manual_seed(1)
    shape, classes = [28, 28, 1], 10
    net = lab.LabNetwork(lab.plan_architecture(cfg['model'], shape, classes), shape)
    net.init_like_the_lab(cfg['training']['seed'])
    opt = torch.optim.Adam(net.parameters(), lr=cfg['optimizer']['learningRate'], eps=1e-7)
    x = torch.rand(batch, 784)
    y = torch.randint(0, classes, (batch,))
    lam = cfg['prior']['lambda']

    def step():
        opt.zero_grad(set_to_none=True)
        loss = F.cross_entropy(net(x), y) + lab.prior_loss_term(net, lam)
        loss.backward()
        opt.step()
        net.constrain_slopes()
        loss.item()

    return step


def time_case(case, steps, profiled):
    step = make_step(case['script'], case['batch'])
    for _ in range(3):
        step()
    times = []
    for _ in range(steps):
        t0 = time.thread_time()
        step()
        times.append((time.thread_time() - t0) * 1000)
    ops = []
    if profiled > 0:
        with profile(activities=[ProfilerActivity.CPU], record_shapes=True) as prof:
            for _ in range(profiled):
                step()
        for e in prof.key_averages(group_by_input_shape=True):
            self_ms = e.self_cpu_time_total / 1000 / profiled
            if self_ms > 0.005:
                ops.append({'name': e.key, 'shapes': str(e.input_shapes), 'selfMs': self_ms, 'calls': e.count / profiled})
        ops.sort(key=lambda o: -o['selfMs'])
    return {'id': case['id'], 'batch': case['batch'], 'stepMs': times, 'ops': ops}


def fastest(call):
    """The fastest of 5 calls (after 2), by this thread's CPU time (one thread)."""
    for _ in range(2):
        call()
    best = 1e30
    for _ in range(5):
        t0 = time.thread_time()
        call()
        best = min(best, time.thread_time() - t0)
    return best


def time_gemm(n):
    """torch.mm (the BLAS PyTorch was built with), and the same product as a 1x1 convolution (oneDNN)."""
    a, b = torch.rand(n, n), torch.rand(n, n)
    # Batch 16 of n/16 x 1 maps of n channels: n^3 multiply-adds. (At batch 1 PyTorch 1.13 sends a 1x1
    # convolution to its BLAS, not to oneDNN.)
    x, w = torch.rand(16, n, n // 16, 1), torch.rand(n, n, 1, 1)
    with torch.no_grad():
        return {'n': n, 'seconds': fastest(lambda: torch.mm(a, b)), 'onednnSeconds': fastest(lambda: F.conv2d(x, w))}


def time_conv():
    """A 3x3 convolution, 64 -> 64 channels on [32, 28, 28], same padding (the one tfjs is timed on)."""
    x, w = torch.rand(32, 64, 28, 28), torch.rand(64, 64, 3, 3)
    with torch.no_grad():
        return fastest(lambda: F.conv2d(x, w, padding=1))


def main():
    req = json.loads(sys.stdin.readline())
    reply = {'torch': torch.__version__, 'threads': torch.get_num_threads()}
    reply['gemm'] = [time_gemm(n) for n in req.get('gemm', [])]
    reply['convSeconds'] = time_conv() if req.get('gemm') else None
    reply['cases'] = [time_case(c, req.get('steps', 10), req.get('profiledSteps', 0)) for c in req['cases']]
    print('CEILING_JSON ' + json.dumps(reply), flush=True)


if __name__ == '__main__':
    main()
