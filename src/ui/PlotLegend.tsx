/** One entry of a chart's legend: a run or series by its colour, a dashed or tick mark, or a note. */
export interface LegendItem {
  key: string;
  label: string;
  kind: 'swatch' | 'dash' | 'tick' | 'note';
  color?: string;
  muted?: boolean;
  testId?: string;
}

/** The key under a line chart (or a row of them), in the swatches the charts draw with. */
export function PlotLegend({ items, testId }: { items: readonly LegendItem[]; testId?: string }) {
  return (
    <div className="legend" data-testid={testId}>
      {items.map((item) => (
        <span key={item.key} className={item.muted ? 'legend-item muted' : 'legend-item'} data-testid={item.testId}>
          {item.kind === 'swatch' && <span className="swatch" style={{ background: item.color }} />}
          {item.kind === 'dash' && <span className="swatch swatch-dash" style={{ borderColor: item.color }} />}
          {item.kind === 'tick' && <span className="swatch swatch-tick" />}
          {item.kind === 'note' ? item.label : ` ${item.label}`}
        </span>
      ))}
    </div>
  );
}
