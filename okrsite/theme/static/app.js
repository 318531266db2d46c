// okrsite: small enhancements only. Every page reads fully without this script.
(function () {
  "use strict";

  function treeTools() {
    var tools = document.querySelector(".tree-tools");
    if (!tools) return;
    tools.hidden = false;
    var nodes = function () { return document.querySelectorAll("details.node-children"); };
    document.getElementById("expand-all").addEventListener("click", function () {
      nodes().forEach(function (d) { d.open = true; });
    });
    document.getElementById("collapse-all").addEventListener("click", function () {
      nodes().forEach(function (d) { d.open = false; });
    });
    var filter = document.getElementById("team-filter");
    filter.addEventListener("change", function () {
      var team = filter.value;
      document.querySelectorAll(".tree-item").forEach(function (item) {
        if (!team) { item.classList.remove("filtered-out"); return; }
        // Keep an item when it, or anything below it, belongs to the team: the path stays visible.
        var own = item.getAttribute("data-team") === team;
        var below = item.querySelector('.tree-item[data-team="' + team + '"]') !== null;
        item.classList.toggle("filtered-out", !(own || below));
      });
    });
  }

  function periodSwitcher() {
    // Close the switcher with Escape or a click elsewhere, as a menu would.
    document.querySelectorAll("details.period-switcher").forEach(function (d) {
      document.addEventListener("click", function (e) {
        if (d.open && !d.contains(e.target)) d.open = false;
      });
      d.addEventListener("keydown", function (e) {
        if (e.key === "Escape") { d.open = false; d.querySelector("summary").focus(); }
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    treeTools();
    periodSwitcher();
  });
})();
