// A small Prometheus registry: counters and histograms with labels, rendered in the text exposition format.

type Labels = Record<string, string>;

const DEFAULT_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

function labelText(labels: Labels): string {
  const parts = Object.entries(labels).map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`);
  return parts.length === 0 ? '' : `{${parts.join(',')}}`;
}

export type Counter = { inc(labels?: Labels, by?: number): void };
export type Histogram = { observe(seconds: number, labels?: Labels): void };
export type Gauge = { set(value: number, labels?: Labels): void; inc(labels?: Labels): void; dec(labels?: Labels): void };

export type Metrics = {
  counter(name: string, help: string): Counter;
  histogram(name: string, help: string, buckets?: number[]): Histogram;
  gauge(name: string, help: string): Gauge;
  render(): string;
};

type Series = { kind: 'counter' | 'gauge' | 'histogram'; help: string; render: () => string[] };

export function createMetrics(): Metrics {
  const series = new Map<string, Series>();

  function valueSeries(name: string, help: string, kind: 'counter' | 'gauge') {
    const values = new Map<string, { labels: Labels; value: number }>();
    series.set(name, { kind, help, render: () => [...values.values()].map((v) => `${name}${labelText(v.labels)} ${v.value}`) });
    return (labels: Labels, update: (old: number) => number) => {
      const key = labelText(labels);
      const cur = values.get(key) ?? { labels, value: 0 };
      cur.value = update(cur.value);
      values.set(key, cur);
    };
  }

  return {
    counter(name, help) {
      const update = valueSeries(name, help, 'counter');
      return { inc: (labels = {}, by = 1) => update(labels, (v) => v + by) };
    },
    gauge(name, help) {
      const update = valueSeries(name, help, 'gauge');
      return {
        set: (value, labels = {}) => update(labels, () => value),
        inc: (labels = {}) => update(labels, (v) => v + 1),
        dec: (labels = {}) => update(labels, (v) => v - 1),
      };
    },
    histogram(name, help, buckets = DEFAULT_BUCKETS) {
      const data = new Map<string, { labels: Labels; counts: number[]; sum: number; count: number }>();
      series.set(name, {
        kind: 'histogram',
        help,
        render: () =>
          [...data.values()].flatMap((h) => [
            ...buckets.map((b, i) => `${name}_bucket${labelText({ ...h.labels, le: String(b) })} ${h.counts[i]}`),
            `${name}_bucket${labelText({ ...h.labels, le: '+Inf' })} ${h.count}`,
            `${name}_sum${labelText(h.labels)} ${h.sum}`,
            `${name}_count${labelText(h.labels)} ${h.count}`,
          ]),
      });
      return {
        observe(seconds, labels = {}) {
          const key = labelText(labels);
          let h = data.get(key);
          if (!h) {
            h = { labels, counts: buckets.map(() => 0), sum: 0, count: 0 };
            data.set(key, h);
          }
          buckets.forEach((b, i) => {
            if (seconds <= b) h.counts[i] = (h.counts[i] ?? 0) + 1;
          });
          h.sum += seconds;
          h.count += 1;
        },
      };
    },
    render() {
      const lines: string[] = [];
      for (const [name, s] of series) {
        lines.push(`# HELP ${name} ${s.help}`, `# TYPE ${name} ${s.kind}`, ...s.render());
      }
      return `${lines.join('\n')}\n`;
    },
  };
}

/** The service's own series, created once per app. */
export function serviceMetrics(metrics: Metrics) {
  return {
    requests: metrics.counter('stalela_http_requests_total', 'HTTP requests answered, by method, route and status.'),
    requestSeconds: metrics.histogram('stalela_http_request_duration_seconds', 'HTTP request latency, by route.'),
    sealed: metrics.counter('stalela_invoices_sealed_total', 'Invoices sealed (new seals, not replays).'),
    replays: metrics.counter('stalela_idempotent_replays_total', 'Seal requests answered from the idempotency record.'),
    refused: metrics.counter('stalela_seal_refusals_total', 'Seal requests refused, by reason code.'),
    sealSeconds: metrics.histogram('stalela_seal_duration_seconds', 'Time from a valid draft to its durable commit.'),
    clock: metrics.counter('stalela_clock_anomalies_total', 'Clock anomalies seen while sealing, by kind.'),
    inflight: metrics.gauge('stalela_seals_in_flight', 'Seals started and not yet answered.'),
    commits: metrics.gauge('stalela_store_commits', 'Durable commits since start (group commit: several writes share one).'),
    committedJobs: metrics.gauge('stalela_store_committed_jobs', 'Write jobs carried by those commits.'),
  };
}
export type ServiceMetrics = ReturnType<typeof serviceMetrics>;
