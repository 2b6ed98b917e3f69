// The dashboard's charts: learning curves and fits as lines, measured points as markers and 95% bands as shaded
// ranges, drawn by ApexCharts 4.7.0 (a UMD bundle that sets globalThis.ApexCharts). Data arrive downsampled from the
// server; on log axes the values are log10 and the tick labels show 10^v, since ApexCharts has no logarithmic x-axis.
import '../lib/apexcharts/apexcharts.min.js';

const charts = new WeakMap();
// A run and its dashed power-law fit and band share a colour (series carry their run's index as "group"); a trunk's
// cooldown branches share its group, each lightened towards white by its "shade".
const palette = ['#3559e0', '#e04f35', '#12805c', '#7a5af8', '#b54708', '#0e9384', '#c01048', '#475467', '#dd2590', '#4e5ba6'];

function tint(hex, shade) {
    const amount = Math.min(Math.max(Number(shade) || 0, 0), 1);
    if (amount === 0) return hex;
    const n = parseInt(hex.slice(1), 16);
    return '#' + [n >> 16, (n >> 8) & 255, n & 255].map(c => Math.round(c + (255 - c) * amount).toString(16).padStart(2, '0')).join('');
}

function format(value, log) {
    const v = log ? Math.pow(10, value) : value;
    if (!Number.isFinite(v)) return '';
    const a = Math.abs(v);
    if (a !== 0 && (a >= 1e5 || a < 1e-2)) return v.toExponential(1);
    return Number(v.toPrecision(log ? 2 : 4)).toString();
}

// Series in drawing order. With a band the chart is ApexCharts' range-area combination: bands first (underneath) as
// rangeArea {x, y: [lo, hi]}, lines and points as line {x, y}. Without one, plain lines of [x, y]. Points are a line
// drawn as markers only.
function series(config) {
    const kind = s => s.kind ?? 'line';
    const banded = config.series.some(s => kind(s) === 'band');
    return [...config.series.filter(s => kind(s) === 'band'), ...config.series.filter(s => kind(s) !== 'band')].map(s => ({
        name: s.name,
        group: s.group,
        shade: s.shade,
        dashed: s.dashed,
        kind: kind(s),
        apex: !banded ? { name: s.name, data: s.data }
            : kind(s) === 'band' ? { name: s.name, type: 'rangeArea', data: s.data.map(d => ({ x: d[0], y: [d[1], d[2]] })) }
            : { name: s.name, type: 'line', data: s.data.map(d => ({ x: d[0], y: d[1] })) },
    }));
}

// ApexCharts' range-area charts stretch the y-axis down to 0: with a band, the axis spans the data (5% padding).
function yRange(config) {
    if (!config.series.some(s => s.kind === 'band')) return {};
    const ys = config.series.flatMap(s => s.data.flatMap(d => d.slice(1))).filter(Number.isFinite);
    if (ys.length === 0) return {};
    const [lo, hi] = [Math.min(...ys), Math.max(...ys)];
    const pad = (hi - lo) * 0.05 || 0.05;
    return { min: lo - pad, max: hi + pad };
}

function options(config) {
    const all = series(config);
    const logX = config.log, logY = config.logY ?? config.log;
    return {
        chart: { type: all.some(s => s.kind === 'band') ? 'rangeArea' : 'line', height: 420, animations: { enabled: false }, zoom: { enabled: true }, toolbar: { show: true } },
        series: all.map(s => s.apex),
        colors: all.map(s => tint(palette[s.group % palette.length], s.shade)),
        fill: { type: 'solid', opacity: all.map(s => s.kind === 'band' ? 0.2 : 1) },
        stroke: { width: all.map(s => s.kind === 'line' ? (s.dashed ? 1.5 : 2) : 0), dashArray: all.map(s => s.dashed ? 6 : 0), curve: 'straight' },
        markers: { size: all.map(s => s.kind === 'points' ? 5 : 0) },
        dataLabels: { enabled: false },
        legend: { position: 'bottom' },
        tooltip: { shared: false, x: { formatter: v => format(v, logX) }, y: { formatter: v => format(v, logY) } },
        xaxis: { type: 'numeric', title: { text: config.xTitle + (logX ? ' (log)' : '') }, labels: { formatter: v => format(v, logX) }, tickAmount: 8 },
        yaxis: { ...yRange(config), title: { text: config.yTitle + (logY ? ' (log)' : '') }, labels: { formatter: v => format(v, logY) }, tickAmount: 6 },
        noData: { text: 'No evaluations yet' },
    };
}

function mark(element, config) {
    element.dataset.renderedPoints = config.series.reduce((n, s) => n + s.data.length, 0);
    element.dataset.rawPoints = config.rawPointCount;
}

function draw(element, config, fallback) {
    const next = options(config);
    const existing = charts.get(element);
    // A chart that gains or loses its bands changes type: drawn afresh rather than updated.
    if (existing && existing.type === next.chart.type) {
        existing.chart.updateOptions(next, true, false);
    } else {
        existing?.chart.destroy();
        const chart = new globalThis.ApexCharts(element, next);
        charts.set(element, { chart, type: next.chart.type });
        chart.render().catch(fallback);
    }
}

export function render(element, config) {
    // A chart ApexCharts fails to draw with its bands is drawn without them, never failing the page.
    const withoutBands = error => {
        console.warn('charts.js: drawing without the 95% bands:', error);
        charts.get(element)?.chart.destroy();
        charts.delete(element);
        draw(element, { ...config, series: config.series.filter(s => (s.kind ?? 'line') !== 'band') }, e => console.error(e));
    };
    try {
        draw(element, config, withoutBands);
    } catch (error) {
        withoutBands(error);
    }
    mark(element, config);
}

export function dispose(element) {
    charts.get(element)?.chart.destroy();
    charts.delete(element);
}
