import type { ExperimentConfig } from '../../engine/config/types';
import { encodeConfig } from '../../engine/config/urlCodec';
import type { Preset } from '../../engine/experiments/presets';

export interface PresetListProps {
  presets: readonly Preset[];
  onRunComparison: (preset: Preset) => void;
  onOpenInLab: (config: ExperimentConfig, options?: { slow?: boolean }) => void;
  /** Disabled while another queue of runs owns the comparison worker. */
  busy: boolean;
}

/** Teaching presets: a title that is the preset's link, a few sentences, and what to do with it. */
export function PresetList({ presets, onRunComparison, onOpenInLab, busy }: PresetListProps) {
  return (
    <section className="compare-section" aria-labelledby="presets-title">
      <h2 id="presets-title">Presets for teaching</h2>
      <ul className="preset-list">
        {presets.map((preset) => (
          <li key={preset.id} className="preset-card" data-testid={`preset-${preset.id}`}>
            <h3>
              <a href={`?${encodeConfig(preset.config)}${preset.slow ? '&pace=slow' : ''}`} data-testid={`preset-link-${preset.id}`}>
                {preset.title}
              </a>
            </h3>
            <p>{preset.explanation}</p>
            {preset.slow && (
              <p className="preset-pace" data-testid={`preset-pace-${preset.id}`}>
                Opens in slow mode: every step shown, four a second.
                {preset.config.prior.lambda > 0 && preset.config.prior.start > 0 ? ' “Skip to the prior” trains the steps before the prior comes on at full speed.' : ''}
              </p>
            )}
            <div className="preset-actions">
              {preset.runs.length > 0 && (
                <button
                  type="button"
                  className="btn primary"
                  disabled={busy}
                  data-testid={`preset-run-${preset.id}`}
                  onClick={() => onRunComparison(preset)}
                >
                  Run the comparison ({preset.runs.length} runs)
                </button>
              )}
              <button type="button" className="btn" onClick={() => onOpenInLab(preset.config, { slow: preset.slow })} data-testid={`preset-open-${preset.id}`}>
                Open in the lab
              </button>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
