import { memo } from 'react';
import { numberField } from '../../engine/config/fields';
import type { PriorConfig } from '../../engine/config/types';
import { formatLambda, formatSci } from '../format';
import { EPS_SLIDER } from '../scales';
import { fieldByPath } from '../../engine/config/fields';
import { CommitInput, Field, IntInput, LogSlider } from './inputs';
import { lambdaHint } from './lambdaHint';
import { LambdaSlider } from './LambdaSlider';
import { deepEqual } from '../equality';

const lambdaField = fieldByPath('prior.lambda');
const LAMBDA_MAX = lambdaField && 'max' in lambdaField ? lambdaField.max : 10000;

/** A typed λ: any number in the field's range, exactly as typed (the slider's steps give 25.1, not 25). */
export function parseLambda(text: string): number | null {
  const n = text.trim() === '' ? NaN : Number(text);
  return Number.isFinite(n) && n >= 0 && n <= LAMBDA_MAX ? n : null;
}

export interface PriorControlsProps {
  prior: PriorConfig;
  /** Lambda actually in force at the latest step (after schedule and ramp), if known. */
  lambdaInForce: number | null;
  priorActive: boolean;
  /** Where the run is: the hint says what the prior does at this step. */
  progress?: { step: number; startStep: number; finished: boolean; running: boolean };
  onLambda: (lambda: number) => void;
  onPrior: (prior: Partial<PriorConfig>) => void;
  onSnap: () => void;
}

/** What the λ field's hint says for these props: the only part of the box that follows the run. */
function priorHint({ prior, lambdaInForce, priorActive, progress }: PriorControlsProps): string {
  return lambdaHint(
    {
      lambda: prior.lambda,
      inForce: lambdaInForce === null ? null : priorActive ? lambdaInForce : 0,
      step: progress?.step ?? 0,
      startStep: progress?.startStep ?? 0,
      finished: progress?.finished ?? false,
      running: progress?.running ?? true,
    },
    formatSci,
    prior.mode === 'loss'
      ? 'The weight of λ·mean(1 − a) in the loss: gates turn linear where the task needs them least.'
      : 'Moves every slope up by lr·λ/N per step, whatever the task needs.',
  );
}

/**
 * Redrawn when the settings, the callbacks or the hint's words change, not at every snapshot: once
 * the prior is on, the step moves at every snapshot but the hint says the same.
 */
function samePriorControls(a: PriorControlsProps, b: PriorControlsProps): boolean {
  return deepEqual(a.prior, b.prior) && a.onLambda === b.onLambda && a.onPrior === b.onPrior && a.onSnap === b.onSnap && priorHint(a) === priorHint(b);
}

/** The sparsity-prior dial and its schedule; every change applies live to the running training. */
export const PriorControls = memo(function PriorControls(props: PriorControlsProps) {
  const { prior, onLambda, onPrior, onSnap } = props;
  const lambdaText = formatLambda(prior.lambda);
  return (
    <fieldset className="controls-group prior">
      <legend>Sparsity prior</legend>
      <Field
        label="Pressure λ"
        id="lambda-slider"
        value={<span data-testid="lambda-value">{lambdaText}</span>}
        hint={<span data-testid="lambda-hint">{priorHint(props)}</span>}
      >
        <LambdaSlider id="lambda-slider" lambda={prior.lambda} onLambda={onLambda} testId="lambda-slider" />
        <div className="lambda-typed">
          <label htmlFor="lambda-input">Type λ</label>
          <CommitInput
            id="lambda-input"
            value={prior.lambda}
            format={(v) => String(v)}
            parse={parseLambda}
            onCommit={onLambda}
            testId="lambda-input"
            field="prior.lambda"
            inputMode="decimal"
            error={`λ is a number from 0 to ${LAMBDA_MAX}`}
          />
        </div>
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
}, samePriorControls);
