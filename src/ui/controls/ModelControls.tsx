import type { ReactNode } from 'react';
import { convStagesField, intListField } from '../../engine/config/fields';
import type { ConvStage, ModelConfig, PoolKind } from '../../engine/config/types';
import { countDownsamplings, MAX_CNN_DOWNSAMPLINGS } from '../../engine/config/validate';
import { formatWidths, parseWidths } from '../format';
import { CommitInput, Field } from './inputs';

const HIDDEN = intListField('model.hidden');
const CONV = convStagesField('model.conv');
const CHANNELS = [4, 8, 16, 32, 64, 128].filter((c) => c >= CONV.minChannels && c <= CONV.maxChannels);

/** A stage may stride or pool only while the stages halve a 28x28 image at most MAX_CNN_DOWNSAMPLINGS times. */
function downsamplingsLeft(conv: readonly ConvStage[], without: ConvStage): number {
  return MAX_CNN_DOWNSAMPLINGS - countDownsamplings(conv) + countDownsamplings([without]);
}

export function ModelControls({
  model,
  allowCnn,
  onChange,
  children,
}: {
  model: ModelConfig;
  /** CNNs need image inputs. */
  allowCnn: boolean;
  onChange: (model: ModelConfig) => void;
  /** Shown at the end of the box (the budget estimate). */
  children?: ReactNode;
}) {
  const setStage = (i: number, stage: ConvStage) =>
    onChange({ ...model, conv: model.conv.map((s, k) => (k === i ? stage : s)) });
  return (
    <fieldset className="controls-group">
      <legend>Network</legend>
      <Field label="Architecture" id="model-select">
        <select
          id="model-select"
          value={model.kind}
          data-testid="model-select"
          data-field="model.kind"
          onChange={(e) => onChange({ ...model, kind: e.target.value === 'cnn' ? 'cnn' : 'mlp' })}
        >
          <option value="mlp">MLP (dense layers)</option>
          <option value="cnn" disabled={!allowCnn}>
            CNN (conv stages){allowCnn ? '' : ' – images only'}
          </option>
        </select>
      </Field>
      {model.kind === 'mlp' ? (
        <Field label="Hidden widths" id="hidden-input" hint="Channels per gated layer, e.g. 64-64-64.">
          <CommitInput
            id="hidden-input"
            value={model.hidden}
            format={formatWidths}
            parse={(t) => parseWidths(t, HIDDEN.max, HIDDEN.maxItems)}
            onCommit={(hidden) => onChange({ ...model, hidden })}
            testId="hidden-input"
            field="model.hidden"
            error={`${HIDDEN.minItems} to ${HIDDEN.maxItems} widths of ${HIDDEN.min}–${HIDDEN.max} separated by dashes, e.g. 64-64-64.`}
          />
        </Field>
      ) : (
        <div className="field">
          <div className="field-head">
            <span className="label">Conv stages (3×3)</span>
          </div>
          <ol className="stages" data-testid="conv-stages">
            {model.conv.map((stage, i) => {
              const left = downsamplingsLeft(model.conv, stage);
              return (
              <li key={i} className="stage">
                <span className="stage-index">{i + 1}</span>
                <select
                  aria-label={`Stage ${i + 1} channels`}
                  data-field="model.conv"
                  value={stage.channels}
                  onChange={(e) => setStage(i, { ...stage, channels: Number(e.target.value) })}
                >
                  {[...new Set([...CHANNELS, stage.channels])].sort((a, b) => a - b).map((c) => (
                    <option key={c} value={c}>
                      {c} ch
                    </option>
                  ))}
                </select>
                <select
                  aria-label={`Stage ${i + 1} stride`}
                  data-field="model.conv"
                  value={stage.stride}
                  onChange={(e) => setStage(i, { ...stage, stride: e.target.value === '2' ? 2 : 1 })}
                >
                  <option value={1}>stride 1</option>
                  <option value={2} disabled={stage.stride !== 2 && left - (stage.pool !== 'none' ? 1 : 0) < 1}>
                    stride 2
                  </option>
                </select>
                <select
                  aria-label={`Stage ${i + 1} pooling`}
                  data-field="model.conv"
                  value={stage.pool}
                  onChange={(e) => setStage(i, { ...stage, pool: e.target.value as PoolKind })}
                >
                  <option value="none">no pool</option>
                  {(['max', 'avg'] as const).map((pool) => (
                    <option key={pool} value={pool} disabled={stage.pool === 'none' && left - (stage.stride === 2 ? 1 : 0) < 1}>
                      {pool} pool
                    </option>
                  ))}
                </select>
                <button
                  type="button"
                  className="btn icon"
                  aria-label={`Remove stage ${i + 1}`}
                  disabled={model.conv.length <= CONV.minItems}
                  onClick={() => onChange({ ...model, conv: model.conv.filter((_, k) => k !== i) })}
                >
                  ×
                </button>
              </li>
              );
            })}
          </ol>
          <button
            type="button"
            className="btn small"
            data-testid="add-stage"
            disabled={model.conv.length >= CONV.maxItems}
            onClick={() =>
              onChange({
                ...model,
                conv: [...model.conv, { channels: model.conv.at(-1)?.channels ?? 16, stride: 1, pool: 'none' }],
              })
            }
          >
            + stage
          </button>
        </div>
      )}
      <label className="check">
        <input
          type="checkbox"
          checked={model.residual}
          data-testid="residual-toggle"
          data-field="model.residual"
          onChange={(e) => onChange({ ...model, residual: e.target.checked })}
        />
        Residual blocks x + F(x) after each layer
      </label>
      {children}
    </fieldset>
  );
}
