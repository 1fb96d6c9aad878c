// A chart as an SVG document, drawn from its data and scales (chart.js draws to a canvas only):
// the series as polylines with their colours and dash patterns or as point markers (scatters),
// bands as filled polygons, the axes with their ticks and titles, and a legend, so the file reads
// on its own.

/** A linear or logarithmic axis: its range, title and labelled ticks. */
export interface SvgAxis {
  min: number;
  max: number;
  log: boolean;
  title: string;
  ticks: { value: number; label: string }[];
}

/** A point drawn on its own, as chart.js draws a scatter's points. */
export interface SvgMarker {
  shape: 'circle' | 'cross' | 'triangle';
  radius: number;
  fill: string;
  stroke: string;
  /** The point's tooltip, when it has one of its own. */
  title?: string;
}

export interface SvgSeries {
  label: string;
  color: string;
  /** Dash pattern in pixels, [] for a solid line. */
  dash: number[];
  width: number;
  points: { x: number; y: number | null }[];
  /** A band: filled between this series and `fillTo` (its points), not stroked, left out of the legend. */
  fillTo?: { x: number; y: number | null }[];
  /** False for faint companions (a smoothed curve's raw values): drawn, not listed. */
  inLegend?: boolean;
  /** Points not joined: one marker per point (same index), as a scatter draws them. */
  markers?: SvgMarker[];
}

export interface SvgChart {
  width: number;
  height: number;
  background: string;
  foreground: string;
  muted: string;
  grid: string;
  x: SvgAxis;
  y: SvgAxis;
  series: SvgSeries[];
}

