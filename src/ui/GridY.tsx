import type { ScaleContinuousNumeric } from 'd3-scale';

/** Horizontal grid lines with their labels at the left edge: the y axis every chart here shares. */
export function GridY({
  y,
  ticks,
  values,
  left,
  right,
  format,
  labelGap = 4,
}: {
  y: ScaleContinuousNumeric<number, number>;
  ticks: number;
  /** Lines at exactly these values instead of `ticks` round ones. */
  values?: readonly number[];
  left: number;
  right: number;
  format: (value: number) => string;
  labelGap?: number;
}) {
  return (
    <g className="axis-grid">
      {(values ?? y.ticks(ticks)).map((t) => (
        <g key={t}>
          <line x1={left} x2={right} y1={y(t)} y2={y(t)} />
          <text x={left - labelGap} y={y(t)} dy="0.32em" textAnchor="end">
            {format(t)}
          </text>
        </g>
      ))}
    </g>
  );
}
