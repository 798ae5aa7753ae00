import { max, min } from 'd3-array';
import { type ScaleContinuousNumeric, scaleLinear, scaleLog } from 'd3-scale';
import { line as lineGenerator } from 'd3-shape';
import type { ReactNode } from 'react';
import { isFiniteNumber } from './finite';
import { GridY } from './GridY';

/** One point of a series; a y that is null, NaN or infinite leaves a gap in the line. */
export interface XY {
  x: number;
  y: number | null;
}

export interface LineSeries {
  key: string;
  points: readonly XY[];
  color: string;
  dashed?: boolean;
  /** A lighter stroke, for paths through a plane rather than curves against step. */
  thin?: boolean;
  /** Dots on every placeable point, or on the last one only. */
  dots?: { on: 'every' | 'last'; r: number; testId?: string };
  testId?: string;
}

/** A vertical mark at x: across the plot's height ('line') or a short tick up from the x axis ('tick'). */
export interface XMarker {
  key: string;
  x: number;
  kind: 'line' | 'tick';
  className: string;
  /** Stroke colour; without one the class's CSS colours it. */
  color?: string;
  dashed?: boolean;
  label?: string;
  testId?: string;
}

export interface PlotAxis {
  domain: [number, number];
  /** Extend the domain to round values, aiming at this many ticks. */
  nice?: number;
  log?: boolean;
  ticks: number;
  /** Label exactly these values instead of `ticks` round ones. */
  tickValues?: readonly number[];
  format: (value: number) => string;
  /** Distance from the axis to the tick labels' baseline (x) or their right edge (y). */
  labelGap?: number;
  /** The axis's name: at the x axis's end or, with `centred`, under its middle; turned along the y axis. */
  title?: string;
  centred?: boolean;
}

export interface PlotFrame {
  width: number;
  height: number;
  margin: { top: number; right: number; bottom: number; left: number };
}

/** Everything a line plot shows, decided by its caller: the plot only draws it. */
export interface LinePlotModel {
  frame: PlotFrame;
  title?: string;
  /** A reading beside the title (the latest value, say). */
  value?: { text: string; testId?: string };
  x: PlotAxis;
  y: PlotAxis;
  series: readonly LineSeries[];
  markers?: readonly XMarker[];
  /** Said in the plot area when no series has anything to draw; each string is a line. */
  empty?: readonly string[];
  /** Tint the plot area (default true). */
  area?: boolean;
}

export interface PlotScales {
  x: ScaleContinuousNumeric<number, number>;
  y: ScaleContinuousNumeric<number, number>;
}

/** [min(0, smallest), largest] of the finite values, or [0, 1] without any: the domain most curves here fit. */
export function fitDomain(values: Iterable<number | null>): [number, number] {
  const finite = [...values].filter(isFiniteNumber);
  return [Math.min(0, min(finite) ?? 0), Math.max(max(finite) ?? 1, 1e-6)];
}

export function plotScales({ frame, x, y }: Pick<LinePlotModel, 'frame' | 'x' | 'y'>): PlotScales {
  const { width, height, margin } = frame;
  return {
    x: axisScale(x, [margin.left, width - margin.right]),
    y: axisScale(y, [height - margin.bottom, margin.top]),
  };
}

function axisScale(axis: PlotAxis, range: [number, number]): ScaleContinuousNumeric<number, number> {
  const scale = axis.log ? scaleLog().domain(axis.domain) : scaleLinear().domain(axis.domain);
  if (axis.nice !== undefined) scale.nice(axis.nice);
  return scale.range(range);
}

/** Whether a series shows anything: a segment between two placeable points, or a dot. */
export function drawsSomething(series: LineSeries): boolean {
  const placeable = series.points.map((p) => isFiniteNumber(p.y));
  if (series.dots && placeable.some(Boolean)) return true;
  return placeable.some((ok, i) => ok && placeable[i + 1]);
}

/**
 * The one line chart of the app: frame, title, y grid, x axis, a path per series (broken where a value
 * is missing), markers, and a sentence when there is nothing to draw. Drawn into the caller's <svg> or
 * <g>; `children` draw on top with the plot's scales.
 */