/** Text for an SVG text node or attribute value. */
export function escapeXml(s: string): string {
  return s.replace(
    /[<>&"']/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!,
  );
}

/** A value's position in [0, 1] along an axis (log axes in decades); null when it cannot be drawn. */
export function axisFraction(a: SvgAxis, v: number): number | null {
  if (!Number.isFinite(v)) return null;
  if (a.log) {
    if (v <= 0 || a.min <= 0) return null;
    return (Math.log10(v) - Math.log10(a.min)) / (Math.log10(a.max) - Math.log10(a.min) || 1);
  }
  return (v - a.min) / (a.max - a.min || 1);
}

const num = (v: number) => String(Math.round(v * 100) / 100);

/** One marker at (x, y): a circle, a diagonal cross or an upward triangle, titled. */
function markerSvg(m: SvgMarker, x: number, y: number, title: string): string {
  const r = m.radius;
  const paint = `fill="${escapeXml(m.fill)}" stroke="${escapeXml(m.stroke)}"`;
  const t = `<title>${escapeXml(title)}</title>`;
  if (m.shape === 'cross') {
    const d = r * Math.SQRT1_2;
    return `<path d="M${num(x - d)} ${num(y - d)} L${num(x + d)} ${num(y + d)} M${num(x - d)} ${num(y + d)} L${num(x + d)} ${num(y - d)}" ${paint} stroke-width="1.5">${t}</path>`;
  }
  if (m.shape === 'triangle') {
    const pts = [
      [x, y - r],
      [x + r * 0.87, y + r / 2],
      [x - r * 0.87, y + r / 2],
    ];
    return `<polygon points="${pts.map(([a, b]) => `${num(a!)},${num(b!)}`).join(' ')}" ${paint}>${t}</polygon>`;
  }
  return `<circle cx="${num(x)}" cy="${num(y)}" r="${num(r)}" ${paint}>${t}</circle>`;
}

/** A chart.js point option: one value for all points or one per point (scriptable options are not used here). */
type PerPoint<T> = T | readonly T[] | undefined;

const at = <T>(v: PerPoint<T>, i: number): T | undefined =>
  Array.isArray(v) ? (v as readonly T[])[i] : (v as T | undefined);

/** The markers of a chart.js dataset drawn without a line, from its point options. */
export function datasetMarkers(
  d: {
    pointRadius?: PerPoint<unknown>;
    pointStyle?: PerPoint<unknown>;
    backgroundColor?: PerPoint<unknown>;
    borderColor?: PerPoint<unknown>;
  },
  count: number,
  titles: readonly (string | undefined)[] = [],
): SvgMarker[] {
  const paint = (c: unknown) => (typeof c === 'string' && c !== 'transparent' ? c : 'none');
  return Array.from({ length: count }, (_, i) => {
    const style = at(d.pointStyle, i);
    const title = titles[i];
    const radius = Number(at(d.pointRadius, i));
    return {
      shape:
        style === 'crossRot' || style === 'cross' ? 'cross' : style === 'triangle' ? 'triangle' : 'circle',
      radius: Number.isFinite(radius) ? radius : 3,
      fill: paint(at(d.backgroundColor, i)),
      stroke: paint(at(d.borderColor, i)),
      ...(title === undefined ? {} : { title }),
    };
  });
}

/** An axis from a drawn chart.js scale: its range and the ticks it labelled. */
export function scaleAxis(
  s: { min: number; max: number; ticks: readonly { value: number; label?: unknown }[] },
  log: boolean,
  title: string,
): SvgAxis {
  return {
    min: s.min,
    max: s.max,
    log,
    title,
    ticks: s.ticks.map((t) => ({
      value: t.value,
      label: Array.isArray(t.label) ? t.label.join(' ') : String(t.label ?? ''),
    })),
  };
}

/**
 * The SVG document of a chart. Lines break where a value is missing or cannot be drawn (a log
 * axis at 0), as on the canvas; everything is clipped to the plot area, so a zoomed chart saves
 * what is shown.
 */
export function chartSvg(c: SvgChart): string {
  const listed = c.series.filter((s) => !s.fillTo && s.inLegend !== false);
  const legendRows = listed.length;
  const legendHeight = legendRows > 0 ? 16 * legendRows + 8 : 0;
  const area = { left: 64, top: 12, right: c.width - 12, bottom: c.height - 44 };
  const total = c.height + legendHeight;
  const px = (v: number) => {
    const f = axisFraction(c.x, v);
    return f === null ? null : area.left + f * (area.right - area.left);
  };
  const py = (v: number) => {
    const f = axisFraction(c.y, v);
    return f === null ? null : area.bottom - f * (area.bottom - area.top);
  };
  const segments = (points: { x: number; y: number | null }[]) => {
    const out: [number, number][][] = [];
    let run: [number, number][] = [];
    for (const p of points) {
      const x = px(p.x);
      const y = p.y === null ? null : py(p.y);
      if (x === null || y === null) {
        if (run.length) out.push(run);
        run = [];
      } else run.push([x, y]);
    }
    if (run.length) out.push(run);
    return out;
  };
  const parts: string[] = [];
  parts.push(
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<svg xmlns="http://www.w3.org/2000/svg" width="${c.width}" height="${total}" viewBox="0 0 ${c.width} ${total}" font-family="sans-serif" font-size="11">`,
    `<rect width="100%" height="100%" fill="${escapeXml(c.background)}"/>`,
    `<defs><clipPath id="plot"><rect x="${area.left}" y="${area.top}" width="${area.right - area.left}" height="${area.bottom - area.top}"/></clipPath></defs>`,
  );
  // Grid and ticks.
  // A label that would overlap the previous one is left out (its grid line stays), as chart.js skips it.
  let labelEnd = -Infinity;
  for (const t of c.x.ticks) {
    const x = px(t.value);
    if (x === null || x < area.left - 0.5 || x > area.right + 0.5) continue;
    parts.push(
      `<line x1="${num(x)}" y1="${area.top}" x2="${num(x)}" y2="${area.bottom}" stroke="${escapeXml(c.grid)}"/>`,
    );
    const half = t.label.length * 3.3;
    if (t.label === '' || x - half < labelEnd + 4) continue;
    labelEnd = x + half;
    parts.push(
      `<text x="${num(x)}" y="${area.bottom + 14}" text-anchor="middle" fill="${escapeXml(c.muted)}">${escapeXml(t.label)}</text>`,
    );
  }
  for (const t of c.y.ticks) {
    const y = py(t.value);
    if (y === null || y < area.top - 0.5 || y > area.bottom + 0.5) continue;
    parts.push(
      `<line x1="${area.left}" y1="${num(y)}" x2="${area.right}" y2="${num(y)}" stroke="${escapeXml(c.grid)}"/>`,
      `<text x="${area.left - 6}" y="${num(y + 4)}" text-anchor="end" fill="${escapeXml(c.muted)}">${escapeXml(t.label)}</text>`,
    );
  }
  parts.push(
    `<rect x="${area.left}" y="${area.top}" width="${area.right - area.left}" height="${area.bottom - area.top}" fill="none" stroke="${escapeXml(c.grid)}"/>`,
    `<text x="${(area.left + area.right) / 2}" y="${area.bottom + 32}" text-anchor="middle" fill="${escapeXml(c.foreground)}">${escapeXml(c.x.title)}</text>`,
    `<text transform="translate(14 ${(area.top + area.bottom) / 2}) rotate(-90)" text-anchor="middle" fill="${escapeXml(c.foreground)}">${escapeXml(c.y.title)}</text>`,
    `<g clip-path="url(#plot)">`,
  );
  for (const s of c.series) {
    if (s.fillTo) {
      // The band's two edges, point by point; a gap in either breaks it.
      const both = s.points.map((p, i) => ({ x: p.x, lo: p.y, hi: s.fillTo![i]?.y ?? null }));
      let run: { x: number; lo: number; hi: number }[] = [];
      const flush = () => {
        if (run.length > 1) {
          const top = segments(run.map((p) => ({ x: p.x, y: p.hi })))[0] ?? [];
          const bottom = segments(run.map((p) => ({ x: p.x, y: p.lo })))[0] ?? [];
          if (top.length === run.length && bottom.length === run.length) {
            const pts = [...top, ...bottom.reverse()].map(([x, y]) => `${num(x)},${num(y)}`).join(' ');
            parts.push(`<polygon points="${pts}" fill="${escapeXml(s.color)}" stroke="none"/>`);
          }
        }
        run = [];
      };
      for (const p of both) {
        if (p.lo === null || p.hi === null || px(p.x) === null || py(p.lo) === null || py(p.hi) === null)
          flush();
        else run.push({ x: p.x, lo: p.lo, hi: p.hi });
      }
      flush();
      continue;
    }
    if (s.markers) {
      s.points.forEach((p, i) => {
        const m = s.markers![i];
        const [x, y] = [px(p.x), p.y === null ? null : py(p.y)];
        if (m && x !== null && y !== null) parts.push(markerSvg(m, x, y, m.title ?? s.label));
      });
      continue;
    }
    const dash = s.dash.length ? ` stroke-dasharray="${s.dash.join(' ')}"` : '';
    const label = escapeXml(s.label);
    for (const seg of segments(s.points)) {
      if (seg.length === 1) {
        const [x, y] = seg[0]!;
        parts.push(
          `<circle cx="${num(x)}" cy="${num(y)}" r="3" fill="${escapeXml(s.color)}"><title>${label}</title></circle>`,
        );
        continue;
      }
      const pts = seg.map(([x, y]) => `${num(x)},${num(y)}`).join(' ');
      parts.push(
        `<polyline points="${pts}" fill="none" stroke="${escapeXml(s.color)}" stroke-width="${s.width}"${dash} stroke-linejoin="round"><title>${label}</title></polyline>`,
      );
    }
  }
  parts.push(`</g>`);
  // The legend: a sample of each line (colour and dash) and its label.
  let row = 0;
  for (const s of listed) {
    const y = c.height + 8 + 16 * row++;
    if (s.markers) {
      const m = s.markers.find((x) => x.fill !== 'none' || x.stroke !== 'none');
      if (m) parts.push(markerSvg({ ...m, radius: Math.min(m.radius, 6) }, area.left + 18, y, s.label));
      parts.push(
        `<text x="${area.left + 44}" y="${y + 4}" fill="${escapeXml(c.foreground)}">${escapeXml(s.label)}</text>`,
      );
      continue;
    }
    const dash = s.dash.length ? ` stroke-dasharray="${s.dash.join(' ')}"` : '';
    parts.push(
      `<line x1="${area.left}" y1="${y}" x2="${area.left + 36}" y2="${y}" stroke="${escapeXml(s.color)}" stroke-width="${s.width}"${dash}/>`,
      `<text x="${area.left + 44}" y="${y + 4}" fill="${escapeXml(c.foreground)}">${escapeXml(s.label)}</text>`,
    );
  }
  parts.push(`</svg>`);
  return `${parts.join('\n')}\n`;
}
