/**
 * `npx tsx bench/engineSameBits.ts <git revision> [steps] [mlp64,cnn256,...]`: whether this checkout's
 * engine trains the same bits as a revision's, in Node on WASM: both train each PyTorch-comparison
 * case (./measure/torchCases.ts, gates and the prior on, Adam) for `steps` steps (default 60) from the
 * same seed and data, and a hash of every step's [loss, correct] and of the final logits on 64
 * images and the slopes (trainedFingerprint) is compared. The revision's src/ is extracted as in
 * ./engineStepsVersus.ts.
 */
import { setNodeBackend } from '../src/node/tfNode';
import { Trainer } from '../src/engine/training/trainer';
import { earlierTrainer } from './engineStepsVersus';
import { randomImageDataset } from './measure/randomDataset';
import { torchCases } from './measure/torchCases';
import type { Dataset } from '../src/engine/data/types';
import type { ExperimentConfig } from '../src/engine/config/types';

type TrainerClass = Pick<typeof Trainer, 'create'>;

async function fingerprint(T: TrainerClass, config: ExperimentConfig, dataset: Dataset, steps: number): Promise<string> {
  const trainer = T.create(config, dataset, { name: 'wasm', reason: 'benchmark', attempts: [] }, { kernelProbes: 0 });
  let hash = 0x811c9dc5;
  const mix = (part: Float32Array) => {
    for (const b of new Uint8Array(part.buffer, part.byteOffset, part.byteLength)) hash = Math.imul(hash ^ b, 0x01000193) >>> 0;
  };
  try {
    for (let i = 0; i < steps; i++) {
      trainer.trainStep();
      const { pending } = trainer as unknown as { pending: { record: { data(): Promise<Float32Array> } }[] };
      mix(Float32Array.from(await pending[pending.length - 1].record.data()));
      await trainer.flush();
    }
    const x = Float32Array.from(dataset.train.features.subarray(0, 64 * 784), (v) => v * dataset.featureScale);
    mix(await trainer.predictLogits(x, 64));
    for (const s of await trainer.readSlopes()) mix(s);
    return hash.toString(16).padStart(8, '0');
  } finally {
    trainer.dispose();
  }
}

async function main(): Promise<void> {
  const revision = process.argv[2];
  if (!revision) throw new Error('usage: npx tsx bench/engineSameBits.ts <git revision> [steps] [mlp64,cnn256,...]');
  const steps = Number(process.argv[3] ?? 60);
  const only = process.argv[4]?.split(',');
  await setNodeBackend('wasm');
  const earlier = await earlierTrainer(revision);
  const dataset = randomImageDataset(2048);
  let same = true;
  for (const c of torchCases()) {
    if (only && !only.includes(`${c.id}${c.batch}`)) continue;
    const [now, then] = [await fingerprint(Trainer, c.config, dataset, steps), await fingerprint(earlier.Trainer, c.config, dataset, steps)];
    same &&= now === then;
    console.log(`${c.id}${c.batch}: ${now} (this checkout), ${then} (${earlier.commit}): ${now === then ? 'same bits' : 'DIFFERENT'}`);
  }
  if (!same) process.exitCode = 1;
}

void main();
