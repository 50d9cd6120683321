/**
 * The scaling curve of figure 1 as a small hand-written SVG (docs/perf/restore-curve.svg): wall
 * time to restore N accounts for Gramdeck and for bare GramJS (log–log, with the 30 s target at
 * 10,000), and beside it each one's CPU per account (log N, linear ms, with the 1.5 ms target).
 * A restore cut short by the time limit is a hollow point: its wall time is a lower bound.
 */
import type { RestoreRow } from './restore-bench';

const width = 760;
const height = 360;
const panel = { top: 44, bottom: 270, width: 300 };
const legendY = 330;
const lefts = [64, 434];
const colors = { gramdeck: '#1f6feb', bare: '#8a8a8a', target: '#d1242f' };

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
const fmt = (x: number) => (x >= 1000 ? `${x / 1000}k` : String(x));

/** Round values across [lo, hi] for a log axis: 1, 2, 5 per decade. */
function logTicks(lo: number, hi: number): number[] {
  const ticks: number[] = [];
  for (let d = Math.floor(Math.log10(lo)); d <= Math.ceil(Math.log10(hi)); d++) {
    for (const m of [1, 2, 5]) {
      const t = m * 10 ** d;
      if (t >= lo * 0.999 && t <= hi * 1.001) ticks.push(Number(t.toPrecision(3)));
    }
  }
  return ticks;
}

/** The 1-2-5 value at or below (`down`) or above `x`. */
function round125(x: number, down: boolean): number {
  const d = 10 ** Math.floor(Math.log10(x));
  const steps = [1, 2, 5, 10].map((m) => m * d);
  return down ? (steps.filter((t) => t <= x).pop() ?? d) : (steps.find((t) => t >= x) ?? 10 * d);
}

/** Ticks from 0 to at least `max` in a round step, at most 6 of them. */
function linearTicks(max: number): number[] {
  const step = round125(max / 5, false);
  const count = Math.ceil(max / step);
  return Array.from({ length: count + 1 }, (_, i) => Number((i * step).toPrecision(3)));
}

interface Series {
  label: string;
  color: string;
  points: [number, number][];
  dashed?: boolean;
  /** Points of restores cut short by the time limit (lower bounds), drawn hollow. */
  isCut?: boolean[];
}

