import { useEffect, useState } from 'react';

/** Copies the address bar, which always holds the experiment; shows the link if the clipboard refuses. */
export function CopyLinkButton({ link = () => window.location.href }: { link?: () => string }) {
  const [state, setState] = useState<'idle' | 'copied' | { failed: string }>('idle');
  useEffect(() => {
    if (state !== 'copied') return;
    const t = setTimeout(() => setState('idle'), 2000);
    return () => clearTimeout(t);
  }, [state]);

  const copy = async () => {
    const text = link();
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      setState({ failed: text });
    }
  };

  return (
    <div className="copy-link">
      <button type="button" className="btn" data-testid="copy-link-button" onClick={() => void copy()} title="Copy a link to this experiment">
        {state === 'copied' ? 'Link copied ✓' : 'Copy link'}
      </button>
      {typeof state === 'object' && (
        <div className="copy-fallback" role="alert">
          <span>The clipboard is not available here; copy the link yourself:</span>
          <input readOnly value={state.failed} aria-label="Link to this experiment" onFocus={(e) => e.currentTarget.select()} autoFocus />
          <button type="button" className="btn link" onClick={() => setState('idle')}>
            close
          </button>
        </div>
      )}
    </div>
  );
}
