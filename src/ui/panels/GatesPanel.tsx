import { memo, useEffect, useMemo, useRef, useState } from 'react';
import type { GateLayerView } from '../../engine/training/snapshot';
import { LINEAR_MARK_COLOR, strengthColor } from '../colors';
import { formatPercent } from '../format';
import { viewModelsEqual } from '../equality';
import { channelAt, gateRows, type GateRow } from './gatesModel';

export interface GatesPanelProps {
  gates: GateLayerView[];
  eps: number;
}

const CELL_PX = 8;
const ROW_PX = 16;

/** Which cell the pointer is on; its slope is read from the latest snapshot, so it stays live. */
interface Hover {
  row: number;
  channel: number;
}

/** Layers x channels heatmap of gate slopes. */
export const GatesPanel = memo(function GatesPanel({ gates, eps }: GatesPanelProps) {
  const rows = useMemo(() => gateRows(gates, eps), [gates, eps]);
  const [hover, setHover] = useState<Hover | null>(null);
  const maxChannels = Math.max(1, ...rows.map((r) => r.cells.length));
  const hovered = hover ? rows[hover.row]?.cells[hover.channel] : undefined;

  return (
    <div className="gates" data-testid="gates-panel" onMouseLeave={() => setHover(null)}>
      <GatesLegend eps={eps} />
      <div className="gates-rows">
        {rows.length === 0 && <p className="empty">No gated layers yet.</p>}
        {rows.map((row, i) => (
          <div className="gates-row" key={`${row.name}-${i}`} data-testid={`gates-row-${i}`}>
            <span className="gates-name" title={row.name}>
              {row.name}
            </span>
            <div className="gates-cells">
              <GateRowCanvas
                row={row}
                widthFraction={row.cells.length / maxChannels}
                selected={hover?.row === i ? hover.channel : null}
                onHover={(channel) => setHover(channel === null ? null : { row: i, channel })}
              />
            </div>
            <span
              className="gates-fraction"
              data-testid={`gates-fraction-${i}`}
              title={`${row.nonlinearCount} of ${row.cells.length} channels nonlinear`}
            >
              {formatPercent(row.fractionNonlinear)}
              <small> {row.nonlinearCount}/{row.cells.length}</small>
            </span>
          </div>
        ))}
      </div>
      <div className="gates-tooltip" role="status" aria-live="polite" data-testid="gates-tooltip">
        {hover && hovered
          ? `${rows[hover.row].name} · channel ${hover.channel} · slope a = ${hovered.slope.toFixed(3)}${
              hovered.linear ? ' (counts as linear)' : ''
            }`
          : 'Hover a cell, or tab to a layer and use the arrow keys, for its layer, channel and slope.'}
      </div>
    </div>
  );
}, viewModelsEqual);

function GateRowCanvas({
  row,
  widthFraction,
  selected,
  onHover,
}: {
  row: GateRow;
  widthFraction: number;
  /** The channel whose details show (pointer or keyboard), if in this row. */
  selected: number | null;
  onHover: (channel: number | null) => void;
}) {
  const ref = useRef<HTMLCanvasElement>(null);
  const n = row.cells.length;

  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx) return;
    ctx.clearRect(0, 0, n * CELL_PX, ROW_PX);
    for (const cell of row.cells) {
      const x = cell.channel * CELL_PX;
      ctx.fillStyle = cell.color;
      ctx.fillRect(x, 0, CELL_PX - (n > 128 ? 0 : 1), ROW_PX);
      if (cell.linear) {
        // A slash through the cell: linear channels read as "switched off" even in greyscale.
        ctx.strokeStyle = LINEAR_MARK_COLOR;
        ctx.lineWidth = 1;
        ctx.beginPath();
        ctx.moveTo(x + 1, ROW_PX - 2);
        ctx.lineTo(x + CELL_PX - 2, 2);
        ctx.stroke();
      }
    }
  }, [row, n]);

  return (
    <canvas
      ref={ref}
      width={Math.max(1, n * CELL_PX)}
      height={ROW_PX}
      style={{ width: `${widthFraction * 100}%` }}
      // Keyboard: each layer is one tab stop; the arrow keys (Home, End) pick a channel, whose details the status line reads out.
      tabIndex={0}
      role="slider"
      aria-label={`${row.name}: ${row.nonlinearCount} of ${n} channels nonlinear; arrow keys pick a channel`}
      aria-valuemin={0}
      aria-valuemax={Math.max(0, n - 1)}
      aria-valuenow={selected ?? 0}
      aria-valuetext={selected === null ? 'no channel picked' : `channel ${selected}, slope a = ${row.cells[selected]?.slope.toFixed(3)}`}
      onFocus={() => onHover(selected ?? 0)}
      onBlur={() => onHover(null)}
      onKeyDown={(e) => {
        const at = selected ?? 0;
        const next =
          e.key === 'ArrowRight' || e.key === 'ArrowUp' ? Math.min(n - 1, at + 1)
          : e.key === 'ArrowLeft' || e.key === 'ArrowDown' ? Math.max(0, at - 1)
          : e.key === 'PageUp' ? Math.min(n - 1, at + 10)
          : e.key === 'PageDown' ? Math.max(0, at - 10)
          : e.key === 'Home' ? 0
          : e.key === 'End' ? n - 1
          : null;
        if (next === null) return;
        e.preventDefault();
        onHover(next);
      }}
      onMouseMove={(e) => {
        const rect = e.currentTarget.getBoundingClientRect();
        onHover(channelAt(e.clientX - rect.left, rect.width, n));
      }}
      onMouseLeave={() => onHover(null)}
    />
  );
}

function GatesLegend({ eps }: { eps: number }) {
  const stops = [0, 0.25, 0.5, 0.75, 1].map((t) => `${strengthColor(1 - t)} ${t * 100}%`).join(', ');
  return (
    <div className="legend gates-legend" aria-label="Colour legend">
      <span>ReLU a=0</span>
      <span className="legend-ramp" style={{ background: `linear-gradient(90deg, ${stops})` }} />
      <span>a→1</span>
      <span className="legend-item">
        <span className="legend-linear" aria-hidden="true" /> linear: a ≥ 1−ε (ε = {eps})
      </span>
    </div>
  );
}
