// The dashboard's one chart kind: learning curves as lines, drawn by ApexCharts 4.7.0 (a UMD bundle that
// sets globalThis.ApexCharts). Data arrive downsampled from the server; on log-log axes the values are log10
// and the tick labels show 10^v, since ApexCharts has no logarithmic x-axis.
import '../lib/apexcharts/apexcharts.min.js';

const charts = new WeakMap();
// A run and its dashed power-law fit share a colour (series carry their run's index as "group").
const palette = ['#3559e0', '#e04f35', '#12805c', '#7a5af8', '#b54708', '#0e9384', '#c01048', '#475467', '#dd2590', '#4e5ba6'];

function format(value, log) {
    const v = log ? Math.pow(10, value) : value;
    if (!Number.isFinite(v)) return '';
    const a = Math.abs(v);
    if (a !== 0 && (a >= 1e5 || a < 1e-2)) return v.toExponential(1);
    return Number(v.toPrecision(log ? 2 : 4)).toString();
}

function options(config) {
    return {
        chart: { type: 'line', height: 420, animations: { enabled: false }, zoom: { enabled: true }, toolbar: { show: true } },
        series: config.series.map(s => ({ name: s.name, data: s.data })),
        colors: config.series.map(s => palette[s.group % palette.length]),
        stroke: { width: config.series.map(s => s.dashed ? 1.5 : 2), dashArray: config.series.map(s => s.dashed ? 6 : 0), curve: 'straight' },
        markers: { size: 0 },
        legend: { position: 'bottom' },
        tooltip: { shared: false, x: { formatter: v => format(v, config.log) }, y: { formatter: v => format(v, config.log) } },
        xaxis: { type: 'numeric', title: { text: config.xTitle + (config.log ? ' (log)' : '') }, labels: { formatter: v => format(v, config.log) }, tickAmount: 8 },
        yaxis: { title: { text: config.yTitle + (config.log ? ' (log)' : '') }, labels: { formatter: v => format(v, config.log) }, tickAmount: 6 },
        noData: { text: 'No evaluations yet' },
    };
}

function mark(element, config) {
    element.dataset.renderedPoints = config.series.reduce((n, s) => n + s.data.length, 0);
    element.dataset.rawPoints = config.rawPointCount;
}

export function render(element, config) {
    const existing = charts.get(element);
    if (existing) {
        existing.updateOptions(options(config), true, false);
    } else {
        const chart = new globalThis.ApexCharts(element, options(config));
        charts.set(element, chart);
        chart.render();
    }
    mark(element, config);
}

export function dispose(element) {
    charts.get(element)?.destroy();
    charts.delete(element);
}
