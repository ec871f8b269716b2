// Draw the evidence charts with plotly from data-* attributes (no inline script: the CSP
// forbids it). Each chart's data is the same table the page shows as its text alternative.
//
// <div data-chart="bar|scatter" data-chart-config='{"records": [...], ...}'>
//
// bar:     horizontal bars of records[x] labelled "code label"; bars where records[flag] is
//          "yes" are dark, others light; a dotted reference line at x = reference.
// scatter: records[x] against records[y], coloured and shaped by records[group] (the colours
//          come from config.groups, in the order of the HTML legend); dashed dividing lines at
//          config.xSplit and config.ySplit; config.corners labels the four quadrants.
(function () {
  "use strict";

  const FONT = { family: "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif", size: 13, color: "#1b1f24" };
  const GRID = "#e3e8ee";
  const AXIS = "#4a5561";
  const DARK = "#0b4f9c";
  const LIGHT = "#9ecae1";

  function baseLayout(extra) {
    const layout = {
      font: FONT,
      paper_bgcolor: "rgba(0,0,0,0)",
      plot_bgcolor: "#ffffff",
      showlegend: false,
      hoverlabel: { font: { family: FONT.family, size: 13 } },
    };
    return Object.assign(layout, extra);
  }

  function axis(title, extra) {
    return Object.assign(
      {
        title: { text: title, font: { size: 13, color: AXIS } },
        gridcolor: GRID,
        zerolinecolor: "#c3ccd5",
        linecolor: "#8a96a3",
        tickfont: { color: AXIS },
        automargin: true,
      },
      extra || {},
    );
  }

  function truncate(text, length) {
    return text.length > length ? text.slice(0, length - 1) + "…" : text;
  }

  function barChart(config) {
    // Highest first, drawn top-down.
    const records = config.records.slice().reverse();
    const labels = records.map(function (r) {
      return truncate(r[config.code] + "  " + r[config.label], 42);
    });
    const trace = {
      type: "bar",
      orientation: "h",
      x: records.map(function (r) {
        return r[config.x];
      }),
      y: labels,
      marker: {
        color: records.map(function (r) {
          return r[config.flag] === "yes" ? DARK : LIGHT;
        }),
        line: { color: DARK, width: 1 },
      },
      customdata: records.map(function (r) {
        return [r[config.label], r[config.code], r[config.hover] === undefined ? "" : r[config.hover]];
      }),
      hovertemplate:
        "%{customdata[0]} (%{customdata[1]})<br>" +
        config.xTitle +
        ": %{x:.3~f}<br>" +
        config.hoverTitle +
        ": %{customdata[2]}<extra></extra>",
    };
    const shapes = [];
    if (config.reference !== undefined) {
      shapes.push({
        type: "line",
        xref: "x",
        yref: "paper",
        x0: config.reference,
        x1: config.reference,
        y0: 0,
        y1: 1,
        line: { color: "#a4161a", width: 1.5, dash: "dot" },
      });
    }
    const layout = baseLayout({
      height: Math.max(220, 60 + 26 * records.length),
      margin: { l: 10, r: 20, t: 10, b: 50 },
      bargap: 0.25,
      xaxis: axis(config.xTitle, { rangemode: "tozero" }),
      yaxis: axis("", { gridcolor: "rgba(0,0,0,0)", ticksuffix: "  " }),
      shapes: shapes,
    });
    return { traces: [trace], layout: layout };
  }

  function scatterChart(config) {
    const traces = config.groups.map(function (group) {
      const records = config.records.filter(function (r) {
        return r[config.group] === group.name;
      });
      const few = config.records.length <= 30;
      return {
        type: "scatter",
        mode: few ? "markers+text" : "markers",
        name: group.name,
        x: records.map(function (r) {
          return r[config.x];
        }),
        y: records.map(function (r) {
          return r[config.y];
        }),
        text: records.map(function (r) {
          return r[config.code];
        }),
        textposition: "top center",
        textfont: { size: 11, color: AXIS },
        customdata: records.map(function (r) {
          return [r[config.label], group.name];
        }),
        marker: {
          color: group.colour,
          symbol: group.symbol,
          size: 11,
          opacity: 0.9,
          line: { color: "#ffffff", width: 1 },
        },
        hovertemplate:
          "%{customdata[0]} (%{text})<br>" +
          config.xTitle +
          ": %{x:.3~f}<br>" +
          config.yTitle +
          ": %{y:.3~f}<br>%{customdata[1]}<extra></extra>",
      };
    });
    const shapes = [];
    const line = { color: "#4a5561", width: 1.2, dash: "dash" };
    if (config.xSplit !== null && config.xSplit !== undefined) {
      shapes.push({ type: "line", xref: "x", yref: "paper", x0: config.xSplit, x1: config.xSplit, y0: 0, y1: 1, line: line });
    }
    if (config.ySplit !== null && config.ySplit !== undefined) {
      shapes.push({ type: "line", xref: "paper", yref: "y", x0: 0, x1: 1, y0: config.ySplit, y1: config.ySplit, line: line });
    }
    const corners = config.corners || {};
    const positions = {
      topLeft: { x: 0.01, y: 0.99, xanchor: "left", yanchor: "top" },
      topRight: { x: 0.99, y: 0.99, xanchor: "right", yanchor: "top" },
      bottomLeft: { x: 0.01, y: 0.01, xanchor: "left", yanchor: "bottom" },
      bottomRight: { x: 0.99, y: 0.01, xanchor: "right", yanchor: "bottom" },
    };
    const annotations = Object.keys(positions)
      .filter(function (key) {
        return corners[key];
      })
      .map(function (key) {
        return Object.assign(
          {
            xref: "paper",
            yref: "paper",
            text: corners[key],
            showarrow: false,
            font: { size: 12, color: AXIS },
            bgcolor: "rgba(255,255,255,0.85)",
          },
          positions[key],
        );
      });
    const layout = baseLayout({
      height: 460,
      margin: { l: 10, r: 20, t: 10, b: 50 },
      xaxis: axis(config.xTitle, { rangemode: "tozero" }),
      yaxis: axis(config.yTitle),
      shapes: shapes,
      annotations: annotations,
      hovermode: "closest",
    });
    return { traces: traces, layout: layout };
  }

  const BUILDERS = { bar: barChart, scatter: scatterChart };

  function draw(element) {
    const build = BUILDERS[element.dataset.chart];
    if (element.dataset.chartReady || typeof window.Plotly === "undefined" || !build) {
      return;
    }
    element.dataset.chartReady = "1";
    try {
      const chart = build(JSON.parse(element.dataset.chartConfig));
      element.textContent = "";
      // plotly's responsive mode re-reads the element's height on every window resize (a
      // full-page screenshot is one), so give the element the chart's height. Setting it via
      // the CSSOM is allowed by the CSP, unlike a style attribute.
      element.style.height = chart.layout.height + "px";
      const config = {
        responsive: true,
        displaylogo: false,
        scrollZoom: false,
        modeBarButtonsToRemove: ["select2d", "lasso2d", "toImage", "autoScale2d"],
      };
      window.Plotly.newPlot(element, chart.traces, chart.layout, config).catch(function (error) {
        element.dataset.chartError = "1";
        console.error(error);
      });
    } catch (error) {
      element.dataset.chartError = "1";
      console.error(error);
    }
  }

  function init(root) {
    root.querySelectorAll("[data-chart]").forEach(draw);
  }

  document.addEventListener("DOMContentLoaded", function () {
    init(document);
  });
  document.addEventListener("htmx:load", function (event) {
    init(event.detail.elt);
  });
})();
