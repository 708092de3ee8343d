/**
 * What an interrupted run must undo (a browser to close, a staging folder to remove). One
 * registry, filled by whoever makes such a thing, so the signal handler needs to know none of them.
 */
const tasks = new Set<() => Promise<unknown>>();
let interrupted = false;

/** Whether the run has been interrupted: nothing new may then be moved into place. */
export function isInterrupted(): boolean {
  return interrupted;
}

/** Registers `task` to run on interruption; call the returned function once it is no longer needed. */
export function onInterrupt(task: () => Promise<unknown>): () => void {
  tasks.add(task);
  return () => tasks.delete(task);
}

/** Runs every registered task once, all at once; failures are ignored (the process is exiting). */
export async function runInterruptCleanups(): Promise<void> {
  interrupted = true;
  const now = [...tasks];
  tasks.clear();
  await Promise.allSettled(now.map((t) => t()));
}
