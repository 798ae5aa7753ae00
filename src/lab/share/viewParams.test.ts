import { describe, expect, it } from 'vitest';
import { decodeConfig } from '../../engine/config/urlCodec';
import { shareQuery } from './shareLink';
import { parseViewParams, withViewParams } from './viewParams';

describe('view parameters in links (pace, text)', () => {
  it('reads slow mode and large text from a link, apart from the config', () => {
    const decoded = decodeConfig('v=2&data=spirals&pace=slow&text=large');
    expect(decoded.issues).toEqual([]);
    expect(parseViewParams(decoded.appParams)).toEqual({ pace: 'slow', text: 'large', issues: [] });
    expect(parseViewParams({})).toEqual({ pace: 'full', text: 'normal', issues: [] });
  });

  it('names bad values and falls back to full speed and normal text', () => {
    const view = parseViewParams({ pace: 'ludicrous', text: 'huge' });
    expect(view.pace).toBe('full');
    expect(view.text).toBe('normal');
    expect(view.issues).toEqual(['pace: "ludicrous" is not slow or full; using full speed', 'text: "huge" is not large or normal; using normal text']);
  });

  it('writes them into a share link only when they differ from the default, and they survive a round trip', () => {
    const config = decodeConfig('v=2&data=xor').config;
    const slowLarge = withViewParams({ hide: 'core' }, { pace: 'slow', text: 'large' });
    const link = shareQuery(config, slowLarge);
    expect(link).toContain('&pace=slow');
    expect(link).toContain('&text=large');
    expect(parseViewParams(decodeConfig(link).appParams)).toMatchObject({ pace: 'slow', text: 'large' });
    expect(withViewParams(slowLarge, { pace: 'full', text: 'normal' })).toEqual({ hide: 'core' });
  });
});
