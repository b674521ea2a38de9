// Each figure's image opens full size: on a phone a figure is drawn smaller than its text needs,
// and the notebooks tell readers to tap it.
for (const img of document.querySelectorAll("figure img")) {
  if (img.closest("a")) continue;
  const link = document.createElement("a");
  link.href = img.getAttribute("src");
  link.className = "wdl-figure-link";
  link.title = "Open the figure full size";
  img.replaceWith(link);
  link.append(img);
}
