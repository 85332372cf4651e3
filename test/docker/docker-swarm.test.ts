import { afterAll, beforeAll, describe, expect } from 'vitest';
import { ServerProcess } from '../helpers/cli.js';
import { engineApi, engineEnv } from '../helpers/docker-engine.js';
import { dockerEngine, itWithEngine, postAndCollect } from './engine.js';

const engine = dockerEngine();
const it = itWithEngine(engine);

interface ServiceInspect {
  ID: string;
  Spec: {
    Name: string;
    Labels?: Record<string, string>;
    Mode: { Replicated?: { Replicas: number } };
    TaskTemplate: { ForceUpdate?: number; ContainerSpec: { Command?: string[]; Labels?: Record<string, string> } };
  };
}

const CONFIG = `
server: { port: 0 }
endpoints:
  - /list:
      actions:
        - docker:
            $services:
              $list:
                filters: { name: '{{ request.json.service }}' }
            output: '{% for s in result %}{{ s.name }}#{{ s.id }}{% endfor %}'
  - /scale-from-template:
      actions:
        - docker:
            $services:
              $get:
                service_id: '{{ request.json.service }}'
            output: '{% set _ = context.set("service", result) %}{{ result.name }}'
        - eval:
            block: '{% set _ = context.service.scale(request.json.replicas) %}{% set _ = context.service.reload() %}replicas={{ context.service.attrs.Spec.Mode.Replicated.Replicas }}'
  - /swarm-restart:
      actions:
        - docker-swarm:
            $restart:
              service_id: '{{ request.json.service }}'
            output: >
              Service restarted: {{ result.name }}
  - /swarm-scale:
      actions:
        - docker-swarm:
            $scale:
              service_id: '{{ request.json.service }}'
              replicas: '{{ request.json.replicas }}'
  - /swarm-update:
      actions:
        - docker-swarm:
            $update:
              service_id: '{{ request.json.service }}'
              command: '{{ request.json.command }}'
              labels:
                label_1: 'sample'
                label_2: '{{ request.json.label }}'
  # four updates of different settings, sent at once: each must survive the others
  - /concurrent/labels:
      actions:
        - docker-swarm: { $update: { service_id: wp-service, labels: { concurrent: '{{ request.json.value }}' } } }
  - /concurrent/container_labels:
      actions:
        - docker-swarm: { $update: { service_id: wp-service, container_labels: { concurrent: '{{ request.json.value }}' } } }
  - /concurrent/env:
      actions:
        - docker-swarm: { $update: { service_id: wp-service, env: ['CONCURRENT={{ request.json.value }}'] } }
  - /concurrent/hostname:
      actions:
        - docker-swarm: { $update: { service_id: wp-service, hostname: '{{ request.json.value }}' } }
`;

describe('Swarm services: docker $services and the docker-swarm action', () => {
  let server: ServerProcess;
  let serviceId = '';
  const inspect = async () => (await engineApi(engine!.socketPath, 'GET', `/services/${serviceId}`)) as ServiceInspect;
  const post = (path: string, body: unknown = {}) => postAndCollect(server, path, body);

  beforeAll(async () => {
    if (!engine) return;
    const created = (await engineApi(engine.socketPath, 'POST', '/services/create', {
      Name: 'wp-service',
      TaskTemplate: {
        ContainerSpec: { Image: `${engine.images.repository}:1`, Command: ['sleep', '300'], Init: true, StopGracePeriod: 1_000_000_000 },
        Networks: [{ Target: 'host' }],
        RestartPolicy: { Condition: 'none' },
      },
      Mode: { Replicated: { Replicas: 1 } },
    })) as { ID: string };
    serviceId = created.ID;
    server = await ServerProcess.start(CONFIG, { env: engineEnv(engine) });
  });
  afterAll(async () => {
    await server?.stop();
    if (engine && serviceId) await engineApi(engine.socketPath, 'DELETE', `/services/${serviceId}`).catch(() => undefined);
  });

  it('$services.$list gives Service objects (upstream test_list_services_using_docker_action)', async () => {
    expect((await post('/list', { service: 'wp-service' })).lines).toEqual([`wp-service#${serviceId}`]);
  });

  it('service.scale(n) called from a template updates the service', async () => {
    const { status, lines } = await post('/scale-from-template', { service: 'wp-service', replicas: 2 });
    expect(status).toBe(200);
    expect(lines).toEqual(['wp-service', 'replicas=2']);
    expect((await inspect()).Spec.Mode.Replicated?.Replicas).toBe(2);
  });

  it('docker-swarm $restart force-updates the service and prints the deprecation notice', async () => {
    const before = (await inspect()).Spec.TaskTemplate.ForceUpdate ?? 0;
    const { status, lines, errors } = await post('/swarm-restart', { service: 'wp-service' });
    expect(status).toBe(200);
    expect(lines).toEqual(['Service restarted: wp-service']);
    expect((await inspect()).Spec.TaskTemplate.ForceUpdate).toBe((before + 1) % 100);
    expect(errors).toMatch(/The docker-swarm action is deprecated: use the docker action instead/);
    expect(server.stderr).toMatch(/deprecated/);
  });

  it('docker-swarm $scale takes a templated replica count', async () => {
    expect((await post('/swarm-scale', { service: serviceId, replicas: '3' })).status).toBe(200);
    expect((await inspect()).Spec.Mode.Replicated?.Replicas).toBe(3);
  });

  it('docker-swarm $update merges command and labels into the current spec', async () => {
    const { status, lines } = await post('/swarm-update', { service: 'wp-service', command: 'sleep 301', label: 'from-request' });
    expect(status).toBe(200);
    expect(lines[0]).toMatch(/^<Service: [0-9a-z]{10}>$/);
    const spec = (await inspect()).Spec;
    expect(spec.TaskTemplate.ContainerSpec.Command).toEqual(['sleep', '301']);
    expect(spec.Labels).toEqual({ label_1: 'sample', label_2: 'from-request' });
    // untouched settings stay
    expect(spec.Mode.Replicated?.Replicas).toBe(3);
  });

  it('concurrent updates re-inspect and retry on "update out of sequence": none is lost', async () => {
    const fields = ['labels', 'container_labels', 'env', 'hostname'];
    const results = await Promise.all(fields.map((field) => server.post(`/concurrent/${field}`, { value: `v-${field}` })));
    expect(results.map((r) => r.status)).toEqual(fields.map(() => 200));
    const spec = (await inspect()).Spec as ServiceInspect['Spec'] & { TaskTemplate: { ContainerSpec: { Env?: string[]; Hostname?: string } } };
    expect(spec.Labels?.concurrent).toBe('v-labels');
    expect(spec.TaskTemplate.ContainerSpec.Labels?.concurrent).toBe('v-container_labels');
    expect(spec.TaskTemplate.ContainerSpec.Env).toEqual(['CONCURRENT=v-env']);
    expect(spec.TaskTemplate.ContainerSpec.Hostname).toBe('v-hostname');
  });

  it('an unknown service is an action error with the engine message', async () => {
    const { status, errors } = await post('/swarm-scale', { service: 'no-such-service', replicas: 1 });
    expect(status).toBe(500);
    expect(errors).toMatch(/action 0 \(docker-swarm\) failed: .*service no-such-service not found \(HTTP 404\)/);
  });
});
