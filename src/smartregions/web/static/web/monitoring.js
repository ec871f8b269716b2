// Draw the dashboard's trend charts with plotly from data-* attributes (no inline script: the
// CSP forbids it). Each chart's data is also in the table below the charts (its text
// alternative).
//
// <div data-trend-config='{"periods": ["2026-H1"], "labels": ["January-June 2026"],
//      "yTitle": "Projects", "money": false, "series": [{"name": "Created", "values": [3]}]}'>
//
// One vertical bar per half-year and series, series side by side; "money" formats the values
// as whole euros.
(function () {
  "use strict";

  const FONT = { family: "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif", size: 13, color: "#1b1f24" };
  const AXIS = "#4a5561";
  const GRID = "#e3e8ee";
  // Colour-blind safe (Okabe-Ito blue and orange), matching the site's accent.
  const COLOURS = ["#0b4f9c", "#e08214", "#009e73"];

  function build(config) {
    const traces = config.series.map(function (series, index) {
      return {
        type: "bar",
        name: series.name,
        x: config.periods,
        y: series.values,
        customdata: config.labels,
        marker: { color: COLOURS[index % COLOURS.length] },
        hovertemplate:
          "%{customdata}<br>" + series.name + ": " + (config.money ? "%{y:,.0f} EUR" : "%{y}") + "<extra></extra>",
      };
    });
    const layout = {
      font: FONT,
      height: 300,
      barmode: "group",
      bargap: 0.25,
      margin: { l: 10, r: 10, t: 10, b: 40 },
      paper_bgcolor: "rgba(0,0,0,0)",
      plot_bgcolor: "#ffffff",
      showlegend: config.series.length > 1,
      legend: { orientation: "h", y: -0.2 },
      xaxis: { type: "category", tickfont: { color: AXIS }, automargin: true },
      yaxis: {
        title: { text: config.yTitle, font: { size: 13, color: AXIS } },
        rangemode: "tozero",
        gridcolor: GRID,
        tickfont: { color: AXIS },
        tickformat: config.money ? ",.0f" : "d",
        automargin: true,
      },
    };
    return { traces: traces, layout: layout };
  }

  function draw(element) {
    if (element.dataset.chartReady || typeof window.Plotly === "undefined") {
      return;
    }
    element.dataset.chartReady = "1";
    try {
      const chart = build(JSON.parse(element.dataset.trendConfig));
      element.textContent = "";
      // Setting the height through the CSSOM is allowed by the CSP, unlike a style attribute.
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
    root.querySelectorAll("[data-trend-config]").forEach(draw);
  }

  document.addEventListener("DOMContentLoaded", function () {
    init(document);
  });
  document.addEventListener("htmx:load", function (event) {
    init(event.detail.elt);
  });
})();
