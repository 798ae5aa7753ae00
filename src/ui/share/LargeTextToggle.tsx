import { useEffect } from 'react';
import type { TextSize } from '../../lab/share/viewParams';

/** The class on <html> that scales every panel's text up for a projector (styles.css, "Large text"). */
export const LARGE_TEXT_CLASS = 'large-text';

/** Large-text mode, for the back of a room: a toggle in the header, and `text=large` in the link. */
export function LargeTextToggle({ text, onChange }: { text: TextSize; onChange: (text: TextSize) => void }) {
  const large = text === 'large';
  useEffect(() => {
    document.documentElement.classList.toggle(LARGE_TEXT_CLASS, large);
  }, [large]);
  return (
    <button
      type="button"
      className={`btn ${large ? 'is-on' : ''}`}
      data-testid="large-text-button"
      aria-pressed={large}
      title="Large text, for a projector (the link keeps it)"
      onClick={() => onChange(large ? 'normal' : 'large')}
    >
      <span aria-hidden="true">A</span>
      <span className="large-a" aria-hidden="true">A</span>
      <span className="visually-hidden">Large text</span>
    </button>
  );
}
