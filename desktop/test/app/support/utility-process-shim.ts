/**
 * Runs core-host.ts in a plain Node child process the way Electron's utilityProcess runs it:
 * Electron gives the child `process.parentPort`; here it is built on Node's IPC channel.
 */
const port = {
  on(_event: 'message', listener: (message: { data: unknown }) => void) {
    process.on('message', (data: unknown) => listener({ data }));
  },
  postMessage(message: unknown) {
    process.send?.(message);
  },
};
Object.assign(process, { parentPort: port });
export {};
await import('../../../src/core/core-host.ts');
