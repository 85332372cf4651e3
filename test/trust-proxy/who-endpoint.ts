import { expect } from 'vitest';

/** A config whose /who endpoint prints the client address it took, with `server.trust_proxy` set when given. */
export const whoConfig = (trust: string) => `
server: { port: 0${trust ? `, trust_proxy: ${trust}` : ''} }
endpoints:
  - /who:
      actions:
        - log: { message: 'addr={{ request.remote_addr }}' }
`;

/** What both test tiers' servers offer for this: the built CLI's ServerProcess and the in-process one. */
interface WhoServer {
  readonly stdout: string;
  readonly stderr: string;
  post(path: string, body: unknown, headers: Record<string, string>): Promise<unknown>;
  linesSince(mark: number): string[];
}

/** The address the server took for a request with these headers: in the template and on the access line, the same. */
export async function clientOf(server: WhoServer, headers: Record<string, string>): Promise<string> {
  const id = `t${Math.random().toString(36).slice(2)}`;
  const mark = server.stdout.length;
  await server.post('/who', undefined, { ...headers, 'X-Request-Id': id });
  const [printed] = server.linesSince(mark);
  const access = server.stderr.split('\n').find((line) => line.endsWith(`[${id}]`)) ?? '';
  const logged = access.split(' ')[0];
  expect(printed).toBe(`addr=${logged}`);
  return logged!;
}
