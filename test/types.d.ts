// Types for test-only packages that ship none.
declare module 'parse-prometheus-text-format' {
  interface Metric {
    labels?: Record<string, string>;
    value?: string;
    buckets?: Record<string, string>;
    count?: string;
    sum?: string;
  }
  export default function parsePrometheusTextFormat(text: string): Array<{ name: string; help: string; type: string; metrics: Metric[] }>;
}
