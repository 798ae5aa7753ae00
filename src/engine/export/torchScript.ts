/**
 * "Export → PyTorch script": one readable Python file that runs the lab's experiment with PyTorch,
 * alone (`python3 run.py`) or under torchrun with DistributedDataParallel, and writes the lab's run
 * file. The config is embedded in the v2 schema; the body (./torchTemplate.ts) is the same for every
 * config. Pure TypeScript: the lab's Export menu and `npm run export-torch` both call this.
 */
import type { ExperimentConfig } from '../config/types';
import { encodeConfig } from '../config/urlCodec';
import { TORCH_SCRIPT_BODY } from './torchTemplate';

export function torchScript(config: ExperimentConfig): string {
  const link = encodeConfig(config);
  const title = config.name.trim() || `${config.dataset.kind} ${config.model.kind}`;
  return [
    '#!/usr/bin/env python3',
    '# -*- coding: utf-8 -*-',
    `r"""Nonlinear Lab experiment ${pythonText(title)}, exported for PyTorch.`,
    '',
    'It trains the lab\'s experiment as the lab defines it: the model with its channel gates (a',
    'channel-wise PReLU slope a in [0, 1] per channel), the sparsity prior, the optimizer, the batch',
    'order, the evaluations, the average path length and the core network; and writes the lab\'s run',
    'file (--out, default run.json) at every evaluation, for the lab\'s Runs > Import JSON.',
    '',
    'One process:        python3 run.py --data-dir <the lab\'s public/data>',
    'One node, 4 GPUs:   torchrun --standalone --nproc_per_node=4 run.py --data-dir data',
    'Several nodes:      torchrun --nnodes=2 --nproc_per_node=4 --rdzv_backend=c10d \\',
    '                        --rdzv_endpoint=<first node>:29500 --rdzv_id=lab run.py --data-dir data',
    'Slurm (in sbatch):  srun --nodes=2 --ntasks-per-node=1 --gpus-per-node=4 torchrun --nnodes=2 \\',
    '                        --nproc_per_node=4 --rdzv_backend=c10d --rdzv_endpoint="$(hostname)":29500 \\',
    '                        --rdzv_id="$SLURM_JOB_ID" run.py --data-dir data',
    '(Debian\'s torch 1.13 on Python 3.11: add --redirects 2 --tee 2 to torchrun, which cannot parse its defaults.)',
    'python3 run.py --help lists the options (bigger tasks: --dataset cifar10, --conv 64,128s2,256s2).',
    '"""',
    '',
    '# The experiment in the lab\'s config schema (src/engine/config); the link opens it in the lab.',
    `LAB_CONFIG_JSON = r'''${configJson(config)}'''`,
    `LAB_LINK = ${JSON.stringify(link)}`,
    TORCH_SCRIPT_BODY,
  ].join('\n');
}

/** Pretty JSON that is safe inside a Python r'''...''' string: no quote of its own can end the string. */
function configJson(config: ExperimentConfig): string {
  return JSON.stringify(config, null, 2).replace(/'/g, '\\u0027');
}

/** Text for the docstring: no backslashes or triple quotes, one line. */
function pythonText(text: string): string {
  return JSON.stringify(text.replace(/\\/g, '/').replace(/"/g, "'").replace(/\s+/g, ' '));
}
