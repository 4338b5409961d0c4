import { Line, LineChart, YAxis } from 'recharts';

/** A year at a glance: no axes or labels, the card's number carries the reading. */
export function Sparkline({ values, color }: { values: Array<number | null>; color: string }) {
  const data = values.map((value, i) => ({ i, value }));
  if (values.every((v) => v === null)) return <div style={{ height: 32 }} />;
  return (
    <LineChart width={120} height={32} data={data} margin={{ top: 4, right: 2, bottom: 4, left: 2 }} aria-hidden>
      <YAxis hide domain={[0, 1]} />
      {/* Single measured months between gaps would be invisible as a line: dots show them. */}
      <Line type="monotone" dataKey="value" stroke={color} strokeWidth={1.5} dot={{ r: 1.5 }} connectNulls={false} isAnimationActive={false} />
    </LineChart>
  );
}
