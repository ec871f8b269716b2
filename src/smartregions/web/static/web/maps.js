// Draw NUTS maps with plotly from data-* attributes (no inline script: the CSP forbids it).
//
// <div data-map="choropleth|outline" data-geojson-url="..." data-background-url="..."
//      data-counts='{"CZ010": 3}'>
// "choropleth" colours each region of the GeoJSON by its count; "outline" highlights the
// regions of the GeoJSON. The optional background layer (e.g. the country) is drawn in grey.
// A choropleth of any numbers instead of counts (e.g. the evidence pages' ECI or RCA maps):
//   data-values='{"CZ010": 1.25}' data-scale="blues|diverging|highlight"
//   data-zmin="-2" data-zmax="2" data-value-label="ECI" (hover shows the value when given)
// "highlight" colours value 2 (the region itself) dark and value 1 (related regions) orange.
(function () {
  "use strict";

  // plotly fetches a world topojson from its CDN for every geo subplot, even with the base map
  // hidden. We draw only our own GeoJSON, so hand it an empty topology instead (and the CSP's
  // connect-src 'self' would block the CDN anyway).
  const EMPTY_TOPOLOGY = { type: "Topology", objects: {}, arcs: [] };
  const BLUES = [
    [0, "#c6dbef"],
    [0.5, "#4292c6"],
    [1, "#08306b"],
  ];

  // Red-white-blue for indicators centred on 0 (ECI): colour-blind safe (ColorBrewer RdBu).
  const DIVERGING = [
    [0, "#b2182b"],
    [0.25, "#ef8a62"],
    [0.5, "#f7f7f7"],
    [0.75, "#67a9cf"],
    [1, "#2166ac"],
  ];
  const HIGHLIGHT = [
    [0, "#e08214"],
    [0.5, "#e08214"],
    [0.5, "#0b4f9c"],
    [1, "#0b4f9c"],
  ];
  const SCALES = { blues: BLUES, diverging: DIVERGING, highlight: HIGHLIGHT };

  function seedTopojson() {
    window.PlotlyGeoAssets = window.PlotlyGeoAssets || { topojson: {} };
    window.PlotlyGeoAssets.topojson = window.PlotlyGeoAssets.topojson || {};
    ["world_110m", "world_50m", "europe_110m", "europe_50m"].forEach(function (name) {
      if (!window.PlotlyGeoAssets.topojson[name]) {
        window.PlotlyGeoAssets.topojson[name] = EMPTY_TOPOLOGY;
      }
    });
  }

  function fetchJson(url) {
    return fetch(url, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok) {
        throw new Error("map data " + url + " answered " + response.status);
      }
      return response.json();
    });
  }

  function codesOf(geojson) {
    return geojson.features.map(function (f) {
      return f.properties.code;
    });
  }

  function namesOf(geojson) {
    return geojson.features.map(function (f) {
      const p = f.properties;
      return p.name_national && p.name_national !== p.name ? p.name + " / " + p.name_national : p.name;
    });
  }

  function backgroundTrace(geojson) {
    const codes = codesOf(geojson);
    return {
      type: "choropleth",
      geojson: geojson,
      featureidkey: "properties.code",
      locations: codes,
      z: codes.map(function () {
        return 0;
      }),
      colorscale: [
        [0, "#eef1f4"],
        [1, "#eef1f4"],
      ],
      showscale: false,
      hoverinfo: "skip",
      marker: { line: { color: "#8a96a3", width: 0.8 } },
    };
  }

  function mainTrace(kind, geojson, counts) {
    const codes = codesOf(geojson);
    const trace = {
      type: "choropleth",
      geojson: geojson,
      featureidkey: "properties.code",
      locations: codes,
      text: namesOf(geojson),
      marker: { line: { color: "#ffffff", width: 0.8 } },
    };
    if (kind === "choropleth") {
      trace.z = codes.map(function (code) {
        return counts[code] || 0;
      });
      trace.colorscale = BLUES;
      trace.zmin = 0;
      trace.zmax = Math.max(1, Math.max.apply(null, trace.z));
      // plotly's colorbar sets style="" on its rects, which the CSP reports; the page shows an
      // HTML legend (same colours, in site.css) instead.
      trace.showscale = false;
      trace.hovertemplate = "%{text} (%{location})<br>%{z}<extra></extra>";
    } else {
      trace.z = codes.map(function () {
        return 1;
      });
      trace.colorscale = [
        [0, "#0b4f9c"],
        [1, "#0b4f9c"],
      ];
      trace.showscale = false;
      trace.hovertemplate = "%{text} (%{location})<extra></extra>";
    }
    return trace;
  }

  // A choropleth of the numbers in data-values (see the header comment).
  function valuesTrace(element, geojson) {
    const values = JSON.parse(element.dataset.values);
    const scale = element.dataset.scale || "blues";
    const codes = codesOf(geojson);
    const z = codes.map(function (code) {
      return Object.prototype.hasOwnProperty.call(values, code) ? values[code] : null;
    });
    const numbers = z.filter(function (value) {
      return value !== null;
    });
    const zmin = element.dataset.zmin !== undefined ? Number(element.dataset.zmin) : Math.min.apply(null, numbers);
    const zmax = element.dataset.zmax !== undefined ? Number(element.dataset.zmax) : Math.max.apply(null, numbers);
    const label = element.dataset.valueLabel;
    return {
      type: "choropleth",
      geojson: geojson,
      featureidkey: "properties.code",
      locations: codes,
      text: namesOf(geojson),
      z: z,
      zmin: scale === "highlight" ? 1 : zmin,
      zmax: scale === "highlight" ? 2 : Math.max(zmax, zmin + 1e-9),
      colorscale: SCALES[scale] || BLUES,
      // The page shows an HTML legend: plotly's colorbar sets style="" (blocked by the CSP).
      showscale: false,
      marker: { line: { color: "#ffffff", width: 0.8 } },
      hovertemplate: label
        ? "%{text} (%{location})<br>" + label + ": %{z:.3~f}<extra></extra>"
        : "%{text} (%{location})<extra></extra>",
    };
  }

  function draw(element) {
    if (element.dataset.mapReady || typeof window.Plotly === "undefined") {
      return;
    }
    element.dataset.mapReady = "1";
    seedTopojson();
    const kind = element.dataset.map;
    const counts = element.dataset.counts ? JSON.parse(element.dataset.counts) : {};
    const requests = [fetchJson(element.dataset.geojsonUrl)];
    if (element.dataset.backgroundUrl) {
      requests.push(fetchJson(element.dataset.backgroundUrl));
    }
    Promise.all(requests)
      .then(function (collections) {
        const traces = [];
        if (collections[1]) {
          traces.push(backgroundTrace(collections[1]));
        }
        traces.push(
          element.dataset.values ? valuesTrace(element, collections[0]) : mainTrace(kind, collections[0], counts),
        );
        element.textContent = "";
        const layout = {
          geo: {
            visible: false,
            fitbounds: "locations",
            projection: { type: "mercator" },
            bgcolor: "rgba(0,0,0,0)",
          },
          margin: { l: 0, r: 0, t: 0, b: 0 },
          paper_bgcolor: "rgba(0,0,0,0)",
          dragmode: "pan",
          font: { family: "system-ui, sans-serif" },
        };
        const config = {
          responsive: true,
          displaylogo: false,
          scrollZoom: false,
          modeBarButtonsToRemove: ["select2d", "lasso2d", "toImage"],
        };
        return window.Plotly.newPlot(element, traces, layout, config);
      })
      .catch(function (error) {
        element.dataset.mapError = "1";
        console.error(error);
      });
  }

  function init(root) {
    root.querySelectorAll("[data-map]").forEach(draw);
  }

  document.addEventListener("DOMContentLoaded", function () {
    init(document);
  });
  document.addEventListener("htmx:load", function (event) {
    init(event.detail.elt);
  });
  // Free plotly's listeners before htmx replaces a map with new results.
  document.addEventListener("htmx:beforeSwap", function (event) {
    event.detail.target.querySelectorAll(".js-plotly-plot").forEach(function (plot) {
      window.Plotly.purge(plot);
    });
  });
})();
