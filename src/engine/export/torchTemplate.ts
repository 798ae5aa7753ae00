/**
 * The Python body of the exported PyTorch script (./torchScript.ts puts the config in front of it).
 * It mirrors the engine module by module; the comments name the TypeScript file each part follows.
 * Kept as one raw string so the browser (Export menu) and the CLI share it without a file read.
 */
export const TORCH_SCRIPT_BODY = String.raw`
import argparse
import gzip
import json
import math
import os
import re
import struct
import sys
import time

import numpy as np
import torch
import torch.distributed as dist
import torch.nn as nn
import torch.nn.functional as F

CONFIG = json.loads(LAB_CONFIG_JSON)
MASK32 = 0xFFFFFFFF


def read_json(path, what):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        raise SystemExit('cannot read %s %s: %s' % (what, path, e))


# ---------------------------------------------------------------------------------------------
# Seeded random numbers (src/engine/random.ts): init, data order and the 2-D tasks come from here,
# so a seed gives the lab's numbers.
# ---------------------------------------------------------------------------------------------

def imul(a, b):
    return ((a & MASK32) * (b & MASK32)) & MASK32


def mulberry32(seed):
    state = seed & MASK32

    def rng():
        nonlocal state
        state = (state + 0x6D2B79F5) & MASK32
        t = state
        t = imul(t ^ (t >> 15), t | 1)
        t = (t ^ ((t + imul(t ^ (t >> 7), t | 61)) & MASK32)) & MASK32
        return ((t ^ (t >> 14)) & MASK32) / 4294967296.0

    return rng


def derive_seed(seed, purpose):
    h = (seed ^ 0x9E3779B9) & MASK32
    for ch in purpose:
        h = imul(h ^ ord(ch), 0x01000193)
    return (h ^ (h >> 16)) & MASK32


def normal_sampler(rng):
    spare = [None]

    def normal():
        if spare[0] is not None:
            s, spare[0] = spare[0], None
            return s
        u = 0.0
        while u == 0.0:
            u = rng()
        v = rng()
        r = math.sqrt(-2.0 * math.log(u))
        spare[0] = r * math.sin(2.0 * math.pi * v)
        return r * math.cos(2.0 * math.pi * v)

    return normal


def permutation(n, rng):
    """Fisher-Yates of 0..n-1, as the lab's permutation()."""
    p = list(range(n))
    for i in range(n - 1, 0, -1):
        j = int(rng() * (i + 1))
        p[i], p[j] = p[j], p[i]
    return p


STREAM_PART_SIZE = 10000


def epoch_order(count, seed, epoch, order):
    """The lab's epochOrder (src/engine/data/batches.ts): 'streamed' visits epoch 0 part by part."""
    if order == 'shuffled' or epoch > 0 or count <= STREAM_PART_SIZE:
        return permutation(count, mulberry32(derive_seed(seed, 'order:%d' % epoch)))
    out = []
    for part, start in enumerate(range(0, count, STREAM_PART_SIZE)):
        size = min(STREAM_PART_SIZE, count - start)
        label = 'order:0' if part == 0 else 'order:0:part:%d' % part
        out.extend(start + i for i in permutation(size, mulberry32(derive_seed(seed, label))))
    return out


# ---------------------------------------------------------------------------------------------
# Data (src/engine/data): the lab's NLDS files, its 2-D tasks, and CIFAR through torchvision.
# A dataset is a dict: inputShape [H, W, C] or [2], numClasses, train/test (features float32
# [count, features] already scaled, labels int64).
# ---------------------------------------------------------------------------------------------

NLDS_FILES = {'mnist': 'mnist.nlds', 'fashion-mnist': 'fashion-mnist.nlds'}


def read_nlds(path, train_size):
    raw = open(path, 'rb').read()
    if raw[:2] == b'\x1f\x8b':
        raw = gzip.decompress(raw)
    if raw[:4] != b'NLDS':
        raise SystemExit(path + ' is not an NLDS file (run npm run prepare-data in the lab)')
    version, count, test_count, rows, cols, classes, dropped, source_len = struct.unpack('<8I', raw[4:36])
    if version not in (1, 2):
        raise SystemExit('%s: NLDS format version %d is not supported' % (path, version))
    at = 36 + source_len
    size = rows * cols
    full_train = count - test_count
    read = lambda offset, n: np.frombuffer(raw, dtype=np.uint8, count=n, offset=offset)
    if version == 1:  # all labels, then all pixels; the test split last
        labels, pixels = read(at, count), read(at + count, count * size).reshape(count, size)
        train_labels, train_pixels = labels[:full_train], pixels[:full_train]
        test_labels, test_pixels = labels[full_train:], pixels[full_train:]
    else:  # the test split first (labels, pixels), then the training split
        test_labels = read(at, test_count)
        test_pixels = read(at + test_count, test_count * size).reshape(test_count, size)
        at += test_count * (1 + size)
        train_labels = read(at, full_train)
        train_pixels = read(at + full_train, full_train * size).reshape(full_train, size)
    train_count = full_train if train_size == 0 else min(train_size, full_train)
    return image_dataset(train_pixels[:train_count], train_labels[:train_count], test_pixels, test_labels, [rows, cols, 1], classes)


def image_dataset(train_pixels, train_labels, test_pixels, test_labels, shape, classes):
    # The lab scales uint8 pixels by 1/255 (in double) and stores float32: the same numbers here.
    scale = lambda px: torch.from_numpy((px.astype(np.float64) * (1.0 / 255.0)).astype(np.float32))
    return {
        'inputShape': shape, 'numClasses': int(classes),
        'train': (scale(train_pixels), torch.from_numpy(train_labels.astype(np.int64))),
        'test': (scale(test_pixels), torch.from_numpy(test_labels.astype(np.int64))),
    }


def read_cifar(kind, root, train_size):
    try:
        import torchvision  # only here: the lab's own tasks need no torchvision
    except ImportError:
        raise SystemExit('CIFAR needs torchvision (pip install torchvision, or apt-get install python3-torchvision)')
    cls = torchvision.datasets.CIFAR10 if kind == 'cifar10' else torchvision.datasets.CIFAR100
    train = cls(root=root, train=True, download=True)
    test = cls(root=root, train=False, download=True)
    n = len(train.data) if train_size == 0 else min(train_size, len(train.data))
    # [N, 32, 32, 3] uint8, channels last as the lab's images: flattened row by row, channel fastest.
    return image_dataset(train.data[:n].reshape(n, -1), np.array(train.targets[:n]), test.data.reshape(len(test.data), -1),
                         np.array(test.targets), [32, 32, 3], 10 if kind == 'cifar10' else 100)


def plane_dataset(cfg, seed):
    """The 2-D tasks of src/engine/data/synthetic.ts, point for point."""
    kind, points, noise = cfg['kind'], cfg['points'], cfg['noise']
    classes = cfg['classes'] if kind in ('spirals', 'blobs') else 2
    rng = mulberry32(derive_seed(seed, 'data:' + kind))
    normal = normal_sampler(rng)

    def sample(label):
        if kind == 'spirals':
            t = rng()
            radius = 0.08 + 0.92 * t
            angle = (2 * math.pi * label) / classes + t * 1.75 * math.pi
            return radius * math.cos(angle), radius * math.sin(angle)
        if kind == 'circles':
            radius = 0.45 if label == 0 else 0.95
            angle = 2 * math.pi * rng()
            return radius * math.cos(angle), radius * math.sin(angle)
        if kind == 'xor':
            x = (-1 if rng() < 0.5 else 1) * (0.1 + 0.9 * rng())
            sign = math.copysign(1.0, x) if x != 0 else 0.0
            y = (sign if label == 0 else -sign) * (0.1 + 0.9 * rng())
            return x, y
        angle = (2 * math.pi * label) / classes  # blobs
        bx = 0.65 * math.cos(angle) + 0.12 * normal()
        by = 0.65 * math.sin(angle) + 0.12 * normal()
        return bx, by

    def split(count):
        xs = np.zeros((count, 2), dtype=np.float32)
        ys = np.zeros(count, dtype=np.int64)
        for i in range(count):
            label = i % classes
            x, y = sample(label)
            xs[i, 0] = x + noise * normal()
            xs[i, 1] = y + noise * normal()
            ys[i] = label
        return torch.from_numpy(xs), torch.from_numpy(ys)

    test_count = int(math.floor(points * 0.2 + 0.5))
    train = split(points - test_count)
    test = split(test_count)
    return {'inputShape': [2], 'numClasses': classes, 'train': train, 'test': test}


def load_dataset(cfg, seed, args):
    kind = cfg['kind']
    if kind in NLDS_FILES:
        path = os.path.join(args.data_dir, NLDS_FILES[kind])
        if not os.path.exists(path):
            raise SystemExit('%s not found: pass --data-dir (the lab writes it to public/data with npm run prepare-data)' % path)
        return read_nlds(path, cfg['trainSize'])
    if kind in ('cifar10', 'cifar100'):
        return read_cifar(kind, args.data_dir, cfg['trainSize'])
    return plane_dataset(cfg, seed)


# ---------------------------------------------------------------------------------------------
# Architecture (src/engine/model/architecture.ts): the layer plan. Layer 0 is the input, the last
# the linear output; a layer's pre-activation is its bias plus its summands, then its gate, then
# an optional 2x2 pool. Residual blocks: h = gate(L1(x)); y = gate(x + L2(h)).
# ---------------------------------------------------------------------------------------------

def plan_architecture(model, input_shape, num_classes):
    layers, gated = [], []
    spatial = model['kind'] == 'cnn'
    in_channels = input_shape[2] if spatial else int(np.prod(input_shape))
    in_size = [input_shape[0], input_shape[1]] if spatial else None
    layers.append(dict(name='input', channels=in_channels, size=in_size, outputSize=in_size, summands=[], gate=-1, pool='none', init=None))

    def add_gated(name, channels, summands, size, pool):
        out = size
        if size is not None and pool != 'none':
            out = [size[0] // 2, size[1] // 2]
        layers.append(dict(name=name, channels=channels, size=size, outputSize=out, summands=summands, gate=len(gated), pool=pool, init='he'))
        gated.append(channels)
        return len(layers) - 1

    def weighted(src, op, stride):
        source = layers[src]
        taps = 9 if op == 'conv' else (source['outputSize'][0] * source['outputSize'][1] if source['outputSize'] else 1)
        return dict(connection='full', **{'from': src}, op=op, stride=stride, inChannels=source['channels'], taps=taps)

    def residual_block(index, op):
        x = len(layers) - 1
        width, size = layers[x]['channels'], layers[x]['outputSize']
        h = add_gated('block%d.a' % index, width, [weighted(x, op, 1)], size, 'none')
        add_gated('block%d.add' % index, width, [{'connection': 'identity', 'from': x}, weighted(h, op, 1)], size, 'none')

    if model['kind'] == 'mlp':
        for i, width in enumerate(model['hidden']):
            add_gated('dense%d' % (i + 1), width, [weighted(len(layers) - 1, 'dense', 1)], None, 'none')
            if model['residual']:
                residual_block(i + 1, 'dense')
    else:
        for i, stage in enumerate(model['conv']):
            src = len(layers) - 1
            h, w = layers[src]['outputSize']
            s = stage['stride']
            add_gated('conv%d' % (i + 1), stage['channels'], [weighted(src, 'conv', s)], [-(-h // s), -(-w // s)], stage['pool'])
            if model['residual']:
                residual_block(i + 1, 'conv')
    layers.append(dict(name='output', channels=num_classes, size=None, outputSize=None,
                       summands=[weighted(len(layers) - 1, 'dense', 1)], gate=-1, pool='none', init='glorot'))
    return {'layers': layers, 'gatedChannels': gated}


def weighted_summand(layer):
    for s in layer['summands']:
        if s['connection'] == 'full':
            return s
    return None


# ---------------------------------------------------------------------------------------------
# Init (src/engine/model/init.ts): He-normal before a gate, Glorot-uniform for the output, each
# layer from its own stream; biases and slopes 0. Values are in the lab's layout: a
# [taps * inChannels, channels] matrix, row tap * inChannels + channel.
# ---------------------------------------------------------------------------------------------

def lab_init(seed, layer, rows, cols):
    n = rows * cols
    out = np.empty(n, dtype=np.float32)
    if layer['init'] == 'glorot':
        rng = mulberry32(derive_seed(seed, 'init:' + layer['name']))
        limit = math.sqrt(6.0 / (rows + cols))
        for i in range(n):
            out[i] = (2 * rng() - 1) * limit
    else:
        normal = normal_sampler(mulberry32(derive_seed(seed, 'init:' + layer['name'])))
        std = math.sqrt(2.0 / rows)
        for i in range(n):
            out[i] = normal() * std
    return out.reshape(rows, cols)


# ---------------------------------------------------------------------------------------------
# The network (src/engine/model/network.ts, gate.ts, conv.ts). Activations are NCHW inside; the
# weights convert from the lab's layout: a dense weight is its transpose (inputs flattened
# channels last, as TensorFlow does), a conv weight [3, 3, Cin, Cout] becomes [Cout, Cin, 3, 3].
# ---------------------------------------------------------------------------------------------

def same_padding(size, stride):
    """TensorFlow's 'same' padding of a 3-tap window: (before, after). Stride 2 on an even size pads only after."""
    out = -(-size // stride)
    total = max((out - 1) * stride + 3 - size, 0)
    return total // 2, total - total // 2


class Gate(nn.Module):
    """g_a(x) = relu(x) + a * min(x, 0) per channel: a channel-wise PReLU, a in [0, 1]; frozen channels stay at 1."""

    def __init__(self, channels):
        super().__init__()
        self.slope = nn.Parameter(torch.zeros(channels))
        self.register_buffer('frozen', torch.zeros(channels))

    def forward(self, x):
        return F.prelu(x, self.slope)


class Conv3x3(nn.Module):
    def __init__(self, in_channels, out_channels, stride):
        super().__init__()
        self.stride = stride
        self.weight = nn.Parameter(torch.zeros(out_channels, in_channels, 3, 3))
        self.bias = nn.Parameter(torch.zeros(out_channels))

    def forward(self, x):
        top, bottom = same_padding(x.shape[2], self.stride)
        left, right = same_padding(x.shape[3], self.stride)
        return F.conv2d(F.pad(x, (left, right, top, bottom)), self.weight, self.bias, self.stride)

    def set_lab_weight(self, w):
        rows, cout = w.shape
        self.weight.data.copy_(torch.from_numpy(np.ascontiguousarray(w)).reshape(3, 3, rows // 9, cout).permute(3, 2, 0, 1))

    def lab_weight(self):
        return self.weight.detach().permute(2, 3, 1, 0).reshape(-1, self.weight.shape[0]).cpu().numpy()


class Dense(nn.Linear):
    def forward(self, x):
        if x.dim() == 4:
            x = x.permute(0, 2, 3, 1).reshape(x.shape[0], -1)  # flatten channels last, as the lab
        return super().forward(x)

    def set_lab_weight(self, w):
        self.weight.data.copy_(torch.from_numpy(np.ascontiguousarray(w)).t())

    def lab_weight(self):
        return self.weight.detach().t().cpu().numpy()


class LabNetwork(nn.Module):
    def __init__(self, plan, input_shape):
        super().__init__()
        self.plan = plan
        self.input_shape = input_shape
        self.weights = nn.ModuleDict()
        self.gates = nn.ModuleList()
        for layer in plan['layers']:
            s = weighted_summand(layer)
            if s is not None:
                key = layer['name'].replace('.', '_')
                if s['op'] == 'conv':
                    self.weights[key] = Conv3x3(s['inChannels'], layer['channels'], s['stride'])
                else:
                    self.weights[key] = Dense(s['taps'] * s['inChannels'], layer['channels'])
            if layer['gate'] >= 0:
                self.gates.append(Gate(layer['channels']))

    def weight_of(self, layer):
        return self.weights[layer['name'].replace('.', '_')]

    def forward(self, x):
        if len(self.input_shape) == 3 and self.plan['layers'][1]['size'] is not None:
            h, w, c = self.input_shape
            x = x.view(x.shape[0], h, w, c).permute(0, 3, 1, 2)
        values = [x]
        for layer in self.plan['layers'][1:]:
            total = None
            for s in layer['summands']:
                term = values[s['from']] if s['connection'] == 'identity' else self.weight_of(layer)(values[s['from']])
                total = term if total is None else total + term
            if layer['gate'] >= 0:
                total = self.gates[layer['gate']](total)
            if layer['pool'] == 'max':
                total = F.max_pool2d(total, 2, 2)
            elif layer['pool'] == 'avg':
                total = F.avg_pool2d(total, 2, 2)
            values.append(total)
        return values[-1]

    @torch.no_grad()
    def init_like_the_lab(self, seed):
        for layer in self.plan['layers']:
            s = weighted_summand(layer)
            if s is not None:
                module = self.weight_of(layer)
                module.set_lab_weight(lab_init(seed, layer, s['taps'] * s['inChannels'], layer['channels']))
                module.bias.zero_()
        for gate in self.gates:
            gate.slope.zero_()

    def load_lab_init(self, path):
        """Weights written by the lab (npm run export-torch -- ... --init init.json): the lab's own numbers."""
        data = read_json(path, 'the init file')
        if not isinstance(data, dict) or data.get('format') != 'nonlinear-lab-init':
            raise SystemExit(path + ' is not a Nonlinear Lab init file')
        by_name = {entry['name']: entry for entry in data['layers']}
        with torch.no_grad():
            for layer in self.plan['layers']:
                if weighted_summand(layer) is None:
                    continue
                entry = by_name.get(layer['name'])
                module = self.weight_of(layer)
                if entry is None:
                    raise SystemExit('%s has no weights for layer %s: it was made for another model' % (path, layer['name']))
                w = np.array(entry['weight'], dtype=np.float32)
                if w.size != entry['rows'] * entry['cols'] or entry['cols'] != layer['channels']:
                    raise SystemExit('%s: layer %s has the wrong shape for this model' % (path, layer['name']))
                module.set_lab_weight(w.reshape(entry['rows'], entry['cols']))
                module.bias.copy_(torch.tensor(entry['bias'], dtype=torch.float32))
            for gate, slopes in zip(self.gates, data['slopes']):
                gate.slope.copy_(torch.tensor(slopes, dtype=torch.float32))

    def slopes(self):
        return [g.slope.detach().cpu().numpy().astype(np.float64) for g in self.gates]

    def constrain_slopes(self, increment=0.0):
        """Slopes back into [0, 1] after adding increment (the proximal step); frozen channels exactly 1."""
        with torch.no_grad():
            for g in self.gates:
                if increment:
                    g.slope.add_(increment)
                g.slope.clamp_(0.0, 1.0)
                torch.maximum(g.slope, g.frozen, out=g.slope)

    def snap(self, eps):
        """Channels with a >= 1 - eps become exactly linear and frozen (src/engine/training/snap.ts)."""
        with torch.no_grad():
            for g in self.gates:
                g.frozen.copy_(torch.where(g.slope >= 1.0 - eps, torch.ones_like(g.frozen), g.frozen))
        self.constrain_slopes()


# ---------------------------------------------------------------------------------------------
# The optimizer (src/engine/training/optimizer.ts): tfjs's Adam (beta1 0.9, beta2 0.999,
# epsilon 1e-7, bias corrections from float32 powers) and its SGD with momentum, op for op.
# ---------------------------------------------------------------------------------------------

class LabOptimizer:
    def __init__(self, params, cfg):
        self.params = list(params)
        self.kind = cfg['kind']
        self.lr = cfg['learningRate']
        self.momentum = cfg['momentum']
        self.state = [[torch.zeros_like(p) for _ in range(2 if self.kind == 'adam' else 1)] for p in self.params]
        self.acc_beta1 = torch.tensor(0.9, dtype=torch.float32)
        self.acc_beta2 = torch.tensor(0.999, dtype=torch.float32)

    def zero_grad(self):
        for p in self.params:
            p.grad = None

    @torch.no_grad()
    def step(self):
        if self.kind == 'adam':
            one_minus_b1 = (1 - self.acc_beta1).item()
            one_minus_b2 = (1 - self.acc_beta2).item()
            for p, (m, v) in zip(self.params, self.state):
                g = p.grad if p.grad is not None else torch.zeros_like(p)
                m.mul_(0.9).add_(g * (1 - 0.9))
                v.mul_(0.999).add_(g.square() * (1 - 0.999))
                p.add_((m / one_minus_b1) / ((v / one_minus_b2).sqrt() + 1e-7) * -self.lr)
            self.acc_beta1 *= 0.9
            self.acc_beta2 *= 0.999
        else:
            for p, (acc,) in zip(self.params, self.state):
                g = p.grad if p.grad is not None else torch.zeros_like(p)
                if self.momentum > 0:
                    acc.mul_(self.momentum).add_(g)
                    g = acc
                p.add_(g * -self.lr)


# ---------------------------------------------------------------------------------------------
# The prior (src/engine/training/prior.ts): lambda * (1/N) * sum(1 - a), switched on at t_on
# (steps or epochs), ramped over 'ramp' steps; as a loss term or as a proximal step.
# ---------------------------------------------------------------------------------------------

def prior_start_step(prior, steps_per_epoch):
    start = max(0, prior['start'])
    return int(math.floor(start * steps_per_epoch + 0.5)) if prior['startUnit'] == 'epoch' else int(math.floor(start + 0.5))


def lambda_at(prior, step, steps_per_epoch):
    start = prior_start_step(prior, steps_per_epoch)
    if step < start:
        return 0.0
    if prior['ramp'] <= 0:
        return prior['lambda']
    return prior['lambda'] * min(1.0, (step - start + 1) / prior['ramp'])


def prior_loss_term(net, lam):
    slopes = [g.slope for g in net.gates]
    n = sum(a.numel() for a in slopes)
    kept = sum(a.sum() for a in slopes)
    return (n - kept) * (lam / n)


# ---------------------------------------------------------------------------------------------
# Average path length (src/engine/analysis/apl.ts, method.md): per channel, the (weighted) number
# of paths from the inputs that meet k nonlinear channels, layer by layer. Normalized: a layer
# splits evenly between its summands and among a summand's inputs; unnormalized counts every path.
# ---------------------------------------------------------------------------------------------

def compute_apl(plan, nonlinear):
    layers = plan['layers']
    depth = []
    for layer in layers:
        d = max([depth[s['from']] for s in layer['summands']] or [0])
        depth.append(d + (1 if layer['gate'] >= 0 else 0))
    length = max(depth) + 1
    done = []  # per layer: (values [variant][channels, length], log scale per variant)
    for layer in layers:
        n = layer['channels']
        summands = layer['summands']
        if not summands:
            base = np.zeros((n, length))
            base[:, 0] = 1.0
            vals, scale = [base, base.copy()], [0.0, 0.0]
        elif len(summands) == 1 and summands[0]['connection'] == 'identity':
            src = done[summands[0]['from']]
            vals, scale = [src[0][0].copy(), src[0][1].copy()], list(src[1])
        else:
            ref = [max(done[s['from']][1][v] for s in summands) for v in (0, 1)]
            vals = []
            for v in (0, 1):
                out = np.zeros((n, length))
                for s in summands:
                    src_vals, src_scale = done[s['from']]
                    fan_in = src_vals[v].shape[0] if s['connection'] == 'full' else 1
                    w = (1.0 / (len(summands) * fan_in) if v == 0 else 1.0) * math.exp(src_scale[v] - ref[v])
                    if s['connection'] == 'full':
                        out += w * src_vals[v].sum(axis=0)
                    else:
                        out += w * src_vals[v]
                vals.append(out)
            scale = list(ref)
        if layer['gate'] >= 0:
            mask = np.asarray(nonlinear[layer['gate']], dtype=bool)
            for v in (0, 1):
                shifted = vals[v].copy()
                shifted[mask, 1:] = vals[v][mask, :-1]
                shifted[mask, 0] = 0.0
                vals[v] = shifted
        if summands and not (len(summands) == 1 and summands[0]['connection'] == 'identity'):
            top = vals[1].max()
            if top > 0 and math.isfinite(top):
                vals[1] = vals[1] / top
                scale[1] += math.log(top)
        done.append((vals, scale))
    out_len = depth[-1] + 1
    result = {}
    for v, key in ((0, 'normalized'), (1, 'unnormalized')):
        out = done[-1][0][v]
        totals = out.sum(axis=1)
        hist = np.zeros(out_len)
        for c in range(out.shape[0]):
            if totals[c] > 0:
                hist += out[c, :out_len] / (out.shape[0] * totals[c])
        result[key] = {'histogram': hist.tolist(), 'apl': float(sum(k * h for k, h in enumerate(hist)))}
    return result


def nonlinear_mask(slopes, eps):
    return [(np.asarray(a) < 1.0 - eps).tolist() for a in slopes]


# ---------------------------------------------------------------------------------------------
# The core network (src/engine/analysis/coreNetwork.ts, model/edgeMagnitudes.ts): per gated layer
# the nonlinear channels; between consecutive gated layers joined by a weight, the 200 strongest
# weights (|w| dense, L2 norm over a conv kernel's taps) between nonlinear channels.
# ---------------------------------------------------------------------------------------------

MAX_EDGES_PER_PAIR = 200


def magnitudes(weight, taps, in_channels, channels):
    per_tap = np.asarray(weight, dtype=np.float32).reshape(taps, in_channels * channels)
    if taps == 1:
        return np.abs(per_tap[0]).reshape(in_channels, channels)
    total = np.zeros(in_channels * channels, dtype=np.float64)
    for t in range(taps):  # float32 squares summed in order in double, as the lab's magnitudesOf
        total += (per_tap[t] * per_tap[t]).astype(np.float64)
    return np.sqrt(total.astype(np.float32)).reshape(in_channels, channels)


def core_network(plan, slopes, eps, lab_weights):
    """lab_weights: layer name -> weight in the lab's layout (or None to leave out the edges)."""
    layers = plan['layers']
    gated_at = [i for i, l in enumerate(layers) if l['gate'] >= 0]
    core_layers, flags = [], []
    for g, i in enumerate(gated_at):
        a = np.asarray(slopes[g], dtype=np.float64)
        nonlinear = a < 1.0 - eps
        flags.append(nonlinear)
        core_layers.append({'name': layers[i]['name'], 'channels': layers[i]['channels'],
                            'nonlinear': [{'channel': int(c), 'strength': float(1.0 - a[c])} for c in np.nonzero(nonlinear)[0]],
                            'linearCount': int(layers[i]['channels'] - nonlinear.sum())})
    per_pair = []
    for g in range(len(gated_at) - 1):
        target = layers[gated_at[g + 1]]
        s = weighted_summand(target)
        if s is None or s['from'] != gated_at[g] or lab_weights is None:
            continue
        m = magnitudes(lab_weights[target['name']], s['taps'], s['inChannels'], target['channels'])
        sub = m[np.ix_(flags[g], flags[g + 1])]
        rows, cols = np.nonzero(flags[g])[0], np.nonzero(flags[g + 1])[0]
        edges = [(float(sub[r, c]), int(rows[r]), int(cols[c])) for r in range(sub.shape[0]) for c in range(sub.shape[1]) if sub[r, c] > 0]
        edges.sort(key=lambda e: (-e[0], e[1], e[2]))
        per_pair.append((g, edges[:MAX_EDGES_PER_PAIR]))
    largest = max([e[0][0] for _, e in per_pair if e] or [0.0])
    edges = [{'layer': g, 'from': f, 'to': t, 'weight': v / largest} for g, es in per_pair for (v, f, t) in es]
    widths = [len(l['nonlinear']) for l in core_layers]
    return {'layers': core_layers, 'edges': edges, 'effectiveDepth': sum(1 for w in widths if w > 0), 'effectiveWidth': widths}


def fraction_nonlinear(slopes, eps):
    total = sum(len(a) for a in slopes)
    return 0.0 if total == 0 else sum(int((np.asarray(a) < 1.0 - eps).sum()) for a in slopes) / total


# ---------------------------------------------------------------------------------------------
# Evaluation (src/engine/training/evaluate.ts): the first 2,000 test samples (--eval-limit), in
# batches of 500; mean cross-entropy and accuracy.
# ---------------------------------------------------------------------------------------------

@torch.no_grad()
def evaluate_split(net, split, limit, device):
    xs, ys = split
    count = min(len(ys), limit)
    if count == 0:
        return None
    loss, correct = 0.0, 0.0
    for start in range(0, count, 500):
        end = min(start + 500, count)
        x, y = xs[start:end].to(device), ys[start:end].to(device)
        logits = net(x)
        loss += F.cross_entropy(logits, y, reduction='sum').item()
        correct += (logits.argmax(1) == y).sum().item()
    return {'loss': loss / count, 'accuracy': correct / count}


# ---------------------------------------------------------------------------------------------
# The run file (src/lab/export/runExport.ts): what the lab's Import JSON reads.
# ---------------------------------------------------------------------------------------------

def json_number(x):
    return x if math.isfinite(x) else str(x).replace('inf', 'Infinity').replace('nan', 'NaN')


def write_run_file(path, run):
    data = {'format': 'nonlinear-lab-runs', 'formatVersion': 1, 'kind': 'run',
            'exportedAt': time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime()), 'runs': [run]}
    tmp = path + '.tmp'
    with open(tmp, 'w') as f:
        json.dump(json_safe(data), f, indent=1, allow_nan=False, default=str)
    os.replace(tmp, path)


def json_safe(value):
    """JSON has no NaN or Infinity (a diverged run has them): written as the strings the lab reads."""
    if isinstance(value, float):
        return json_number(value)
    if isinstance(value, dict):
        return {k: json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_safe(v) for v in value]
    return value


# ---------------------------------------------------------------------------------------------
# Command line and training.
# ---------------------------------------------------------------------------------------------

def parse_stages(text):
    stages = []
    for part in text.split(','):
        part = part.strip()
        m = re.match(r'^(\d+)(s2)?(mp|ap)?$', part)
        if not m:
            raise SystemExit('bad CNN stage %r: use e.g. 64,128s2,256s2mp' % part)
        stages.append({'channels': int(m.group(1)), 'stride': 2 if m.group(2) else 1,
                       'pool': {'mp': 'max', 'ap': 'avg'}.get(m.group(3), 'none')})
    return stages


def parse_args(argv):
    p = argparse.ArgumentParser(description='Train the Nonlinear Lab experiment embedded below with PyTorch '
                                '(python3 run.py, or torchrun --nproc_per_node=N run.py).')
    p.add_argument('--data-dir', default=os.environ.get('NONLINEAR_LAB_DATA', 'data'),
                   help="where the lab's mnist.nlds / fashion-mnist.nlds are, and where CIFAR is downloaded")
    p.add_argument('--dataset', choices=['mnist', 'fashion-mnist', 'spirals', 'circles', 'xor', 'blobs', 'cifar10', 'cifar100'],
                   help='train on another task than the config says (CIFAR needs torchvision)')
    p.add_argument('--conv', help='CNN stages instead of the config\'s, e.g. 64,128s2,256s2 (no limits here)')
    p.add_argument('--hidden', help='MLP widths instead of the config\'s, e.g. 1024-1024')
    p.add_argument('--epochs', type=int)
    p.add_argument('--max-steps', type=int, help='stop after this many steps')
    p.add_argument('--eval-every', type=int)
    p.add_argument('--eval-limit', type=int, default=2000, help='test samples per evaluation (the lab: 2000)')
    p.add_argument('--out', default='run.json', help='the run file for the lab\'s Import JSON, rewritten at every evaluation')
    p.add_argument('--init-from', help='initial weights written by the lab (npm run export-torch -- <link> --init init.json)')
    p.add_argument('--device', choices=['auto', 'cpu', 'cuda'], default='auto')
    p.add_argument('--log-steps', action='store_true', help='print every step\'s training loss (JSON lines)')
    p.add_argument('--analyze', help='print the APL and core network of the gates in this JSON file ({"slopes": [...]}) and exit')
    return p.parse_args(argv)


def effective_config(args):
    cfg = json.loads(json.dumps(CONFIG))
    if args.dataset:
        cfg['dataset']['kind'] = args.dataset
    if args.conv:
        cfg['model']['kind'] = 'cnn'
        cfg['model']['conv'] = parse_stages(args.conv)
    if args.hidden:
        cfg['model']['kind'] = 'mlp'
        cfg['model']['hidden'] = [int(w) for w in args.hidden.split('-')]
    if args.epochs:
        cfg['training']['epochs'] = args.epochs
    if args.eval_every:
        cfg['evalEvery'] = args.eval_every
    return cfg


def input_shape_of(cfg):
    kind = cfg['dataset']['kind']
    if kind in NLDS_FILES:
        return [28, 28, 1], 10
    if kind in ('cifar10', 'cifar100'):
        return [32, 32, 3], 10 if kind == 'cifar10' else 100
    return [2], cfg['dataset']['classes'] if kind in ('spirals', 'blobs') else 2


def analyze(path, cfg):
    """Gates {"slopes": [[a per channel] per gated layer]} (or a list of them), optionally with the
    lab's init file's "layers" for the core network's edges: one JSON line per gate pattern."""
    data = read_json(path, 'the gates file')
    shape, classes = input_shape_of(cfg)
    plan = plan_architecture(cfg['model'], shape, classes)
    eps = cfg['prior']['eps']
    for case in data if isinstance(data, list) else [data]:
        weights = None
        if 'layers' in case:
            weights = {w['name']: np.asarray(w['weight'], dtype=np.float32).reshape(w['rows'], w['cols']) for w in case['layers']}
        print(json.dumps({'apl': compute_apl(plan, nonlinear_mask(case['slopes'], eps)),
                          'core': core_network(plan, case['slopes'], eps, weights)}))


def main(argv):
    args = parse_args(argv)
    cfg = effective_config(args)
    if args.analyze:
        analyze(args.analyze, cfg)
        return 0

    world = int(os.environ.get('WORLD_SIZE', '1'))
    rank = int(os.environ.get('RANK', '0'))
    local_rank = int(os.environ.get('LOCAL_RANK', '0'))
    use_cuda = args.device == 'cuda' or (args.device == 'auto' and torch.cuda.is_available())
    if use_cuda:
        torch.cuda.set_device(local_rank)
    device = torch.device('cuda', local_rank) if use_cuda else torch.device('cpu')
    if world > 1:
        dist.init_process_group('nccl' if use_cuda else 'gloo')
    main_process = rank == 0

    if main_process:
        print('# config (v%d schema; the lab link: %s)' % (cfg['version'], LAB_LINK))
        print(json.dumps(cfg, indent=1))
        sys.stdout.flush()

    seed = cfg['training']['seed']
    data = load_dataset(cfg['dataset'], seed, args)
    train_x, train_y = data['train']
    plan = plan_architecture(cfg['model'], data['inputShape'], data['numClasses'])
    net = LabNetwork(plan, data['inputShape'])
    if args.init_from:
        net.load_lab_init(args.init_from)
    else:
        net.init_like_the_lab(seed)
    net.to(device)
    model = nn.parallel.DistributedDataParallel(net, device_ids=[local_rank] if use_cuda else None,
                                                broadcast_buffers=False) if world > 1 else net
    optimizer = LabOptimizer(net.parameters(), cfg['optimizer'])

    # Batch order (src/engine/data/batches.ts): epoch e visits the training set in a permutation
    # seeded by the config (in the 'streamed' order, epoch 0 part by part); every step takes the next global batch (the last partial one is
    # dropped). With N processes, process r trains on the r-th of N equal slices of that batch, so
    # together they take the lab's batch, and one process alone takes exactly the lab's.
    count = len(train_y)
    batch = min(cfg['training']['batchSize'], count)
    if batch % world != 0:
        raise SystemExit('the batch size %d must be a multiple of the number of processes %d' % (batch, world))
    per_rank = batch // world
    steps_per_epoch = max(1, count // batch)
    total = cfg['training']['epochs'] * steps_per_epoch
    if args.max_steps is not None:
        total = min(total, args.max_steps)
    order_seed = derive_seed(seed, 'batches')
    n_gated = sum(plan['gatedChannels'])
    prior = cfg['prior']
    lr = cfg['optimizer']['learningRate']
    gate_names = [l['name'] for l in plan['layers'] if l['gate'] >= 0]
    started = time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())
    backend = 'torch-%s x%d' % ('cuda' if use_cuda else 'cpu', world)
    history = []
    window = torch.zeros(3, dtype=torch.float64, device=device)  # loss sum, correct, steps
    order, order_epoch, diverged = None, -1, None

    def evaluate(step):
        nonlocal window, diverged
        if prior['snap']:
            net.snap(prior['eps'])
        if world > 1:
            dist.all_reduce(window)
        loss_sum, correct, steps = window.tolist()
        window = torch.zeros(3, dtype=torch.float64, device=device)
        if not math.isfinite(loss_sum):
            diverged = 'The loss became %s before step %d: training stopped. Try a lower learning rate.' % (loss_sum, step)
        if not main_process:
            return
        net.eval()
        test = evaluate_split(net, data['test'], args.eval_limit, device)
        net.train()
        slopes = net.slopes()
        eps = prior['eps']
        apl = compute_apl(plan, nonlinear_mask(slopes, eps))
        point = {
            'step': step, 'epoch': step / steps_per_epoch,
            # steps counts every process's steps: each trained on per_rank examples and reported its mean loss.
            'trainLoss': loss_sum / steps if steps else float('nan'),
            'trainAccuracy': correct / (steps * per_rank) if steps else float('nan'),
            'testLoss': test['loss'] if test else None, 'testAccuracy': test['accuracy'] if test else None,
            'fractionNonlinear': fraction_nonlinear(slopes, eps),
            'aplNormalized': apl['normalized']['apl'], 'aplUnnormalized': apl['unnormalized']['apl'],
            'lambda': lambda_at(prior, step, steps_per_epoch),
        }
        history.append(json_safe(point))
        print(json.dumps(history[-1]))
        sys.stdout.flush()
        lab_weights = {l['name']: net.weight_of(l).lab_weight() for l in plan['layers'] if weighted_summand(l) is not None}
        write_run_file(args.out, {
            'name': cfg['name'] or 'PyTorch run', 'createdAt': started, 'config': cfg, 'backend': backend,
            'step': step, 'totalSteps': total, 'finished': step >= total or diverged is not None, 'diverged': diverged,
            'metrics': history,
            'gates': [{'name': n, 'slopes': a.tolist(), 'fractionNonlinear': fraction_nonlinear([a], eps)} for n, a in zip(gate_names, slopes)],
            'apl': apl,
            'aplAllNonlinear': compute_apl(plan, [[True] * c for c in plan['gatedChannels']]),
            'core': core_network(plan, slopes, eps, lab_weights),
        })

    step = 0
    while step < total and diverged is None:
        epoch = step // steps_per_epoch
        if epoch != order_epoch:
            order = epoch_order(count, order_seed, epoch, cfg['dataset'].get('order', 'shuffled'))
            order_epoch = epoch
        start = (step % steps_per_epoch) * batch + rank * per_rank
        idx = torch.tensor(order[start:start + per_rank], dtype=torch.long)
        x, y = train_x[idx].to(device), train_y[idx].to(device)
        lam = lambda_at(prior, step, steps_per_epoch)
        optimizer.zero_grad()
        logits = model(x)
        task = F.cross_entropy(logits, y)
        loss = task + prior_loss_term(net, lam) if prior['mode'] == 'loss' and lam > 0 else task
        loss.backward()
        optimizer.step()
        net.constrain_slopes(lr * lam / n_gated if prior['mode'] == 'proximal' and lam > 0 and n_gated > 0 else 0.0)
        with torch.no_grad():
            window += torch.stack([task.detach().double(), (logits.argmax(1) == y).sum().double(), torch.ones((), dtype=torch.float64, device=device)])
        if args.log_steps and main_process:
            print(json.dumps({'step': step + 1, 'loss': task.item()}))
        step += 1
        if step % cfg['evalEvery'] == 0 or step == total:
            evaluate(step)
    if world > 1:
        dist.barrier()
        dist.destroy_process_group()
    if main_process:
        print('# wrote %s (open it in the lab: Runs > Import JSON)' % args.out)
    print('# process %d of %d finished %d steps' % (rank, world, step), file=sys.stderr)
    return 1 if diverged else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
`;
