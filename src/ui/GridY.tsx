import type { ScaleLinear } from 'd3-scale';

/** Horizontal grid lines with their labels at the left edge: the y axis every chart here shares. */
export function GridY({
  y,
  ticks,
  left,
  right,
  format,
  labelGap = 4,
}: {
  y: ScaleLinear<number, number>;
  ticks: number;
  left: number;
  right: number;
  format: (value: number) => string;
  labelGap?: number;
}) {
  return (
    <g className="axis-grid">
      {y.ticks(ticks).map((t) => (
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
