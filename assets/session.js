// Signed out while the page was open (the session's idle time passed, or Sign out in
// another tab): the page's next request to the server is refused with 401. Reload, so
// that the sign-in page shows and then brings the user back to this address. Without
// login no request is ever refused this way.
(function () {
  var original = window.fetch;
  if (!original) {
    return;
  }
  var reloading = false;
  window.fetch = function () {
    return original.apply(this, arguments).then(function (response) {
      if (response.status === 401 && !reloading) {
        reloading = true;
        window.location.reload();
      }
      return response;
    });
  };
})();
