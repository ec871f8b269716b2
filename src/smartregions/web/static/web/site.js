// Progressive enhancement only; every page works without JavaScript.
(function () {
  "use strict";

  // Code inputs take several comma-separated codes, but a <datalist> suggests whole values.
  // Keep the codes already typed in front of every suggestion, so picking one appends it.
  function enhanceCodeList(input) {
    const list = input.list;
    if (!list || input.dataset.codeListReady) {
      return;
    }
    input.dataset.codeListReady = "1";
    const options = Array.from(list.options);
    options.forEach(function (option) {
      option.dataset.code = option.value;
    });
    input.addEventListener("input", function () {
      const cut = input.value.lastIndexOf(",");
      const prefix = cut < 0 ? "" : input.value.slice(0, cut + 1).trimEnd() + " ";
      options.forEach(function (option) {
        option.value = prefix + option.dataset.code;
      });
    });
  }

  function init(root) {
    root.querySelectorAll("input[data-code-list]").forEach(enhanceCodeList);
    // After a failed submit, move focus to the error summary so screen readers announce it.
    const summary = root.querySelector(".error-summary");
    if (summary) {
      summary.focus();
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    init(document);
  });
  document.addEventListener("htmx:load", function (event) {
    init(event.detail.elt);
  });
})();
