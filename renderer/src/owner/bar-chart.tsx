// A bar chart in inline SVG (no library): one bar per label, its value written above it, readable when printed.
export type Bar = { label: string; value: number; text: string };

type Props = { title: string; bars: readonly Bar[]; testId?: string; height?: number };

export function BarChart({ title, bars, testId, height = 160 }: Props) {
  const max = Math.max(1, ...bars.map((b) => Math.abs(b.value)));
  const barWidth = 36;
  const gap = 10;
  const top = 18;
  const bottom = 22;
  const plot = height - top - bottom;
  const width = Math.max(1, bars.length) * (barWidth + gap) + gap;
  return (
    <figure className="chart" data-testid={testId}>
      <figcaption>{title}</figcaption>
      <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={title}>
        <line x1={0} x2={width} y1={top + plot} y2={top + plot} className="chart-axis" />
        {bars.map((b, i) => {
          const h = Math.round((Math.abs(b.value) / max) * plot);
          const x = gap + i * (barWidth + gap);
          const y = top + plot - h;
          return (
            <g key={b.label} data-testid="chart-bar" data-label={b.label} data-value={b.value}>
              <rect x={x} y={y} width={barWidth} height={Math.max(h, b.value === 0 ? 0 : 1)} className={b.value < 0 ? 'bar negative' : 'bar'} />
              <text x={x + barWidth / 2} y={y - 4} textAnchor="middle" className="bar-value">{b.text}</text>
              <text x={x + barWidth / 2} y={height - 6} textAnchor="middle" className="bar-label">{b.label}</text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
