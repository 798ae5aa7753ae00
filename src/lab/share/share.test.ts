// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultConfig } from '../../engine/config/defaults';
import { decodeConfig } from '../../engine/config/urlCodec';
import { AddressBarSync } from './addressBar';
import { parseHideParam } from './hideParam';
import { backendComparison, shareQuery } from './shareLink';

describe('address bar history', () => {
  let sync: AddressBarSync | null = null;
  afterEach(() => {
    sync?.dispose();
    window.history.replaceState(null, '', '/');
  });

  it('commits a structural change, makes one entry per drag, and replaces while dragging', () => {
    sync = new AddressBarSync(window);
    const push = vi.spyOn(window.history, 'pushState');
    const replace = vi.spyOn(window.history, 'replaceState');
    sync.update('v=1&data=xor', 'load');
    expect(push).toHaveBeenCalledTimes(1);
    sync.update('v=1&data=xor&lambda=1', 'live');
    sync.update('v=1&data=xor&lambda=2', 'live');
    sync.update('v=1&data=xor&lambda=3', 'live');
    expect(push).toHaveBeenCalledTimes(2);
    expect(replace).toHaveBeenCalledTimes(2);
    window.dispatchEvent(new Event('pointerup'));
    sync.update('v=1&data=xor&lambda=4', 'live');
    expect(push).toHaveBeenCalledTimes(3);
    expect(window.location.search).toBe('?v=1&data=xor&lambda=4');
    sync.update('v=1&data=xor&lambda=4', 'load');
    expect(push).toHaveBeenCalledTimes(3); // same address: no new entry
  });

  it('hands the address back on back/forward', () => {
    sync = new AddressBarSync(window);
    const seen: string[] = [];
    sync.onNavigate((search) => seen.push(search));
    window.history.replaceState(null, '', '/?v=1&data=circles');
    window.dispatchEvent(new PopStateEvent('popstate'));
    expect(seen).toEqual(['?v=1&data=circles']);
    expect(decodeConfig(seen[0]).config.dataset.kind).toBe('circles');
  });
});

describe('share links', () => {
  it('keep app parameters after the config and decode back to the same config', () => {
    const config = { ...defaultConfig(), name: 'a & b', prior: { ...defaultConfig().prior, lambda: 3 } };
    const query = shareQuery(config, { madeon: 'wasm', hide: 'curves,core' });
    const decoded = decodeConfig(query);
    expect(decoded.config).toEqual(config);
    expect(decoded.issues).toEqual([]);
    expect(decoded.appParams).toEqual({ madeon: 'wasm', hide: 'curves,core' });
  });

  it('say whether the backend differs from the one the link was made on', () => {
    expect(backendComparison('wasm', 'wasm')?.same).toBe(true);
    expect(backendComparison('webgl', 'wasm')).toMatchObject({ same: false });
    expect(backendComparison('webgl', 'wasm')?.text).toMatch(/made on webgl.*runs on wasm/);
    expect(backendComparison(null, 'wasm')).toBeNull();
  });

  it('hide names known parts and reports unknown ones', () => {
    const { hidden, issues } = parseHideParam('curves, core,architecture,data,wings');
    expect([...hidden].sort()).toEqual(['architecture', 'core', 'curves', 'data']);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatch(/"wings" is not a part of the lab/);
  });
});
