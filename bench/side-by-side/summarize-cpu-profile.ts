import { relative, sep } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const ROOT = relative('/', `${__dirname}/../..`);

/** Where a function lives: a package, a file of the service, or the runtime. */
function owner(url: string): string {
  if (!url) return '(runtime)';
  if (url.startsWith('node:')) return url;
  const path = relative('/', url.replace(/^file:\/\//, ''));
  const modules = path.lastIndexOf(`node_modules${sep}`);
  if (modules >= 0) {
    const parts = path.slice(modules + 13).split(sep);
    return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  return path.startsWith(ROOT) ? path.slice(ROOT.length + 1) : path;
}

function top(counts: Map<string, number>, total: number, n: number): string[] {
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([key, count]) => `${((100 * count) / total).toFixed(1).padStart(5)} %  ${key}`);
}

/** The samples taken between `fromEndMs` and `toEndMs` before the profile's end. */
function windowSamples(profile: CpuProfile, fromEndMs: number, toEndMs: number): number[] {
  const times: number[] = [];
  let t = 0;
  for (const delta of profile.timeDeltas) times.push((t += delta));
  const last = times[times.length - 1] ?? 0;
  return profile.samples.filter((_, i) => {
    const beforeEnd = (last - times[i]) / 1000;
    return beforeEnd <= fromEndMs && beforeEnd >= toEndMs;
  });
}

/**
 * A V8 CPU profile (node --cpu-prof) as text, for the samples of a window (`fromEndMs` to
 * `toEndMs` before its end): how busy the process was, and the share of busy samples spent in
 * each function itself, in each package or file itself, and under each function (inclusive).
 */
export function summarizeCpuProfile(
  profile: CpuProfile,
  window: { fromEndMs: number; toEndMs: number },
  n = 25,
): string {
  const samples = windowSamples(profile, window.fromEndMs, window.toEndMs);
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parent.set(child, node.id);
  const key = (node: ProfileNode) =>
    `${node.callFrame.functionName || '(anonymous)'} ${owner(node.callFrame.url)}:${node.callFrame.lineNumber + 1}`;
  const self = new Map<string, number>();
  const owners = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let total = 0;
  for (const id of samples) {
    const node = byId.get(id);
    if (!node || ['(idle)', '(program)'].includes(node.callFrame.functionName)) continue;
    total += 1;
    self.set(key(node), (self.get(key(node)) ?? 0) + 1);
    const where = owner(node.callFrame.url);
    owners.set(where, (owners.get(where) ?? 0) + 1);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const k = key(byId.get(at)!);
      if (!seen.has(k)) inclusive.set(k, (inclusive.get(k) ?? 0) + 1);
      seen.add(k);
    }
  }
  return [
    `${total} busy samples of ${samples.length} in the measured window ` +
      `(${((100 * total) / Math.max(1, samples.length)).toFixed(0)} % busy; the rest waited)`,
    '',
    'self time by function:',
    ...top(self, total, n),
    '',
    'self time by package or file:',
    ...top(owners, total, n),
    '',
    'inclusive (the function and what it calls):',
    ...top(inclusive, total, n * 2),
  ].join('\n');
}
