import { Counter, Histogram, Registry, type RegistryContentType } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { RequestSeries } from '../../adapters/node-platform/request-series.js';
import { DEFAULT_BUCKETS, HTTP_REQUEST_DURATION, HTTP_REQUESTS } from '../../src/metrics/builtin-series.js';

// the request series are counted without prom-client's Counter and Histogram (one map lookup per
// request); a scrape must read exactly as those would have written it, in both exposition formats
const OBSERVATIONS: [method: string, route: string, status: number, seconds: number][] = [
  ['POST', '/github', 200, 0.003],
  ['POST', '/github', 200, 0.2],
  ['GET', '', 404, 12],
  ['POST', '/a"quoted\\route', 500, 0.005],
  ['POST', '/github', 200, 0.1],
];

describe('the request series', () => {
  for (const contentType of [Registry.PROMETHEUS_CONTENT_TYPE, Registry.OPENMETRICS_CONTENT_TYPE]) {
    it(`scrape as prom-client's Counter and Histogram would (${contentType.split(';')[0]})`, async () => {
      const reference = new Registry<RegistryContentType>();
      const ours = new Registry<RegistryContentType>();
      reference.setContentType(contentType);
      ours.setContentType(contentType);
      const counter = new Counter({ ...HTTP_REQUESTS, labelNames: [...HTTP_REQUESTS.labelNames], registers: [reference] });
      const histogram = new Histogram({ ...HTTP_REQUEST_DURATION, labelNames: [...HTTP_REQUEST_DURATION.labelNames], buckets: [...DEFAULT_BUCKETS], registers: [reference] });
      const series = new RequestSeries(HTTP_REQUESTS, HTTP_REQUEST_DURATION, DEFAULT_BUCKETS, ours);
      for (const [method, route, status, seconds] of OBSERVATIONS) {
        counter.inc({ method, route, status: String(status) });
        histogram.observe({ method, route, status: String(status) }, seconds);
        series.observe(method, route, status, seconds);
      }
      const expected = await reference.metrics();
      expect(expected).toContain('webhook_proxy_http_request_duration_seconds_bucket{le="0.25",method="POST",route="/github",status="200"} 3');
      expect(await ours.metrics()).toBe(expected);
    });
  }
});