function plot(o: {
  left: number;
  title: string;
  yLabel: string;
  xs: number[];
  series: Series[];
  logY: boolean;
}): string {
  const { left, xs } = o;
  const right = left + panel.width;
  const [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  const lx = (x: number) =>
    x1 === x0
      ? left
      : left + ((Math.log(x) - Math.log(x0)) / (Math.log(x1) - Math.log(x0))) * panel.width;
  const ys = o.series.flatMap((s) => s.points.map((p) => p[1])).filter((y) => y > 0);
  const linear = linearTicks(Math.max(...ys));
  const yLo = o.logY ? round125(Math.min(...ys), true) : 0;
  const yHi = o.logY ? round125(Math.max(...ys), false) : (linear[linear.length - 1] ?? 1);
  const span = panel.bottom - panel.top;
  const ly = (y: number) =>
    o.logY
      ? panel.bottom - ((Math.log(y) - Math.log(yLo)) / (Math.log(yHi) - Math.log(yLo))) * span
      : panel.bottom - (y / yHi) * span;
  const yTicks = o.logY ? logTicks(yLo, yHi) : linear;
  const out: string[] = [
    `<text x="${left + panel.width / 2}" y="${panel.top - 22}" text-anchor="middle" font-weight="bold">${escape(o.title)}</text>`,
    `<rect x="${left}" y="${panel.top}" width="${panel.width}" height="${span}" fill="none" stroke="#444"/>`,
  ];
  for (const t of yTicks) {
    const y = ly(t).toFixed(1);
    out.push(
      `<line x1="${left}" x2="${right}" y1="${y}" y2="${y}" stroke="#e6e6e6"/>`,
      `<text x="${left - 6}" y="${y}" text-anchor="end" dominant-baseline="middle">${t}</text>`,
    );
  }
  for (const x of xs) {
    const px = lx(x).toFixed(1);
    out.push(
      `<line x1="${px}" x2="${px}" y1="${panel.top}" y2="${panel.bottom}" stroke="#e6e6e6"/>`,
      `<text x="${px}" y="${panel.bottom + 16}" text-anchor="middle">${fmt(x)}</text>`,
    );
  }
  out.push(
    `<text x="${left + panel.width / 2}" y="${panel.bottom + 36}" text-anchor="middle">accounts restored (log scale)</text>`,
    `<text transform="translate(${left - 44} ${(panel.top + panel.bottom) / 2}) rotate(-90)" text-anchor="middle">${escape(o.yLabel)}</text>`,
  );
  for (const s of o.series) {
    const pts = s.points.filter((p) => p[1] > 0 || !o.logY);
    const path = pts.map(([x, y]) => `${lx(x).toFixed(1)},${ly(y).toFixed(1)}`).join(' ');
    out.push(
      `<polyline points="${path}" fill="none" stroke="${s.color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="5 4"' : ''}/>`,
      ...(s.dashed
        ? []
        : pts.map(
            ([x, y], i) =>
              `<circle cx="${lx(x).toFixed(1)}" cy="${ly(y).toFixed(1)}" r="3" fill="${s.isCut?.[i] ? '#fff' : s.color}" stroke="${s.color}" stroke-width="1.5"/>`,
          )),
    );
  }
  return out.join('\n');
}

export function restoreCurveSvg(rows: RestoreRow[], caption: string): string {
  const isAnyCut = rows.some((r) => r.gramdeck.online < r.accounts || r.bare.online < r.accounts);
  const xs = rows.map((r) => r.accounts);
  const wall = plot({
    left: lefts[0] ?? 0,
    title: 'Wall time to all online',
    yLabel: 'seconds (log scale)',
    xs,
    logY: true,
    series: [
      {
        label: 'Gramdeck',
        color: colors.gramdeck,
        points: rows.map((r) => [r.accounts, r.gramdeck.wallMs / 1000]),
        isCut: rows.map((r) => r.gramdeck.online < r.accounts),
      },
      {
        label: 'bare GramJS',
        color: colors.bare,
        points: rows.map((r) => [r.accounts, r.bare.wallMs / 1000]),
        isCut: rows.map((r) => r.bare.online < r.accounts),
      },
      ...(Math.max(...xs) >= 10_000
        ? [
            {
              label: 'target',
              color: colors.target,
              dashed: true,
              points: [
                [Math.min(...xs), 30] as [number, number],
                [Math.max(...xs), 30] as [number, number],
              ],
            },
          ]
        : []),
    ],
  });
  const cpu = plot({
    left: lefts[1] ?? 0,
    title: 'CPU per account (restoring process)',
    yLabel: 'ms per account',
    xs,
    logY: false,
    series: [
      {
        label: 'Gramdeck',
        color: colors.gramdeck,
        points: rows.map((r) => [r.accounts, r.gramdeck.cpuMsPerAccount]),
        isCut: rows.map((r) => r.gramdeck.online < r.accounts),
      },
      {
        label: 'bare GramJS',
        color: colors.bare,
        points: rows.map((r) => [r.accounts, r.bare.cpuMsPerAccount]),
        isCut: rows.map((r) => r.bare.online < r.accounts),
      },
      {
        label: 'target',
        color: colors.target,
        dashed: true,
        points: [
          [Math.min(...xs), 1.5],
          [Math.max(...xs), 1.5],
        ],
      },
    ],
  });
  const legend = [
    ['Gramdeck (real core)', colors.gramdeck, false],
    ['bare GramJS, same sessions (connect + getMe)', colors.bare, false],
    ['targets: 30 s at 10k; 1.5 ms CPU per account', colors.target, true],
  ] as const;
  const legendSvg = legend
    .map(([label, color, dashed], i) => {
      const x = [40, 190, 480][i] ?? 0;
      return `<line x1="${x}" x2="${x + 24}" y1="${legendY}" y2="${legendY}" stroke="${color}" stroke-width="2"${dashed ? ' stroke-dasharray="5 4"' : ''}/><text x="${x + 30}" y="${legendY}" dominant-baseline="middle">${escape(label)}</text>`;
    })
    .join('\n');
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11" fill="#222">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    wall,
    cpu,
    legendSvg,
    `<text x="${width / 2}" y="${height - 8}" text-anchor="middle" fill="#666">${escape(isAnyCut ? `${caption}; hollow: cut short at the time limit` : caption)}</text>`,
    '</svg>',
    '',
  ].join('\n');
}
