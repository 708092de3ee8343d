// Preloaded with `node --import` by `npm run bench`: writes the process's peak resident memory (MB)
// to $PEAK_RSS_FILE when it exits, so the bench can read the Node process's own peak.
import { writeFileSync } from 'node:fs';

process.on('exit', () => {
  if (process.env.PEAK_RSS_FILE) writeFileSync(process.env.PEAK_RSS_FILE, String(process.resourceUsage().maxRSS / 1024));
});
