import type { ScaleLinear } from 'd3-scale';
import type { ReactNode } from 'react';

/** Tick labels under a chart, centred on their ticks; children add the axis's own labels (a unit, a title). */
export function AxisX({
  x,
  ticks,
  y,
  format,
  children,
}: {
  x: ScaleLinear<number, number>;
  ticks: number;
  /** Baseline of the tick labels. */
  y: number;
  format: (value: number) => string;
  children?: ReactNode;
}) {
  return (
    <g className="axis-x">
      {x.ticks(ticks).map((t) => (
        <text key={t} x={x(t)} y={y} textAnchor="middle">
          {format(t)}
        </text>
      ))}
      {children}
    </g>
  );
}
