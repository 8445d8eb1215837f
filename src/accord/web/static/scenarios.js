// The scenario form: a weight's slider and its number box move together.
// Event delegation, so the controls HTMX swaps in work too. Without this script the
// number box alone holds the weight (only it is posted).
document.addEventListener("input", function (event) {
  var el = event.target;
  var twin = el && el.dataset ? el.dataset.twin : null;
  if (!twin) return;
  var other = document.getElementById(twin);
  if (other) other.value = el.value;
});
