import { describe, expect, it } from 'vitest';
import { findOwnContainerId } from '../../adapters/node/own-container-id.js';
import { dockerCli } from '../helpers/docker-engine.js';
import { dockerEngine, itWithEngine } from './engine.js';

const ID = '3f1c9e2b7a4d8c6e5f0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6a';
const OTHER = 'ab'.repeat(32);

const files = (cgroup?: string, mountinfo?: string) => (path: string) => (path === '/proc/self/cgroup' ? cgroup : path === '/proc/self/mountinfo' ? mountinfo : undefined);

// as found in a container under cgroup v1 with the cgroupfs driver
const CGROUP_V1 = `12:pids:/docker/${ID}
11:hugetlb:/docker/${ID}
10:net_cls,net_prio:/docker/${ID}
9:memory:/docker/${ID}
8:cpu,cpuacct:/docker/${ID}
7:blkio:/docker/${ID}
6:devices:/docker/${ID}
5:freezer:/docker/${ID}
4:perf_event:/docker/${ID}
3:cpuset:/docker/${ID}
2:rdma:/
1:name=systemd:/docker/${ID}
0::/system.slice/containerd.service
`;

// cgroup v2: /proc/self/cgroup says only "0::/"; the id is in the container's own bind mounts
const CGROUP_V2 = '0::/\n';
const MOUNTINFO_V2 = `1171 1045 0:171 / / rw,relatime master:402 - overlay overlay rw,lowerdir=/var/lib/docker/overlay2/l/5XKJ:/var/lib/docker/overlay2/l/Q2ZC,upperdir=/var/lib/docker/overlay2/7d1e/diff,workdir=/var/lib/docker/overlay2/7d1e/work
1172 1171 0:174 / /proc rw,nosuid,nodev,noexec,relatime - proc proc rw
1173 1171 0:175 / /dev rw,nosuid - tmpfs tmpfs rw,size=65536k,mode=755,inode64
1178 1171 0:26 / /sys/fs/cgroup ro,nosuid,nodev,noexec,relatime - cgroup2 cgroup rw,nsdelegate,memory_recursiveprot
1180 1171 254:1 /var/lib/docker/containers/${ID}/resolv.conf /etc/resolv.conf rw,relatime - ext4 /dev/vda1 rw,discard,errors=remount-ro
1181 1171 254:1 /var/lib/docker/containers/${ID}/hostname /etc/hostname rw,relatime - ext4 /dev/vda1 rw,discard,errors=remount-ro
1182 1171 254:1 /var/lib/docker/containers/${ID}/hosts /etc/hosts rw,relatime - ext4 /dev/vda1 rw,discard,errors=remount-ro
`;

describe('own_container_id from cgroup files', () => {
  it('cgroup v1 (cgroupfs driver): the id ending the docker lines', () => {
    expect(findOwnContainerId(files(CGROUP_V1, ''))).toBe(ID);
  });

  it('cgroup v1 (systemd driver): docker-<id>.scope', () => {
    expect(findOwnContainerId(files(`1:name=systemd:/system.slice/docker-${ID}.scope\n0::/system.slice/docker-${ID}.scope\n`))).toBe(ID);
  });

  it('cgroup v1 with a custom cgroup parent', () => {
    expect(findOwnContainerId(files(`4:memory:/system.slice/docker.service/custom-cgroup/${ID}\n`))).toBe(ID);
  });

  it('cgroup v2: from the container folder its hostname/hosts files are mounted from', () => {
    expect(findOwnContainerId(files(CGROUP_V2, MOUNTINFO_V2))).toBe(ID);
  });

  it('cgroup v2 with a non-default data root (as under this test engine)', () => {
    expect(findOwnContainerId(files(CGROUP_V2, `1181 1171 254:1 /srv/docker-data/containers/${ID}/hostname /etc/hostname rw - ext4 /dev/vda1 rw\n`))).toBe(ID);
  });

  it('not in a container: None', () => {
    const host = `1171 1 254:1 / / rw,relatime shared:1 - ext4 /dev/vda1 rw\n1180 1171 254:1 /var/lib/docker/volumes/${OTHER}/_data /data rw - ext4 /dev/vda1 rw\n`;
    expect(findOwnContainerId(files('0::/user.slice/user-1000.slice/session-2.scope\n', host))).toBeNull();
    expect(findOwnContainerId(files('12:pids:/user.slice/user-1000.slice\n1:name=systemd:/user.slice\n', ''))).toBeNull();
    expect(findOwnContainerId(files(undefined, undefined))).toBeNull();
  });
});

const engine = dockerEngine();

describe('own_container_id inside a real container', () => {
  itWithEngine(engine)("reads the container's own id from its /proc files", async () => {
    const e = engine!;
    const name = 'wp-own-id';
    const id = (await dockerCli(e, ['run', '-d', '--name', name, `${e.images.repository}:1`, 'sleep', '300'])).trim();
    try {
      const cgroup = await dockerCli(e, ['exec', name, 'cat', '/proc/self/cgroup']);
      const mountinfo = await dockerCli(e, ['exec', name, 'cat', '/proc/self/mountinfo']);
      expect(findOwnContainerId(files(cgroup, mountinfo))).toBe(id);
      // the mountinfo route alone (what cgroup v2 leaves)
      expect(findOwnContainerId(files('0::/\n', mountinfo))).toBe(id);
    } finally {
      await dockerCli(e, ['rm', '-f', name]).catch(() => undefined);
    }
  });
});
