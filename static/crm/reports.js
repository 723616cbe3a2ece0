/* The Reports page's charts (Chart.js, static/vendor/), drawn from the page's json_script "chart-data". */
(function () {
  var data = JSON.parse(document.getElementById("chart-data").textContent);
  var current = "#1565c0", previous = "#b0bec5";
  function datasets(series) {
    return [
      {label: data.prev_year + " · " + data.labels.batches, data: series.prev_batches, backgroundColor: previous},
      {label: data.year + " · " + data.labels.batches, data: series.batches, backgroundColor: current}
    ];
  }
  function bar(id, series, horizontal) {
    var canvas = document.getElementById(id);
    if (!canvas || !window.Chart) { return; }
    canvas.chart = new Chart(canvas, {
      type: "bar",
      data: {labels: series.labels, datasets: datasets(series)},
      options: {indexAxis: horizontal ? "y" : "x", animation: false, responsive: true,
                scales: {x: {beginAtZero: true}, y: {beginAtZero: true}}}
    });
  }
  var month = document.getElementById("chart-month");
  if (month && window.Chart) {
    var sets = datasets(data.month);
    sets.push({type: "line", label: data.prev_year + " · " + data.labels.person_times, data: data.month.prev_person_times,
               borderColor: previous, backgroundColor: previous, yAxisID: "y1", borderDash: [4, 4]});
    sets.push({type: "line", label: data.year + " · " + data.labels.person_times, data: data.month.person_times,
               borderColor: "#c62828", backgroundColor: "#c62828", yAxisID: "y1"});
    month.chart = new Chart(month, {
      type: "bar", data: {labels: data.month.labels, datasets: sets},
      options: {animation: false, responsive: true,
                scales: {y: {beginAtZero: true, position: "left"},
                         y1: {beginAtZero: true, position: "right", grid: {drawOnChartArea: false}}}}
    });
  }
  bar("chart-kind", data.kind, true);
  bar("chart-level", data.level, true);
  bar("chart-region", data.region, false);
  bar("chart-country", data.country, true);
})();
