import { useRef, type KeyboardEvent } from 'react';

export type MainView = 'lab' | 'compare';

const TABS: { id: MainView; label: string }[] = [
  { id: 'lab', label: 'Lab' },
  { id: 'compare', label: 'Compare & sweep' },
];

/**
 * The lab and the compare view: two tabs over the main area; the sidebar's settings serve both.
 * Keyboard as in the WAI-ARIA tabs pattern: one tab stop, arrow keys (and Home / End) move and select.
 * `marks` puts a short note on a tab (e.g. a sweep cut short by a reload, which the lab's tab would hide).
 */
export function ViewTabs({ view, onChange, marks = {} }: { view: MainView; onChange: (view: MainView) => void; marks?: Partial<Record<MainView, string>> }) {
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  const onKeyDown = (e: KeyboardEvent<HTMLButtonElement>, index: number) => {
    const last = TABS.length - 1;
    const next =
      e.key === 'ArrowRight' ? (index === last ? 0 : index + 1)
      : e.key === 'ArrowLeft' ? (index === 0 ? last : index - 1)
      : e.key === 'Home' ? 0
      : e.key === 'End' ? last
      : null;
    if (next === null) return;
    e.preventDefault();
    onChange(TABS[next].id);
    refs.current[next]?.focus();
  };
  return (
    <div className="view-tabs" role="tablist" aria-label="View">
      {TABS.map((tab, i) => (
        <button
          key={tab.id}
          ref={(el) => {
            refs.current[i] = el;
          }}
          type="button"
          role="tab"
          id={`tab-${tab.id}`}
          aria-selected={view === tab.id}
          tabIndex={view === tab.id ? 0 : -1}
          className={`view-tab${view === tab.id ? ' view-tab-active' : ''}`}
          data-testid={`tab-${tab.id}`}
          onClick={() => onChange(tab.id)}
          onKeyDown={(e) => onKeyDown(e, i)}
        >
          {tab.label}
          {marks[tab.id] && <span className="view-tab-mark">{marks[tab.id]}</span>}
        </button>
      ))}
    </div>
  );
}
