// Draw the partner finder's stacked bars with plotly from data-* attributes (no inline script:
// the CSP forbids it). The table on the page has the same numbers (its text alternative).
//
// <div data-partner-chart='{"components": [{"name", "label"}], "records": [{"code", "name",
//      "parts": {"codes": 0.2, ...}}]}'>
(function () {
  "use strict";

  // Okabe-Ito palette: distinguishable with colour-vision deficiencies.
  const COLOURS = {
    codes: "#0072b2",
    text: "#56b4e9",
    complementarity: "#009e73",
    relatedness: "#e69f00",
    similarity: "#cc79a7",
    ties: "#d55e00",
  };

  function draw(element) {
    if (element.dataset.chartReady || typeof window.Plotly === "undefined") {
      return;
    }
    element.dataset.chartReady = "1";
    const config = JSON.parse(element.dataset.partnerChart);
    const records = config.records.slice().reverse();
    const labels = records.map(function (r) {
      return r.name + " (" + r.code + ")";
    });
    const traces = config.components.map(function (component) {
      return {
        type: "bar",
        orientation: "h",
        name: component.label,
        y: labels,
        x: records.map(function (r) {
          return r.parts[component.name];
        }),
        marker: { color: COLOURS[component.name] || "#7a7a7a" },
        hovertemplate: "%{y}<br>" + component.label + ": %{x:.3f}<extra></extra>",
      };
    });
    element.textContent = "";
    const layout = {
      barmode: "stack",
      height: Math.max(280, 26 * records.length + 110),
      margin: { l: 10, r: 10, t: 10, b: 40 },
      xaxis: { title: { text: "score" }, range: [0, 1], gridcolor: "#e3e8ee" },
      yaxis: { automargin: true },
      // plotly's legend sets style="" attributes (blocked by the CSP): the page has an HTML one.
      showlegend: false,
      paper_bgcolor: "rgba(0,0,0,0)",
      plot_bgcolor: "#ffffff",
      font: { family: "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif", size: 13 },
    };
    window.Plotly.newPlot(element, traces, layout, {
      responsive: true,
      displaylogo: false,
      modeBarButtonsToRemove: ["select2d", "lasso2d", "toImage"],
    });
  }

  function init(root) {
    root.querySelectorAll("[data-partner-chart]").forEach(draw);
  }

  // Switching between "partners" and "regions to learn from" loads that mode's default
  // weights into the inputs. The listener sits on the select itself, so it runs before the
  // form's htmx listener serialises the form.
  function watchMode(select) {
    const defaults = JSON.parse(select.dataset.weightDefaults);
    select.addEventListener("change", function () {
      const weights = defaults[select.value] || {};
      Object.keys(weights).forEach(function (name) {
        const input = select.form && select.form.elements["w_" + name];
        if (input) {
          input.value = weights[name];
        }
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    init(document);
    document.querySelectorAll("select[data-weight-defaults]").forEach(watchMode);
  });
  document.addEventListener("htmx:load", function (event) {
    init(event.detail.elt);
  });
})();
