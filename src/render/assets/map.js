// borderscope interactive map. Data: the JSON in #borderscope-data (segments with their full
// status history, settlements, incidents, corridors per status period). No network needed; the
// OpenStreetMap basemap is optional and off by default.
(function () {
  "use strict";
  var errors = [];
  // Capture phase: also catches resources that fail to load (they do not bubble).
  window.addEventListener("error", function (e) {
    errors.push(String(e.message || (e.target && (e.target.src || e.target.href)) || "error"));
    document.body.setAttribute("data-errors", errors.join(" | "));
  }, true);
  var data = JSON.parse(document.getElementById("borderscope-data").textContent);
  var colours = { contested: "#d7191c", settled: "#6f6f6f", unrecorded: "#bdbdbd" };

  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }
  // Status of a segment on a day ("YYYY-MM-DD" strings compare in date order).
  function statusAt(p, day) {
    if (p.valid_from && day < p.valid_from) return "absent";
    if (p.valid_to && day >= p.valid_to) return "absent";
    // The point estimate: a change dated only to a window counts from its end ("by").
    var s = null;
    (p.history || []).forEach(function (e) { var d = e.by || e.from; if (!d || d <= day) s = e.status; });
    return s || "unrecorded";
  }
  // The window a segment's status is uncertain in on a day, or null: an entry whose change
  // happened at an unknown date between "from" and "by", to another status.
  function windowAt(p, day) {
    var h = p.history || [], w = null;
    h.forEach(function (e, i) {
      if (i > 0 && e.by && e.from <= day && day < e.by && h[i - 1].status !== e.status) w = e;
    });
    return w;
  }
  var hidden = { "stroke": 1, "stroke-width": 1, "stroke-opacity": 1, "fill": 1, "fill-opacity": 1,
                 "marker-color": 1, "marker-size": 1, "marker-symbol": 1, "layer": 1 };
  function table(p) {
    var rows = Object.keys(p).filter(function (k) { return !hidden[k] && p[k] !== null && p[k] !== ""; })
      .map(function (k) {
        var v = p[k];
        if (k === "history" && Array.isArray(v)) {
          v = v.map(function (e) {
            var when = e.by ? "between " + e.from + " and " + e.by : (e.from || "always");
            return "<b>" + esc(when) + "</b> " + esc(e.status) + " — " + esc(e.source);
          }).join("<br>");
        } else if (typeof v === "object") {
          v = esc(JSON.stringify(v));
        } else {
          v = esc(v).replace(/\n/g, "<br>");
        }
        return "<tr><td>" + esc(k) + "</td><td>" + v + "</td></tr>";
      });
    return "<table>" + rows.join("") + "</table>";
  }
  function popup(title, p) {
    return '<div class="bs-popup"><h3>' + esc(title) + "</h3>" + table(p) + "</div>";
  }

  var map = L.map("map", { zoomSnap: 0.25 });
  var blank = L.layerGroup().addTo(map);
  var osm = L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
    maxZoom: 18, attribution: "&copy; OpenStreetMap contributors"
  });

  var day = data.as_of;
  // The countries, shaded, and named inside their own ground (borderscope placed the names);
  // a frontier ring that is not an exclave on the day is shaded as the country round it.
  // Their own panes below the overlays (400): the shading, then the names, then the lines.
  map.createPane("countries");
  map.getPane("countries").style.zIndex = 350;
  map.createPane("countryNames");
  map.getPane("countryNames").style.zIndex = 390;
  map.getPane("countryNames").style.pointerEvents = "none";
  function countryStyle(f) {
    return { color: "#ffffff", weight: 0.8, opacity: 1, fillColor: f.properties.fill, fillOpacity: 1 };
  }
  var countryLayer = L.geoJSON(null, { style: countryStyle, interactive: false, pane: "countries" });
  var formerExclaves = L.geoJSON(null, { style: countryStyle, interactive: false, pane: "countries" });
  var countryNames = L.layerGroup();
  var countries = L.layerGroup([countryLayer, formerExclaves, countryNames]).addTo(map);
  (data.countries || []).forEach(function (f) {
    var p = f.properties;
    if (p.former_exclave) return;
    countryLayer.addData(f);
    if (p.label) {
      L.marker([p.label[1], p.label[0]], {
        pane: "countryNames", interactive: false, keyboard: false,
        icon: L.divIcon({ className: "bs-country", iconSize: null,
          html: '<span data-code="' + esc(p.code) + '" style="color:' + esc(p.ink) + '">' + esc(p.name.toUpperCase()) + "</span>" })
      }).addTo(countryNames);
    }
  });
  function showFormerExclaves() {
    formerExclaves.clearLayers();
    (data.countries || []).forEach(function (f) {
      var p = f.properties;
      if (!p.former_exclave) return;
      var exists = (!p.valid_from || p.valid_from <= day) && (!p.valid_to || day < p.valid_to);
      if (!exists) formerExclaves.addData(f);
    });
  }
  var corridorLayer = L.geoJSON(null, {
    style: function () { return { color: "#d7191c", weight: 1, opacity: 0.5, fillColor: "#d7191c", fillOpacity: 0.13 }; },
    interactive: false
  }).addTo(map);
  var segments = L.geoJSON(data.segments, {
    style: function (f) { return segStyle(f); },
    onEachFeature: function (f, layer) {
      layer.bindPopup(function () {
        var p = Object.assign({ status_on_selected_day: statusAt(f.properties, day) }, f.properties);
        return popup(f.properties.name, p);
      }, { maxWidth: 520 });
    }
  }).addTo(map);
  function segStyle(f) {
    var s = statusAt(f.properties, day);
    if (s === "absent") return { opacity: 0, weight: 0 };
    // Dashed while the status is uncertain (changing at an unknown date in a window).
    var dash = windowAt(f.properties, day) ? "8 6" : null;
    return { color: colours[s] || colours.unrecorded, weight: s === "contested" ? 4 : 2, opacity: 0.9, dashArray: dash };
  }
  // A settlement in an exclave is named with its country while the exclave exists.
  function settlementName(p) {
    var inRing = p.exclave_name && (!p.exclave_from || p.exclave_from <= day) && (!p.exclave_to || day < p.exclave_to);
    return inRing ? p.exclave_name : p.name;
  }
  var settlements = L.geoJSON(data.settlements, {
    pointToLayer: function (f, ll) {
      var inferred = f.properties.precision === 3;
      return L.circleMarker(ll, { radius: 3, color: "#3b3b3b", weight: 1, fillColor: inferred ? "#ffffff" : "#3b3b3b", fillOpacity: 1 });
    },
    onEachFeature: function (f, layer) {
      // Names on the map from zoom 10 on (where they no longer crowd each other), on hover
      // below it.
      layer.bindTooltip(esc(settlementName(f.properties)), { permanent: true, direction: "right", offset: [4, 0], className: "bs-label" });
      layer.bindPopup(popup(f.properties.name, f.properties), { maxWidth: 520 });
    }
  }).addTo(map);
  var LABEL_ZOOM = 10;
  function labelsForZoom() {
    var on = map.getZoom() >= LABEL_ZOOM;
    L.DomUtil[on ? "removeClass" : "addClass"](map.getContainer(), "bs-no-labels");
    document.body.setAttribute("data-labels", on ? "shown" : "hidden");
  }
  map.on("zoomend", labelsForZoom);
  // Casualties per side, as the sources give them: "TJ: 1 killed, 10 injured (reported by …)".
  function casualtiesText(c) {
    if (!Array.isArray(c)) return null;
    return c.map(function (e) {
      var parts = [];
      if (e.killed !== undefined && e.killed !== null) parts.push(e.killed + " killed");
      if (e.injured !== undefined && e.injured !== null) parts.push(e.injured + " injured");
      return (e.side || "?") + ": " + (parts.join(", ") || "no figure") + (e.reported_by ? " (" + e.reported_by + (e.reported_on ? ", " + e.reported_on : "") + ")" : "");
    }).join("\n");
  }
  function incidentPopup(f) {
    var p = Object.assign({}, f.properties);
    var c = casualtiesText(p.casualties);
    if (c !== null) p.casualties = c;
    if (Array.isArray(p.sources)) p.sources = p.sources.join("\n");
    return popup(p.date + " " + (p.place || p.id), p);
  }
  var incidents = L.geoJSON(null, {
    pointToLayer: function (f, ll) {
      var k = f.properties.fatalities;
      var r = (k === null || k === undefined || k === 0) ? 3.5 : 3.5 + 2.2 * Math.sqrt(k);
      var unknown = k === null || k === undefined;
      return L.circleMarker(ll, { radius: r, color: "#3d0000", weight: 1, fillColor: f.properties["marker-color"] || "#fdae61", fillOpacity: unknown ? 0 : 0.8 });
    },
    onEachFeature: function (f, layer) {
      layer.bindPopup(function () { return incidentPopup(f); }, { maxWidth: 520 });
    }
  }).addTo(map);
  // Where each incident may have happened: the radius its precision code gives, in metres.
  var uncertainty = L.layerGroup();
  uncertainty.addTo(map);
  // The incidents up to the day shown (those after it had not happened yet).
  function showIncidents() {
    incidents.clearLayers();
    uncertainty.clearLayers();
    var shown = 0;
    data.incidents.features.forEach(function (f) {
      if (!(f.properties.date <= day)) return;
      shown += 1;
      incidents.addData(f);
      var m = f.properties.location_uncertainty_m;
      if (m > 0) {
        var c = f.geometry.coordinates;
        L.circle([c[1], c[0]], { radius: m, color: "#3d0000", weight: 1, opacity: 0.35, dashArray: "2 4", fill: false, interactive: false }).addTo(uncertainty);
      }
    });
    document.body.setAttribute("data-incidents-shown", String(shown));
    return shown;
  }

  L.control.layers({ "No basemap (works offline)": blank, "OpenStreetMap (needs internet)": osm },
    { "Countries": countries, "Corridor around contested stretches": corridorLayer, "Frontier segments": segments, "Settlements": settlements, "Incidents": incidents, "Where each incident may have happened": uncertainty },
    { collapsed: false }).addTo(map);
  L.control.scale({ imperial: false }).addTo(map);
  var legend = L.control({ position: "bottomright" });
  legend.onAdd = function () {
    var d = L.DomUtil.create("div", "bs-legend");
    d.innerHTML = '<i style="background:#d7191c"></i>contested<br><i style="background:#6f6f6f;height:2px"></i>settled<br>' +
      '<i style="background:repeating-linear-gradient(90deg,#d7191c 0 8px,transparent 8px 14px)"></i>dashed: being agreed at an unknown date<br>' +
      '<i style="background:rgba(215,25,28,0.2);height:10px"></i>within ' + esc(data.within_km) + ' km of contested<br>' +
      '<b class="dot" style="width:12px;height:12px;border:1px dashed rgba(61,0,0,0.6);background:none"></b>ring: where an incident may have happened<br>' +
      '<b class="dot" style="width:7px;height:7px;background:#fdae61"></b>incident, area by deaths ' +
      '<b class="dot" style="width:14px;height:14px;background:#e34a33"></b>' +
      '<b class="dot" style="width:22px;height:22px;background:#7f0000"></b>';
    return d;
  };
  legend.addTo(map);

  // The date: a slider from the first status date to the last date of interest.
  function toDays(s) { var p = s.split("-"); return Date.UTC(+p[0], +p[1] - 1, +p[2]) / 86400000; }
  function fromDays(n) { return new Date(n * 86400000).toISOString().slice(0, 10); }
  var slider = document.getElementById("day-slider");
  var input = document.getElementById("day-input");
  slider.min = toDays(data.first_day);
  slider.max = toDays(data.last_day);
  // The days where something changes: a status (or the window it changes in), a segment's
  // validity, the corridor; as ticks on the slider and a list to jump to.
  var steps = {};
  data.segments.features.forEach(function (f) {
    var p = f.properties;
    [p.valid_from, p.valid_to].forEach(function (d) { if (d) steps[d] = 1; });
    (p.history || []).forEach(function (e) { if (e.from) steps[e.from] = 1; if (e.by) steps[e.by] = 1; });
  });
  data.corridors.forEach(function (c) { if (c.from) steps[c.from] = 1; if (c.to) steps[c.to] = 1; });
  steps[data.as_of] = 1;
  var stepDays = Object.keys(steps).filter(function (d) { return d >= data.first_day && d <= data.last_day; }).sort();
  var ticks = document.getElementById("day-steps");
  var list = document.getElementById("day-list");
  stepDays.forEach(function (d) {
    var o = document.createElement("option");
    o.value = String(toDays(d));
    o.label = d;
    ticks.appendChild(o);
    var item = document.createElement("option");
    item.value = d;
    item.textContent = d;
    list.appendChild(item);
  });
  document.body.setAttribute("data-steps", String(stepDays.length));
  // The title says the day shown when it said the day the page was made for.
  var titleEl = document.getElementById("title");
  var baseTitle = titleEl.textContent;
  var datedTitle = baseTitle.slice(-data.as_of.length) === data.as_of;
  function setDay(d) {
    day = d;
    slider.value = toDays(d);
    input.value = d;
    list.value = d;
    if (datedTitle) {
      titleEl.textContent = baseTitle.slice(0, baseTitle.length - data.as_of.length) + d;
      document.title = titleEl.textContent;
    }
    segments.setStyle(segStyle);
    showFormerExclaves();
    settlements.eachLayer(function (l) {
      if (l.feature.properties.exclave_name) l.setTooltipContent(esc(settlementName(l.feature.properties)));
    });
    var shownIncidents = showIncidents();
    var total = 0, contested = 0, uncertain = 0;
    data.segments.features.forEach(function (f) {
      var s = statusAt(f.properties, day);
      if (s === "absent") return;
      total += f.properties.length_km;
      if (s === "contested") contested += f.properties.length_km;
      if (windowAt(f.properties, day)) uncertain += f.properties.length_km;
    });
    var share = total > 0 ? (100 * contested / total).toFixed(1) : "0";
    var note = uncertain > 0 ? "; " + uncertain.toFixed(0) + " km of it being agreed at an unknown date then" : "";
    document.getElementById("summary").textContent = "On " + day + ": " + contested.toFixed(0) + " km of " +
      total.toFixed(0) + " km contested (" + share + " %)" + note + "; incidents up to this day: " + shownIncidents;
    corridorLayer.clearLayers();
    data.corridors.forEach(function (c) {
      if (c.from <= day && (!c.to || day < c.to)) corridorLayer.addData(c.feature);
    });
  }
  // The day is kept in the address (map.html#2022-09-16), so that a view can be linked to.
  function dayFromAddress() {
    var m = /^#(\d{4}-\d{2}-\d{2})$/.exec(window.location.hash);
    return m ? m[1] : null;
  }
  function show(d) {
    setDay(d);
    if (window.history && window.history.replaceState) window.history.replaceState(null, "", "#" + d);
  }
  slider.addEventListener("input", function () { show(fromDays(+slider.value)); });
  list.addEventListener("change", function () { if (list.value) show(list.value); });
  input.addEventListener("change", function () { if (/^\d{4}-\d{2}-\d{2}$/.test(input.value)) show(input.value); });
  window.addEventListener("hashchange", function () { var d = dayFromAddress(); if (d) setDay(d); });
  setDay(dayFromAddress() || data.as_of);
  map.fitBounds(segments.getBounds(), { padding: [20, 20] });
  labelsForZoom();
  document.body.setAttribute("data-segments", String(segments.getLayers().length));
  document.body.setAttribute("data-ready", "yes");
})();
