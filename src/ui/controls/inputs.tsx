import { useId, useState, type ReactNode } from 'react';
import type { NumberField } from '../../engine/config/fields';
import { formatSci } from '../format';
import { logFromPosition, positionFromLog, type LogSlider as LogScale } from '../scales';

/** A labelled control row: label on the left, the value with its unit on the right, control below. */
export function Field({
  label,
  id,
  value,
  hint,
  children,
}: {
  label: string;
  id: string;
  value?: ReactNode;
  hint?: ReactNode;
  children: ReactNode;
}) {
  return (
    <div className="field">
      <div className="field-head">
        <label htmlFor={id}>{label}</label>
        {value !== undefined && <output htmlFor={id}>{value}</output>}
      </div>
      {children}
      {hint && <div className="field-hint">{hint}</div>}
    </div>
  );
}

/**
 * A text box that commits only on Enter or blur (not on every keystroke: structural changes reload
 * the run). Escape reverts; an entry that does not parse is shown as an error and not committed.
 */
export function CommitInput<T>({
  id,
  value,
  format,
  parse,
  onCommit,
  testId,
  error,
  inputMode,
  ariaLabel,
  field,
}: {
  id: string;
  /** The config field it sets (data-field, for the test that holds controls to the field table). */
  field?: string;
  value: T;
  format: (v: T) => string;
  parse: (text: string) => T | null;
  onCommit: (v: T) => void;
  testId?: string;
  error: string;
  inputMode?: 'numeric' | 'decimal' | 'text';
  ariaLabel?: string;
}) {
  const shown = format(value);
  const [draft, setDraft] = useState(shown);
  const [invalid, setInvalid] = useState(false);
  const errorId = useId();
  // A new value from outside replaces the draft (set during render, React's pattern for state that follows a prop).
  const [lastShown, setLastShown] = useState(shown);
  if (lastShown !== shown) {
    setLastShown(shown);
    setDraft(shown);
    setInvalid(false);
  }

  const commit = () => {
    const parsed = parse(draft);
    if (parsed === null) {
      setInvalid(true);
      return;
    }
    setInvalid(false);
    if (format(parsed) !== shown) onCommit(parsed);
    else setDraft(shown);
  };

  return (
    <>
      <input
        id={id}
        type="text"
        inputMode={inputMode}
        value={draft}
        aria-label={ariaLabel}
        aria-invalid={invalid}
        aria-describedby={invalid ? errorId : undefined}
        data-testid={testId}
        data-field={field}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
          if (e.key === 'Escape') {
            setDraft(shown);
            setInvalid(false);
          }
        }}
      />
      {invalid && (
        <div className="field-error" id={errorId} role="alert">
          {error}
        </div>
      )}
    </>
  );
}

export function parseIntIn(min: number, max: number) {
  return (text: string): number | null => {
    const t = text.trim();
    if (!/^\d+$/.test(t)) return null;
    const n = Number(t);
    return n >= min && n <= max ? n : null;
  };
}

/** A whole number within its config field's limits (the field table's row, fields.ts). */
export function IntInput({
  id,
  field,
  value,
  onCommit,
  testId,
}: {
  id: string;
  field: NumberField;
  value: number;
  onCommit: (v: number) => void;
  testId?: string;
}) {
  const { min, max } = field;
  return (
    <CommitInput
      id={id}
      value={value}
      format={String}
      parse={parseIntIn(min, max)}
      onCommit={onCommit}
      testId={testId}
      field={field.path.join('.')}
      inputMode="numeric"
      error={`A whole number from ${min} to ${max}.`}
    />
  );
}

/**
 * A range input whose value is committed when the user lets go (pointer up, key up, blur), for
 * settings that reload the run; the label follows the thumb while dragging.
 */
export function ReleaseSlider({
  id,
  field,
  value,
  step,
  onCommit,
  testId,
  render,
}: {
  id: string;
  /** The config field it sets: its limits are the slider's. */
  field: NumberField;
  value: number;
  step: number;
  onCommit: (v: number) => void;
  testId?: string;
  render: (v: number) => ReactNode;
}) {
  const [draft, setDraft] = useState(value);
  const [lastValue, setLastValue] = useState(value);
  if (lastValue !== value) {
    setLastValue(value);
    setDraft(value);
  }
  const commit = () => {
    if (draft !== value) onCommit(draft);
  };
  return (
    <>
      <input
        id={id}
        type="range"
        min={field.min}
        max={field.max}
        step={step}
        value={draft}
        data-testid={testId}
        data-field={field.path.join('.')}
        onChange={(e) => setDraft(Number(e.target.value))}
        onPointerUp={commit}
        onKeyUp={commit}
        onBlur={commit}
      />
      <output htmlFor={id} className="slider-readout">
        {render(draft)}
      </output>
    </>
  );
}

/** A range input over a log scale (scales.ts); a screen reader hears the value, not the thumb position. */
export function LogSlider({
  id,
  scale,
  value,
  name,
  testId,
  field,
  onChange,
}: {
  id: string;
  /** The config field it sets; the scale stays within its limits (controls.test.tsx). */
  field: string;
  scale: LogScale;
  value: number;
  /** Spoken before the value, e.g. "learning rate". */
  name: string;
  testId: string;
  onChange: (v: number) => void;
}) {
  return (
    <input
      id={id}
      type="range"
      min={0}
      max={scale.positions}
      step={1}
      value={positionFromLog(scale, value)}
      aria-valuetext={`${name} ${formatSci(value)}`}
      data-testid={testId}
      data-field={field}
      onChange={(e) => onChange(logFromPosition(scale, Number(e.target.value)))}
    />
  );
}
