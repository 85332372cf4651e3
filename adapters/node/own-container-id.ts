const CGROUP_V1 = /[/-]([0-9a-f]{64})(?:\.scope)?\s*$/;
// cgroup v2 has no id in /proc/self/cgroup; the container's own files are mounted from its folder
const MOUNTINFO = /\/(?:docker\/)?containers\/([0-9a-f]{64})\//;

/** The id of the Docker container this process runs in, from cgroup v1 or v2 files; else null. */
export function findOwnContainerId(read: (path: string) => string | undefined): string | null {
  for (const line of (read('/proc/self/cgroup') ?? '').split('\n')) {
    const found = CGROUP_V1.exec(line);
    if (found) return found[1]!;
  }
  for (const line of (read('/proc/self/mountinfo') ?? '').split('\n')) {
    const found = MOUNTINFO.exec(line);
    if (found) return found[1]!;
  }
  return null;
}
