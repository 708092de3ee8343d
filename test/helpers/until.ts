/**
 * Waits for a condition, checking it every 50 ms, for at most `timeoutMs`: tests wait for what they
 * need (a process in the table, a file), never for a fixed time, so load only makes them slower.
 */
export async function until(what: string, condition: () => boolean, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`gave up after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
