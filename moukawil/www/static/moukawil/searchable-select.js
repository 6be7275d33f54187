// Keeps only the options of a <select> that match what is typed in its search box (widget SearchableSelect).
// Every word typed must appear in the option's data-search (both names and the code); case, Latin accents and
// Arabic short vowels are ignored. Enter picks the first match, Arrow Down moves into the list; the number of
// matches is announced by the status line (aria-live).
(function () {
  "use strict";
  const fold = (text) => text.normalize("NFD").replace(/[\u0300-\u036f\u064b-\u0652\u0640]/g, "").toLowerCase();

  function setUp(input) {
    const select = document.getElementById(input.getAttribute("aria-controls"));
    const status = document.getElementById(input.getAttribute("aria-describedby"));
    const loose = Array.from(select.children).filter((node) => node.tagName === "OPTION");
    const groups = Array.from(select.querySelectorAll("optgroup")).map((group) => ({
      group,
      options: Array.from(group.children).map((option) => ({ option, text: fold(option.dataset.search || option.text) })),
    }));

    function filter() {
      const words = fold(input.value).split(/\s+/).filter(Boolean);
      const kept = [];
      const matches = [];
      for (const { group, options } of groups) {
        const hits = options.filter(({ text }) => words.every((word) => text.includes(word))).map(({ option }) => option);
        // The chosen option stays in the list even when it does not match, so the choice is never lost.
        const shown = options.map(({ option }) => option).filter((option) => option.selected || hits.includes(option));
        group.replaceChildren(...shown);
        if (shown.length) kept.push(group);
        matches.push(...hits);
      }
      select.replaceChildren(...loose, ...kept);
      if (!words.length) {
        status.textContent = "";
      } else if (!matches.length) {
        status.textContent = input.dataset.none;
      } else if (matches.length === 1) {
        matches[0].selected = true;
        select.dispatchEvent(new Event("change", { bubbles: true }));
        status.textContent = `${input.dataset.one} ${matches[0].text}`;
      } else {
        status.textContent = input.dataset.many.replace("{count}", matches.length);
      }
      return matches;
    }

    input.addEventListener("input", filter);
    input.addEventListener("keydown", (event) => {
      if (event.key === "Enter") {
        event.preventDefault(); // not the form's submission
        const first = filter()[0];
        if (first) {
          first.selected = true;
          select.dispatchEvent(new Event("change", { bubbles: true }));
          select.focus();
        }
      } else if (event.key === "ArrowDown") {
        event.preventDefault();
        select.focus();
      }
    });
  }

  document.querySelectorAll("input[data-searchable-select]").forEach(setUp);
})();
