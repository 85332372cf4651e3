// One Lambda cold start, in a fresh process: import the built bundle, answer one Function URL
// (payload 2.0) event, print the timings as one marked JSON line. argv: bundle path, body file, headers JSON, path.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const [bundle, bodyFile, headersJson, path] = process.argv.slice(2);
const body = readFileSync(bodyFile);
const headers = Object.fromEntries(Object.entries(JSON.parse(headersJson)).map(([name, value]) => [name.toLowerCase(), value]));
const now = new Date();
const event = {
  version: '2.0',
  routeKey: '$default',
  rawPath: path,
  rawQueryString: '',
  headers: { ...headers, host: 'bench.lambda-url.us-east-1.on.aws', 'content-length': String(body.length) },
  requestContext: {
    accountId: 'anonymous',
    apiId: 'bench',
    domainName: 'bench.lambda-url.us-east-1.on.aws',
    domainPrefix: 'bench',
    http: { method: 'POST', path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: headers['user-agent'] ?? 'bench' },
    requestId: 'bench-request',
    routeKey: '$default',
    stage: '$default',
    time: now.toISOString(),
    timeEpoch: now.getTime(),
  },
  body: body.toString('base64'),
  isBase64Encoded: true,
};
const context = {
  awsRequestId: 'bench-request',
  functionName: 'webhook-proxy-bench',
  functionVersion: '$LATEST',
  callbackWaitsForEmptyEventLoop: true,
  getRemainingTimeInMillis: () => 30_000,
};

const beforeImport = performance.now();
const { handler } = await import(pathToFileURL(bundle).href);
const imported = performance.now();
const response = await handler(event, context);
const answered = performance.now();
// marked: the handler's own log lines share stdout
process.stdout.write(
  `COLDSTART ${JSON.stringify({
    importMs: imported - beforeImport,
    firstAnswerMs: answered - imported,
    coldStartMs: answered - beforeImport,
    sinceProcessStartMs: answered,
    statusCode: response?.statusCode,
  })}\n`,
);
