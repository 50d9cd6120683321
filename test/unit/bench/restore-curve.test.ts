/**
 * The scaling curve the bench draws for docs/PERFORMANCE.md (issue 17): Gramdeck and bare GramJS
 * on labelled axes, one marked point per measured size, at the height its figure says.
 */
import { expect, test } from 'vitest';
import type { RestoreMeasure, RestoreRow } from '../../bench/restore-bench';
import { restoreCurveSvg } from '../../bench/restore-curve';

const measure = (wallMs: number, cpuMsPerAccount: number): RestoreMeasure => ({
  online: 1,
  wallMs,
  cpuMsPerAccount,
  dcCpuMsPerAccount: 1,
  rssKbPerAccount: 100,
  lagP50: 1,
  lagP99: 2,
  lagMax: 3,
  callsPerAccount: { untilOnline: {}, untilQuiet: {} },
  quietAfterMs: 0,
});
const row = (accounts: number, gramdeckS: number, bareS: number): RestoreRow => ({
  accounts,
  gramdeck: measure(gramdeckS * 1000, 2),
  bare: measure(bareS * 1000, 1),
  seedMs: 0,
  vaultMs: 0,
});
const rows = [row(100, 0.5, 0.4), row(1000, 5, 4), row(3000, 20, 12), row(10_000, 100, 40)];

const polylines = (svg: string) =>
  [...svg.matchAll(/<polyline points="([^"]+)" fill="none" stroke="([^"]+)"/g)].map((m) => ({
    color: m[2],
    points: (m[1] ?? '').split(' ').map((p) => p.split(',').map(Number) as [number, number]),
  }));

test('the curve is an SVG with both panels, labelled axes, every size and a legend', () => {
  const svg = restoreCurveSvg(rows, 'machine line');
  expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
  expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
  for (const text of [
    'Wall time to all online',
    'CPU per account (restoring process)',
    'accounts restored (log scale)',
    'seconds (log scale)',
    'ms per account',
    '>100<',
    '>1k<',
    '>3k<',
    '>10k<',
    'Gramdeck (real core)',
    'bare GramJS, same sessions (connect + getMe)',
    'targets: 30 s at 10k; 1.5 ms CPU per account',
    'machine line',
  ])
    expect(svg).toContain(text);
});

test('each series has one point per size, and a slower restore is drawn higher', () => {
  const [gramdeckWall, bareWall, target, gramdeckCpu, bareCpu, cpuTarget] = polylines(
    restoreCurveSvg(rows, ''),
  );
  for (const line of [gramdeckWall, bareWall, gramdeckCpu, bareCpu])
    expect(line?.points).toHaveLength(4);
  expect(target?.points).toHaveLength(2);
  expect(cpuTarget?.points).toHaveLength(2);
  // SVG y grows downwards: more time is a smaller y.
  const ys = (line: typeof gramdeckWall) => line?.points.map((p) => p[1]) ?? [];
  expect(ys(gramdeckWall)).toEqual([...ys(gramdeckWall)].sort((a, b) => b - a));
  expect(ys(gramdeckWall)[3]).toBeLessThan(ys(bareWall)[3] ?? 0);
  expect(ys(gramdeckCpu)[0]).toBeLessThan(ys(bareCpu)[0] ?? 0);
  // The 1.5 ms target lies between bare's 1 ms and Gramdeck's 2 ms per account.
  expect(cpuTarget?.points[0]?.[1]).toBeLessThan(ys(bareCpu)[0] ?? 0);
  expect(cpuTarget?.points[0]?.[1]).toBeGreaterThan(ys(gramdeckCpu)[0] ?? 0);
  // The 30 s target lies between bare's 12 s and Gramdeck's 100 s.
  expect(target?.points[0]?.[1]).toBeLessThan(ys(bareWall)[2] ?? 0);
  expect(target?.points[0]?.[1]).toBeGreaterThan(ys(gramdeckWall)[3] ?? 0);
});

test('a restore cut short by the time limit is a hollow point, and the caption says so', () => {
  const complete = rows.map((r) => ({
    ...r,
    gramdeck: { ...r.gramdeck, online: r.accounts },
    bare: { ...r.bare, online: r.accounts },
  }));
  const last = complete[3] ?? row(10_000, 1, 1);
  const cut = [...complete.slice(0, 3), { ...last, gramdeck: { ...last.gramdeck, online: 4441 } }];
  const whole = restoreCurveSvg(complete, '');
  const partial = restoreCurveSvg(cut, '');
  expect(whole).not.toContain('fill="#fff" stroke=');
  expect(whole).not.toContain('hollow: cut short');
  // The 10,000 point of Gramdeck's wall time and of its CPU per account.
  expect(partial.match(/fill="#fff" stroke="#1f6feb"/g)).toHaveLength(2);
  expect(partial).toContain('hollow: cut short at the time limit');
});
