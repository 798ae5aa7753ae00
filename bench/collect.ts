/** Turns what the pages, the app runs and Node measured into the rows of BenchResults (pure). */
import type { AppStartRaw } from './appStart';
import type { PageResult, StepsOutcome } from './page/protocol';
import { ratioOf, summarize, throughputOf, type Spread } from './stats';
import type { AnalysisTiming, AppStart, LabVersusBare, Measured, ModelName, ThroughputRow } from './types';

const NO_SAMPLES = 'no timed step finished';

export function measured(spread: Spread | null, reason: string | undefined): Measured<Spread> {
  if (spread) return { ok: true, value: spread };
  return { ok: false, reason: reason ?? NO_SAMPLES };
}

export function throughputRows(backend: string, engine: StepsOutcome[]): ThroughputRow[] {
  return engine.map((o) => ({ backend, model: o.model, batch: o.batch, examplesPerSecond: measured(throughputOf(o.stepMs, o.batch), o.reason) }));
}

export function labVersusBareRows(page: PageResult): LabVersusBare[] {
  return page.lab.map((lab) => {
    const labFigure = measured(summarize(lab.lab.filter((r): r is number => r !== null)), lab.reason ?? NO_SAMPLES);
    const bareFigure = measured(summarize(lab.bare.filter((r): r is number => r !== null)), lab.bareReason ?? lab.reason ?? NO_SAMPLES);
    const bareThroughput = measured(summarize((lab.bareThroughput ?? []).filter((r): r is number => r !== null)), lab.bareReason ?? lab.reason ?? NO_SAMPLES);
    const noRatio = (bare: Measured<Spread>) => (labFigure.ok && bare.ok ? 'no lab phase with a bare phase beside it' : 'needs both figures');
    return {
      backend: page.backend,
      model: lab.model,
      batch: lab.batch,
      lab: labFigure,
      bare: bareFigure,
      bareThroughput,
      bareConv: lab.bareConv,
      ratio: measured(summarize(lab.ratios), noRatio(bareFigure)),
      throughputRatio: measured(summarize(lab.throughputRatios ?? []), noRatio(bareThroughput)),
      phaseSeconds: lab.plan ? lab.plan.phaseMs / 1000 : undefined,
      longTasks: lab.longTasks ? { ok: true as const, value: lab.longTasks } : { ok: false as const, reason: lab.reason ?? 'not recorded' },
    };
  });
}

/** The picked backend's engine throughput (batch 64, browser) over the fastest backend's. */
export function appStartRows(raw: AppStartRaw[], throughput: ThroughputRow[]): AppStart[] {
  return raw.map((a) => {
    const candidates = throughput.filter((t) => t.model === a.model && t.batch === 64 && !t.backend.startsWith('node') && t.examplesPerSecond.ok);
    const rate = (name: string) => candidates.find((t) => t.backend === name)?.examplesPerSecond;
    let fastest: { backend: string; value: Spread } | null = null;
    for (const c of candidates) {
      if (c.examplesPerSecond.ok && (!fastest || c.examplesPerSecond.value.median > fastest.value.median)) fastest = { backend: c.backend, value: c.examplesPerSecond.value };
    }
    const pickedRate = a.backend ? rate(a.backend) : undefined;
    let pickedOverFastest: AppStart['pickedOverFastest'];
    if (!a.backend) pickedOverFastest = { ok: false, reason: a.error ?? 'no backend picked' };
    else if (!fastest || !pickedRate?.ok) pickedOverFastest = { ok: false, reason: `no throughput measured for ${a.backend}` };
    else {
      const r = ratioOf(pickedRate.value, fastest.value);
      pickedOverFastest = r ? { ok: true, value: { ...r, fastest: fastest.backend } } : { ok: false, reason: 'no ratio' };
    }
    return {
      model: a.model,
      picked: a.backend ? { ok: true, value: { backend: a.backend, reason: a.reason ?? '' } } : { ok: false, reason: a.error ?? 'unknown' },
      firstStepMs: a.firstStepMs !== null ? { ok: true, value: a.firstStepMs } : { ok: false, reason: a.error ?? 'no step seen' },
      longTasks: a.longTasks ? { ok: true, value: a.longTasks } : { ok: false, reason: a.error ?? 'not recorded' },
      pickedOverFastest,
    };
  });
}

export function analysisRow(page: PageResult): AnalysisTiming | null {
  if (!page.analysis && !page.analysisReason) return null;
  const a = page.analysis;
  const why = page.analysisReason ?? 'not measured';
  return {
    network: a?.network ?? '20 x 512 MLP',
    backend: page.backend,
    apl: measured(a?.apl ?? null, why),
    aplAndCore: measured(a?.aplAndCore ?? null, why),
    deviceShortlist: measured(a?.deviceShortlist ?? null, why),
    fullRead: measured(a?.fullRead ?? null, why),
  };
}

export const MODELS: ModelName[] = ['mlp', 'cnn'];
