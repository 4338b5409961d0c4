import { useEffect, useMemo, useRef } from 'react';
import { HEARTBEAT_CHARS, type SampleState } from '../../../../shared/connectivity';
import { useT } from '../../../hooks';
import { STATE_COLOR } from '../labels';

const STATE_OF_CHAR = new Map<string, SampleState>(Object.entries(HEARTBEAT_CHARS).map(([state, char]) => [char, state as SampleState]));
const TICK = 3;
const GAP = 1;

/**
 * The newest probes as coloured ticks, oldest on the left, drawn on one canvas: thousands of
 * platforms with dozens of ticks each would be hundreds of thousands of DOM nodes otherwise.
 * The backing store is scaled by devicePixelRatio so ticks stay sharp on HiDPI screens.
 */
export function HeartbeatBar({ heartbeat, width = 160, height = 18 }: { heartbeat: string; width?: number; height?: number }) {
  const t = useT();
  const canvas = useRef<HTMLCanvasElement>(null);
  // Only as many of the newest samples as fit; the bar is right-aligned so "now" is always at the edge.
  const visible = heartbeat.slice(-Math.floor((width + GAP) / (TICK + GAP)));

  useEffect(() => {
    const el = canvas.current;
    const ctx = el?.getContext('2d');
    if (!el || !ctx) return;
    const ratio = window.devicePixelRatio || 1;
    el.width = Math.round(width * ratio);
    el.height = Math.round(height * ratio);
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, width, height);
    const start = width - visible.length * (TICK + GAP) + GAP;
    for (let i = 0; i < visible.length; i++) {
      const state = STATE_OF_CHAR.get(visible[i]!) ?? 'unknown';
      ctx.fillStyle = STATE_COLOR[state];
      ctx.fillRect(start + i * (TICK + GAP), 0, TICK, height);
    }
  }, [visible, width, height]);

  const description = useMemo(() => {
    if (visible.length === 0) return t('conn.heartbeat.none');
    const tally = { up: 0, down: 0, unknown: 0, maintenance: 0 };
    for (const c of visible) tally[STATE_OF_CHAR.get(c) ?? 'unknown']++;
    return t('conn.heartbeat.label', { count: visible.length, ...tally });
  }, [visible, t]);

  return <canvas ref={canvas} role="img" aria-label={description} title={description} style={{ width, height, display: 'block' }} data-testid="heartbeat" />;
}
