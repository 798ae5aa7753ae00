#!/usr/bin/env python3
"""PyTorch on this CPU, timed step by step for `npm run bench` (bench/torch/torchBench.ts drives it).

One JSON request per line on stdin, one JSON reply per line on stdout:
  {"script": <the lab's PyTorch export of a config>, "batch": 64, "threads": 0 | n,
   "warmUp": 2, "maxSteps": 12, "maxMs": 3000}
  -> {"stepMs": [...], "threads": <torch.get_num_threads() during the steps>}
The model is the export's LabNetwork (the lab's architecture, its channel gates as F.prelu, same
padding), the loss cross-entropy plus the sparsity prior as a loss term (the lab's bench has the
prior on), the optimizer torch.optim.Adam with the config's learning rate: PyTorch as a researcher
would run the lab's model. Inputs are random 28x28 images (throughput does not depend on them).
threads 0 keeps PyTorch's own default (torch.get_num_threads() at start, printed first).
"""
import json
import sys
import time
import types

import torch
import torch.nn.functional as F

DEFAULT_THREADS = torch.get_num_threads()


def load_export(script):
    module = types.ModuleType('lab_export')
    exec(compile(script, 'lab_export.py', 'exec'), module.__dict__)
    return module


def time_steps(req):
    lab = load_export(req['script'])
    cfg = lab.CONFIG
    torch.set_num_threads(req['threads'] or DEFAULT_THREADS)
    torch.manual_seed(1)
    shape, classes = [28, 28, 1], 10
    plan = lab.plan_architecture(cfg['model'], shape, classes)
    net = lab.LabNetwork(plan, shape)
    net.init_like_the_lab(cfg['training']['seed'])
    opt = torch.optim.Adam(net.parameters(), lr=cfg['optimizer']['learningRate'], eps=1e-7)
    batch = req['batch']
    x = torch.rand(batch, 784)
    y = torch.randint(0, classes, (batch,))
    lam = cfg['prior']['lambda']

    def step():
        opt.zero_grad(set_to_none=True)
        logits = net(x)
        loss = F.cross_entropy(logits, y) + lab.prior_loss_term(net, lam)
        loss.backward()
        opt.step()
        net.constrain_slopes()
        loss.item()  # the lab reads each step's loss back too

    for _ in range(req['warmUp']):
        step()
    times = []
    started = time.perf_counter()
    while len(times) < req['maxSteps'] and (not times or (time.perf_counter() - started) * 1000 < req['maxMs']):
        t0 = time.perf_counter()
        step()
        times.append((time.perf_counter() - t0) * 1000)
    return {'stepMs': times, 'threads': torch.get_num_threads()}


def main():
    print(json.dumps({'torch': torch.__version__, 'defaultThreads': DEFAULT_THREADS}), flush=True)
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            reply = time_steps(json.loads(line))
        except Exception as error:  # reported, never fatal: the bench says what failed
            reply = {'error': '%s: %s' % (type(error).__name__, error)}
        print(json.dumps(reply), flush=True)


if __name__ == '__main__':
    main()
