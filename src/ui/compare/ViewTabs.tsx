export type MainView = 'lab' | 'compare';

/** The lab and the compare view: two tabs over the main area; the sidebar's settings serve both. */
export function ViewTabs({ view, onChange }: { view: MainView; onChange(view: MainView): void }) {
  const tabs: { id: MainView; label: string }[] = [
    { id: 'lab', label: 'Lab' },
    { id: 'compare', label: 'Compare & sweep' },
  ];
  return (
    <div className="view-tabs" role="tablist" aria-label="View">
      {tabs.map((tab) => (
        <button
          key={tab.id}
          type="button"
          role="tab"
          aria-selected={view === tab.id}
          className={`view-tab${view === tab.id ? ' view-tab-active' : ''}`}
          data-testid={`tab-${tab.id}`}
          onClick={() => onChange(tab.id)}
        >
          {tab.label}
        </button>
      ))}
    </div>
  );
}
