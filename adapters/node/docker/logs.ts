/** Container logs as text: non-TTY logs come as multiplexed frames (8-byte header each). */
export function demuxLogs(data: Buffer, tty: boolean, streams: { stdout: boolean; stderr: boolean }): string {
  if (tty) return data.toString('utf8');
  const parts: Buffer[] = [];
  let offset = 0;
  while (offset + 8 <= data.length) {
    const stream = data[offset]!;
    const size = data.readUInt32BE(offset + 4);
    const payload = data.subarray(offset + 8, offset + 8 + size);
    if ((stream === 1 && streams.stdout) || (stream === 2 && streams.stderr) || stream === 0) parts.push(payload);
    offset += 8 + size;
  }
  return Buffer.concat(parts).toString('utf8');
}
