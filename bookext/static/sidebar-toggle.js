// The themes wire the navigation menu to the first ".primary-toggle" button of the page, a
// button sphinx-book-theme hides; the one readers see (in the article header) does nothing,
// so on a phone the list of chapters could not be opened. Pass its clicks on to the first.
document.addEventListener("DOMContentLoaded", function () {
  var buttons = document.querySelectorAll(".primary-toggle");
  for (var i = 1; i < buttons.length; i++) {
    buttons[i].addEventListener("click", function (event) {
      event.preventDefault();
      buttons[0].click();
    });
  }
});
