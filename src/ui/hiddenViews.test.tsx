// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { defaultConfig } from '../engine/config/defaults';
import { ConfigStore } from '../lab/configStore';
import type { LabApi, LabEvent } from '../lab/labApi';
import { App } from './App';
import { snapshotFixture } from './testFixtures';
import { stubCanvas } from './testDom';

const compareRenders = vi.hoisted(() => ({ count: 0 }));
vi.mock('./compare/CompareView', () => ({
  CompareView: () => {
    compareRenders.count++;
    return <div className="compare-view" data-testid="compare-stand-in" />;
  },
}));

beforeAll(stubCanvas);
afterEach(cleanup);

function setup() {
  const listeners = new Set<(e: LabEvent) => void>();
  const api: LabApi = {
    load: vi.fn(), play: vi.fn(), pause: vi.fn(), step: vi.fn(), reset: vi.fn(), change: vi.fn(), snap: vi.fn(), rewind: vi.fn(), setPace: vi.fn(), skipTo: vi.fn(), dispose: vi.fn(),
    subscribe: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
  const store = new ConfigStore({ api, initialConfig: defaultConfig() });
  render(<App store={store} />);
  const snapshots = (n: number) => {
    for (let i = 0; i < n; i++) act(() => listeners.forEach((l) => l({ type: 'snapshot', snapshot: snapshotFixture({ step: i }) })));
  };
  return { store, snapshots };
}

describe('views that are not shown', () => {
  it('the compare view does not render for the lab run’s snapshots, only when the settings change', () => {
    const { store, snapshots } = setup();
    const before = compareRenders.count;
    snapshots(20);
    expect(compareRenders.count).toBe(before);
    act(() => store.change({ prior: { lambda: 3 } }));
    expect(compareRenders.count).toBe(before + 1);
  });

  it("the lab's panels are not rendered while the compare view is shown", () => {
    const { snapshots } = setup();
    snapshots(1);
    expect(screen.queryByTestId('core-panel')).not.toBeNull();
    fireEvent.click(screen.getByTestId('tab-compare'));
    expect(screen.queryByTestId('core-panel')).toBeNull();
    fireEvent.click(screen.getByTestId('tab-lab'));
    expect(screen.queryByTestId('core-panel')).not.toBeNull();
  });
});
