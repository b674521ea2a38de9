// Search, sorting, filters and pages of rows for the book's long tables (wdl.tables).
// The table is already on the page as plain HTML; this script only adds controls to
// tables marked data-wdl-interactive, with DataTables (the bundle that itables ships,
// served by the book from _static/vendor/itables/; this script is _static/bookext/wdl-tables.js).
const bundle = new URL("../vendor/itables/dt_bundle.js", import.meta.url);
const { default: DataTable } = await import(bundle.href);

const escapeRegex = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

function cellValues(table, column) {
  const values = new Set();
  let years = true;
  for (const row of table.tBodies[0].rows) {
    const cell = row.cells[column];
    if (!cell) continue;
    const order = cell.dataset.order;
    if (order && /^\d{4}-\d{2}-\d{2}$/.test(order)) {
      values.add(order.slice(0, 4));
    } else {
      years = false;
      for (const item of cell.textContent.split("; ")) if (item.trim()) values.add(item.trim());
    }
  }
  return { years, values: [...values].sort() };
}

let counter = 0;
for (const table of document.querySelectorAll("table.wdl-table[data-wdl-interactive]")) {
  const options = JSON.parse(table.dataset.wdlInteractive);
  const headers = [...table.tHead.rows[0].cells].map((th) => th.textContent);
  for (const row of table.tBodies[0].rows)  // each value's column name, shown beside it on phones
    [...row.cells].forEach((cell, i) => cell.setAttribute("data-label", headers[i]));
  const filters = options.filters.map((column) => ({ column, ...cellValues(table, column) }));
  const dt = new DataTable(table, {
    autoWidth: false,
    order: [],
    pageLength: options.pageLength,
    lengthMenu: (() => {
      const sizes = [...new Set([options.pageLength, 10, 25, 50])].sort((a, b) => a - b);
      return [[...sizes, -1], [...sizes, "All"]];
    })(),
    language: { search: "Search the table:" },
  });
  if (!filters.length) continue;
  const bar = document.createElement("div");
  bar.className = "wdl-table-filters";
  for (const filter of filters) {
    const id = `wdl-filter-${++counter}`;
    const label = document.createElement("label");
    label.htmlFor = id;
    label.textContent = `${headers[filter.column]}${filter.years ? " (year)" : ""}: `;
    const select = document.createElement("select");
    select.id = id;
    select.append(new Option("all", ""));
    for (const value of filter.values) select.append(new Option(value, value));
    select.addEventListener("change", () => {
      const value = select.value;
      let pattern = "";
      if (value) pattern = filter.years ? `\\b${value}\\b` : `(^|; )${escapeRegex(value)}(;|$)`;
      dt.column(filter.column).search(pattern, { regex: true, smart: false }).draw();
    });
    label.append(select);
    bar.append(label);
  }
  dt.table().container().prepend(bar);
}
