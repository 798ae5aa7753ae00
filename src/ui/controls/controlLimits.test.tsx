// @vitest-environment jsdom
/**
 * Every control in the sidebar is held to the config's field table (engine/config/fields.ts): it
 * names its field (data-field), reaches what the table allows and nothing it refuses.
 */
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { defaultConfig } from '../../engine/config/defaults';
import { convStagesField, fieldByPath, getAt, intListField, numberField } from '../../engine/config/fields';
import type { ExperimentConfig } from '../../engine/config/types';
import { countDownsamplings, MAX_CNN_DOWNSAMPLINGS, validateConfig } from '../../engine/config/validate';
import { ConfigStore } from '../../lab/configStore';
import type { LabApi } from '../../lab/labApi';
import { App } from '../App';
import { stubCanvas } from '../testDom';

beforeAll(stubCanvas);
afterEach(cleanup);

const fakeApi = (): LabApi => ({
  load: vi.fn(), play: vi.fn(), pause: vi.fn(), step: vi.fn(), reset: vi.fn(), change: vi.fn(), snap: vi.fn(), rewind: vi.fn(),
  setPace: vi.fn(), skipTo: vi.fn(), dispose: vi.fn(), subscribe: () => () => {},
});

function withChanges(change: (c: ExperimentConfig) => void): ExperimentConfig {
  const config = structuredClone(defaultConfig());
  change(config);
  return config;
}

const SCENARIOS: Record<string, ExperimentConfig> = {
  'MLP on MNIST': defaultConfig(),
  'CNN on MNIST': withChanges((c) => (c.model.kind = 'cnn')),
  'MLP on spirals': withChanges((c) => (c.dataset.kind = 'spirals')),
  'MLP on blobs': withChanges((c) => (c.dataset.kind = 'blobs')),
};

function setup(config: ExperimentConfig) {
  const store = new ConfigStore({ api: fakeApi(), initialConfig: config });
  render(<App store={store} />);
  const controls = () => [...screen.getByLabelText('Experiment controls').querySelectorAll<HTMLInputElement | HTMLSelectElement>('input, select')];
  // The field table's checks; the budget is a cost, shown beside the controls and refused by the worker (budget-csp).
  const accepted = () => expect(validateConfig(store.getConfig(), { budget: false }).issues).toEqual([]);
  return { store, controls, accepted };
}

function commitText(input: HTMLElement, text: string) {
  fireEvent.change(input, { target: { value: text } });
  fireEvent.keyDown(input, { key: 'Enter' });
}

describe.each(Object.entries(SCENARIOS))('the controls of %s', (_, config) => {
  it('each name a field of the table', () => {
    const { controls } = setup(config);
    expect(controls().length).toBeGreaterThan(5);
    for (const control of controls()) {
      const path = control.dataset.field;
      expect(path && fieldByPath(path), `${control.id || control.getAttribute('aria-label')} names no field`).toBeTruthy();
    }
  });

  it('take whole numbers exactly over the range the table allows', () => {
    const { store, controls } = setup(config);
    const inputs = controls().filter((c) => c instanceof HTMLInputElement && c.type === 'text' && c.inputMode === 'numeric');
    expect(inputs.length).toBeGreaterThan(0);
    for (const input of inputs) {
      const field = numberField(input.dataset.field!);
      for (const [value, kept] of [[field.min, true], [field.max, true], [field.min - 1, false], [field.max + 1, false]] as const) {
        act(() => store.load(config));
        commitText(input, String(value));
        expect(getAt(store.getConfig(), field.path), `${field.key} = ${value}`).toBe(kept ? value : getAt(config, field.path));
      }
    }
  });

  it('sliders end within the table, and a plain slider spans all of it', () => {
    const { store, controls, accepted } = setup(config);
    const sliders = controls().filter((c): c is HTMLInputElement => c instanceof HTMLInputElement && c.type === 'range');
    for (const slider of sliders) {
      const field = numberField(slider.dataset.field!);
      const values: number[] = [];
      for (const position of [slider.min, slider.max]) {
        act(() => store.load(config));
        fireEvent.change(slider, { target: { value: position } });
        fireEvent.pointerUp(slider);
        accepted();
        values.push(getAt(store.getConfig(), field.path) as number);
      }
      expect(values[1], field.key).toBeGreaterThan(values[0]);
      if (slider.getAttribute('aria-valuetext') === null) expect([Number(slider.min), Number(slider.max)], field.key).toEqual([field.min, field.max]);
    }
  });

  it('every option of every menu gives a config the table accepts', () => {
    const { store, controls, accepted } = setup(config);
    const count = controls().length;
    for (let k = 0; k < count; k++) {
      act(() => store.load(config));
      const select = controls()[k];
      if (!(select instanceof HTMLSelectElement)) continue;
      for (const option of [...select.options].filter((o) => !o.disabled)) {
        act(() => store.load(config));
        fireEvent.change(controls()[k], { target: { value: option.value } });
        accepted();
      }
    }
  });
});

describe('combination rules', () => {
  it('MLP widths: as many layers and as wide as the table allows, no more', () => {
    const { store } = setup(defaultConfig());
    const hidden = intListField('model.hidden');
    const input = screen.getByTestId('hidden-input');
    commitText(input, Array(hidden.maxItems).fill(hidden.max).join('-'));
    expect(store.getConfig().model.hidden).toEqual(Array(hidden.maxItems).fill(hidden.max));
    commitText(input, Array(hidden.maxItems + 1).fill(4).join('-'));
    commitText(input, `4-${hidden.max + 1}`);
    expect(store.getConfig().model.hidden).toHaveLength(hidden.maxItems);
  });

  it('CNN stages: up to the table\'s count, and never more downsamplings than a 28x28 image allows', () => {
    const { store } = setup(SCENARIOS['CNN on MNIST']);
    const conv = convStagesField('model.conv');
    const add = screen.getByTestId('add-stage');
    while (!(add as HTMLButtonElement).disabled) fireEvent.click(add);
    expect(store.getConfig().model.conv).toHaveLength(conv.maxItems);
    // Stride 2 and a pooling wherever the menus still allow one.
    for (let i = 1; i <= conv.maxItems; i++) {
      for (const [what, value] of [['stride', '2'], ['pooling', 'max']]) {
        const select = screen.getByLabelText<HTMLSelectElement>(`Stage ${i} ${what}`);
        const option = [...select.options].find((o) => o.value === value)!;
        if (!option.disabled) fireEvent.change(select, { target: { value } });
      }
    }
    expect(countDownsamplings(store.getConfig().model.conv)).toBe(MAX_CNN_DOWNSAMPLINGS);
    expect(validateConfig(store.getConfig(), { budget: false }).issues).toEqual([]);
    const blocked = screen.getByLabelText<HTMLSelectElement>(`Stage ${conv.maxItems} stride`);
    expect([...blocked.options].find((o) => o.value === '2')?.disabled).toBe(true);
  });
});