export function LinePlot({ model, children }: { model: LinePlotModel; children?: (scales: PlotScales) => ReactNode }) {
  const { frame, x: xAxis, y: yAxis } = model;
  const { width: W, height: H, margin: M } = frame;
  const { x, y } = plotScales(model);
  const [x0, x1] = x.domain();
  const isEmpty = model.empty !== undefined && !model.series.some(drawsSomething);
  const xGap = xAxis.labelGap ?? 13;
  return (
    <>
      {(model.area ?? true) && <rect data-testid="plot-area" className="plot-area" x={M.left} y={M.top} width={W - M.left - M.right} height={H - M.top - M.bottom} />}
      {model.title !== undefined && (
        <text className="multiple-title" x={M.left} y={M.top - 10}>
          {model.title}
          {model.value && (
            <tspan className="multiple-value" dx={6} data-testid={model.value.testId}>
              {model.value.text}
            </tspan>
          )}
        </text>
      )}
      <GridY y={y} ticks={yAxis.ticks} values={yAxis.tickValues} left={M.left} right={W - M.right} format={yAxis.format} labelGap={yAxis.labelGap} />
      {yAxis.title && (
        <text className="axis-label" transform={`translate(14,${(M.top + H - M.bottom) / 2}) rotate(-90)`} textAnchor="middle">
          {yAxis.title}
        </text>
      )}
      <g className="axis-x">
        {(xAxis.tickValues ?? x.ticks(xAxis.ticks)).map((t) => (
          <text key={t} x={x(t)} y={H - M.bottom + xGap} textAnchor="middle">
            {xAxis.format(t)}
          </text>
        ))}
        {xAxis.title &&
          (xAxis.centred ? (
            <text x={(M.left + W - M.right) / 2} y={H - 6} textAnchor="middle" className="axis-label">
              {xAxis.title}
            </text>
          ) : (
            <text x={W - M.right} y={H - 3} textAnchor="end">
              {xAxis.title}
            </text>
          ))}
      </g>
      {model.markers
        ?.filter((m) => m.x >= x0 && m.x <= x1)
        .map((m) => (
          <g key={m.key} className={m.className}>
            <line
              data-testid={m.testId}
              x1={x(m.x)}
              x2={x(m.x)}
              y1={m.kind === 'line' ? M.top - 4 : H - M.bottom}
              y2={m.kind === 'line' ? H - M.bottom : H - M.bottom - 8}
              stroke={m.color}
              strokeDasharray={m.dashed ? '4 3' : undefined}
            />
            {m.label && (
              <text x={x(m.x) + 3} y={M.top + 6}>
                {m.label}
              </text>
            )}
          </g>
        ))}
      {model.series.map((s) => (
        <Series key={s.key} series={s} scales={{ x, y }} />
      ))}
      {isEmpty && (
        <text className="plot-empty" data-testid="plot-empty" x={(M.left + W - M.right) / 2} y={(M.top + H - M.bottom) / 2} textAnchor="middle">
          {model.empty?.map((line, i) => (
            <tspan key={i} x={(M.left + W - M.right) / 2} dy={i === 0 ? `${-0.6 * ((model.empty?.length ?? 1) - 1)}em` : '1.2em'}>
              {line}
            </tspan>
          ))}
        </text>
      )}
      {children?.({ x, y })}
    </>
  );
}

function Series({ series: s, scales: { x, y } }: { series: LineSeries; scales: PlotScales }) {
  const line = lineGenerator<XY>()
    .defined((p) => isFiniteNumber(p.y))
    .x((p) => x(p.x))
    .y((p) => y(p.y as number));
  const placeable = s.points.filter((p) => isFiniteNumber(p.y));
  const dotted = s.dots?.on === 'last' ? placeable.slice(-1) : s.dots ? placeable : [];
  return (
    <>
      <path
        data-testid={s.testId}
        className={s.thin ? 'series series-thin' : 'series'}
        d={line(s.points) ?? ''}
        stroke={s.color}
        strokeDasharray={s.dashed ? '4 3' : undefined}
      />
      {dotted.map((p, i) => (
        <circle key={i} data-testid={s.dots?.testId} cx={x(p.x)} cy={y(p.y as number)} r={s.dots?.r} fill={s.color} />
      ))}
    </>
  );
}
