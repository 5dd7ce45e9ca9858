// Starts GOV.UK Frontend's components: the error summary takes focus, success banners are
// announced, buttons ignore double clicks, the menu folds on small screens. Every page works
// without this; it is loaded as a module, so browsers too old for GOV.UK Frontend skip it.
import { initAll } from "./govuk-frontend-6.6.0.min.js";

document.body.classList.add("govuk-frontend-supported");
initAll();
// Content htmx swaps in (the dashboard at another date, the filtered councils) gets its
// components started too.
document.body.addEventListener("htmx:afterSettle", (event) => {
  initAll({ scope: event.detail.elt });
});
