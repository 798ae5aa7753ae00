import { numberField } from '../../engine/config/fields';
import type { PriorConfig } from '../../engine/config/types';
import { formatLambda, formatSci } from '../format';
import { EPS_SLIDER, LAMBDA_POSITIONS, lambdaFromPosition, positionFromLambda } from '../scales';
import { Field, IntInput, LogSlider } from './inputs';

export interface PriorControlsProps {
  prior: PriorConfig;
  /** Lambda actually in force at the latest step (after schedule and ramp), if known. */
  lambdaInForce: number | null;
  priorActive: boolean;
  onLambda: (lambda: number) => void;
  onPrior: (prior: Partial<PriorConfig>) => void;
  onSnap: () => void;
}

/** The sparsity-prior dial and its schedule; every change applies live to the running training. */
export function PriorControls({ prior, lambdaInForce, priorActive, onLambda, onPrior, onSnap }: PriorControlsProps) {
  const position = positionFromLambda(prior.lambda);
  const lambdaText = formatLambda(prior.lambda);
  return (
    <fieldset className="controls-group prior">
      <legend>Sparsity prior</legend>
      <Field
        label="Pressure λ"
        id="lambda-slider"
        value={<span data-testid="lambda-value">{lambdaText}</span>}
        hint={
          lambdaInForce === null
            ? prior.mode === 'loss'
              ? 'The weight of λ·mean(1 − a) in the loss: gates turn linear where the task needs them least.'
              : 'Moves every slope up by lr·λ/N per step, whatever the task needs.'
            : priorActive
              ? `In force now: λ = ${formatSci(lambdaInForce)}`
              : 'Prior not yet switched on (before t_on).'
        }
      >
        <input
          id="lambda-slider"
          className="lambda-slider"
          type="range"
          min={0}
          max={LAMBDA_POSITIONS}
          step={1}
          value={position}
          aria-valuetext={`lambda ${lambdaText}`}
          data-testid="lambda-slider"
          data-field="prior.lambda"
          onChange={(e) => onLambda(lambdaFromPosition(Number(e.target.value)))}
        />
        <div className="slider-scale" aria-hidden="true">
          <span>0</span>
          <span>1e-2</span>
          <span>1</span>
          <span>100</span>
          <span>1e4</span>
        </div>
      </Field>
      <Field
        label="Prior form"
        id="prior-mode"
        hint={
          prior.mode === 'loss'
            ? 'A term of the loss, optimized with the weights (as in the paper and in PyTorch).'
            : 'A proximal step after each optimizer step (config v1’s only form; needs λ near N to act).'
        }
      >
        <select
          id="prior-mode"
          value={prior.mode}
          data-testid="prior-mode-select"
          data-field="prior.mode"
          onChange={(e) => onPrior({ mode: e.target.value === 'proximal' ? 'proximal' : 'loss' })}
        >
          <option value="loss">loss term</option>
          <option value="proximal">proximal step</option>
        </select>
      </Field>
      <div className="field-pair">
        <Field label="Prior on at t_on" id="prior-start">
          <div className="inline">
            <IntInput
              id="prior-start"
              field={numberField('prior.start')}
              value={prior.start}
              testId="prior-start-input"
              onCommit={(start) => onPrior({ start })}
            />
            <select
              aria-label="t_on unit"
              value={prior.startUnit}
              data-testid="prior-unit-select"
              data-field="prior.startUnit"
              onChange={(e) => onPrior({ startUnit: e.target.value === 'epoch' ? 'epoch' : 'step' })}
            >
              <option value="step">steps</option>
              <option value="epoch">epochs</option>
            </select>
          </div>
        </Field>
        <Field label="Ramp (steps)" id="prior-ramp">
          <IntInput
            id="prior-ramp"
            field={numberField('prior.ramp')}
            value={prior.ramp}
            testId="prior-ramp-input"
            onCommit={(ramp) => onPrior({ ramp })}
          />
        </Field>
      </div>
      <Field label="Linear threshold ε" id="eps-slider" value={<span data-testid="eps-value">{formatSci(prior.eps)}</span>} hint="A channel counts as linear when a ≥ 1 − ε.">
        <LogSlider id="eps-slider" field="prior.eps" scale={EPS_SLIDER} value={prior.eps} name="epsilon" testId="eps-slider" onChange={(eps) => onPrior({ eps })} />
      </Field>
      <div className="inline snap-row">
        <button type="button" className="btn" data-testid="snap-button" onClick={onSnap} title="Set every channel with a ≥ 1 − ε to exactly 1 and freeze it">
          Snap linear channels
        </button>
        <label className="check">
          <input
            type="checkbox"
            checked={prior.snap}
            data-testid="snap-toggle"
            data-field="prior.snap"
            onChange={(e) => onPrior({ snap: e.target.checked })}
          />
          at every evaluation
        </label>
      </div>
    </fieldset>
  );
}
