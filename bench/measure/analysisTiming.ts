/**
 * APL, histogram and core network for a 20 x 512 MLP (5.2M weights between gated layers), timed the
 * way the lab computes them for a snapshot, and the old full-read path for comparison.
 */
import { computeApl } from '../../src/engine/analysis/apl';
import { nonlinearMask } from '../../src/engine/analysis/channelGraph';
import { extractCoreNetwork } from '../../src/engine/analysis/coreNetwork';
import { planArchitecture } from '../../src/engine/model/architecture';
import { edgeMagnitudes, strongestEdges } from '../../src/engine/model/edgeMagnitudes';
import { Network } from '../../src/engine/model/network';
import { summarize, type Spread } from '../stats';

export interface AnalysisSamples {
  network: string;
  apl: Spread | null;
  aplAndCore: Spread | null;
  deviceShortlist: Spread | null;
  fullRead: Spread | null;
}

const LAYERS = 20;
const WIDTH = 512;
const EPS = 1e-3;

/** A lab session computes these on every snapshot, thousands of times: time them warm (JIT done), as they run there. */
const WARM_UP = 30;

export async function timeAnalysis(repeats = 40, now: () => number = () => performance.now()): Promise<AnalysisSamples> {
  const plan = planArchitecture({ kind: 'mlp', hidden: new Array<number>(LAYERS).fill(WIDTH), conv: [], residual: false }, [784], 10);
  const network = Network.create(plan, 1);
  try {
    // Three channels in four nonlinear: a dense core, the slow case for the core network.
    const slopes = plan.gatedChannels.map((c, g) => Float32Array.from({ length: c }, (_, i) => ((i + g) % 4 === 0 ? 1 : ((i * 7919) % 97) / 100)));
    const time = async (work: () => unknown, times: number): Promise<Spread | null> => {
      for (let i = 0; i < Math.min(WARM_UP, times); i++) await work(); // warm-up (JIT, kernels)
      const samples: number[] = [];
      for (let i = 0; i < times; i++) {
        const t0 = now();
        await work();
        samples.push(now() - t0);
      }
      return summarize(samples);
    };
    const shortlist = await strongestEdges(network, slopes, EPS);
    const apl = await time(() => computeApl(network.graph, nonlinearMask(slopes, EPS)), repeats);
    const aplAndCore = await time(() => {
      computeApl(network.graph, nonlinearMask(slopes, EPS));
      return extractCoreNetwork({ graph: network.graph, slopes, eps: EPS, edgeMagnitudes: shortlist });
    }, repeats);
    const deviceShortlist = await time(() => strongestEdges(network, slopes, EPS), Math.min(repeats, 5));
    const fullRead = await time(
      async () => extractCoreNetwork({ graph: network.graph, slopes, eps: EPS, edgeMagnitudes: await edgeMagnitudes(network) }),
      Math.min(repeats, 5),
    );
    return { network: `${LAYERS} x ${WIDTH} MLP`, apl, aplAndCore, deviceShortlist, fullRead };
  } finally {
    network.dispose();
  }
}
