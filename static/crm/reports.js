/* The Reports page's charts (Chart.js, static/vendor/), drawn from the page's json_script "chart-data" (issue 15
   item 20): every category label shown (bars lie horizontal and their box grows with the rows, ticks never skipped),
   values on hover (both years, batches and person-times), and this year against last year month by month. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("chart-data").textContent);
  if (!window.Chart) { return; }
  var current = "#1565c0", previous = "#90a4ae", people = "#c62828";
  var ROW = 26, CHROME = 80;  // px per category row, px for the legend and the value axis

  function fit(canvas, rows) {
    canvas.parentElement.style.height = Math.max(180, rows * ROW + CHROME) + "px";
  }

  function number(value) { return value === null || value === undefined ? "–" : Number(value).toLocaleString(); }

  // On hover: the row's label, then per year "batches (person-times)".
  function categoryTooltip(series) {
    return {
      callbacks: {
        label: function (item) {
          var prev = item.datasetIndex === 0;
          var people = (prev ? series.prev_person_times : series.person_times)[item.dataIndex];
          return item.dataset.label + ": " + number(item.raw) + " · " + data.labels.person_times + " " + number(people);
        }
      }
    };
  }

  function bar(id, series) {
    var canvas = document.getElementById(id);
    if (!canvas) { return; }
    fit(canvas, series.labels.length);
    canvas.chart = new Chart(canvas, {
      type: "bar",
      data: {labels: series.labels, datasets: [
        {label: data.prev_year + " · " + data.labels.batches, data: series.prev_batches, backgroundColor: previous},
        {label: data.year + " · " + data.labels.batches, data: series.batches, backgroundColor: current}
      ]},
      options: {
        indexAxis: "y", animation: false, responsive: true, maintainAspectRatio: false,
        interaction: {mode: "index", axis: "y", intersect: false},
        plugins: {tooltip: categoryTooltip(series)},
        scales: {
          x: {beginAtZero: true, ticks: {precision: 0}},
          y: {ticks: {autoSkip: false}}
        }
      }
    });
  }

  function months(id, series, sets, axes) {
    var canvas = document.getElementById(id);
    if (!canvas) { return; }
    canvas.parentElement.style.height = "300px";
    canvas.chart = new Chart(canvas, {
      type: "bar", data: {labels: series.labels, datasets: sets},
      options: {
        animation: false, responsive: true, maintainAspectRatio: false,
        interaction: {mode: "index", intersect: false},
        plugins: {tooltip: {callbacks: {label: function (item) { return item.dataset.label + ": " + number(item.raw); }}}},
        scales: axes
      }
    });
  }

  var monthAxes = {
    x: {ticks: {autoSkip: false, maxRotation: 90}},
    y: {beginAtZero: true, position: "left", ticks: {precision: 0}, title: {display: true, text: data.labels.batches}},
    y1: {beginAtZero: true, position: "right", grid: {drawOnChartArea: false}, ticks: {precision: 0},
         title: {display: true, text: data.labels.person_times}}
  };

  var run = data.running;
  months("chart-year", run, [
    {type: "line", label: data.prev_year + " · " + data.labels.running_person_times, data: run.prev_person_times,
     borderColor: previous, backgroundColor: previous, borderDash: [5, 4], yAxisID: "y1"},
    {type: "line", label: data.year + " · " + data.labels.running_person_times, data: run.person_times,
     borderColor: people, backgroundColor: people, yAxisID: "y1"},
    {type: "line", label: data.prev_year + " · " + data.labels.running_batches, data: run.prev_batches,
     borderColor: "#b0bec5", backgroundColor: "#b0bec5", borderDash: [2, 3], yAxisID: "y"},
    {type: "line", label: data.year + " · " + data.labels.running_batches, data: run.batches,
     borderColor: current, backgroundColor: current, yAxisID: "y"}
  ], monthAxes);

  var month = data.month;
  months("chart-month", month, [
    {label: data.prev_year + " · " + data.labels.batches, data: month.prev_batches, backgroundColor: previous, yAxisID: "y"},
    {label: data.year + " · " + data.labels.batches, data: month.batches, backgroundColor: current, yAxisID: "y"},
    {type: "line", label: data.prev_year + " · " + data.labels.person_times, data: month.prev_person_times,
     borderColor: previous, backgroundColor: previous, yAxisID: "y1", borderDash: [4, 4]},
    {type: "line", label: data.year + " · " + data.labels.person_times, data: month.person_times,
     borderColor: people, backgroundColor: people, yAxisID: "y1"}
  ], monthAxes);

  bar("chart-kind", data.kind);
  bar("chart-level", data.level);
  bar("chart-region", data.region);
  bar("chart-country", data.country);
})();
