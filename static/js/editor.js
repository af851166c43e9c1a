/* The article form: Quill 2 as the WYSIWYG editor (when static/vendor has it), the image
   picker (media library + upload), and autosave of drafts every 30 seconds.
   Without JavaScript, or without the vendor files, the form works as plain fields. */
(function () {
  "use strict";

  var form = document.getElementById("article-form");
  if (!form) { return; }
  var csrfInput = form.querySelector('input[name="csrf_token"]');
  var token = csrfInput ? csrfInput.value : "";
  var stateEl = document.getElementById("save-state");
  var maxBytes = parseInt(form.getAttribute("data-max-bytes") || "0", 10);
  var textarea = form.querySelector("textarea.body-source");
  var versionInput = form.querySelector('input[name="version"]');
  var msg = function (name, fallback) { return form.getAttribute("data-msg-" + name) || fallback; };
  var quill = null;
  var dirty = false;

  function say(text) { if (stateEl) { stateEl.textContent = text; } }

  /* ------------------------------------------------------------ rich text */
  var holder = form.querySelector("[data-rich-editor]");
  if (window.Quill && holder && textarea) {
    var box = document.createElement("div");
    box.className = "quill-box";
    holder.appendChild(box);
    quill = new window.Quill(box, {
      theme: "snow",
      modules: {
        toolbar: {
          container: [
            [{ header: [2, 3, false] }],
            ["bold", "italic", "underline"],
            [{ list: "ordered" }, { list: "bullet" }],
            ["link", "blockquote"],
            ["image"],
            ["clean"]
          ],
          handlers: { image: function () { openPicker(insertImage); } }
        }
      }
    });
    // The body was sanitized on save; Quill keeps only the formats it knows.
    quill.clipboard.dangerouslyPasteHTML(textarea.value || "", "silent");
    textarea.hidden = true;
    holder.classList.add("rich-ready");
    quill.root.setAttribute("role", "textbox");
    quill.root.setAttribute("aria-multiline", "true");
    quill.root.setAttribute("aria-labelledby", "body-label");
    labelToolbar(holder);
    quill.on("text-change", function (_delta, _old, source) {
      if (source === "user") { dirty = true; }
    });
  }

  function labelToolbar(root) {
    // Name the toolbar's icon buttons in the page's language (Quill ships none).
    var labels = {};
    try { labels = JSON.parse(form.getAttribute("data-toolbar-labels") || "{}"); } catch (e) { labels = {}; }
    root.querySelectorAll(".ql-toolbar button, .ql-toolbar .ql-picker-label").forEach(function (el) {
      var name = (el.className.match(/ql-([a-z]+)/) || [])[1];
      if (el.classList.contains("ql-picker-label")) { name = "header"; }
      var key = el.value ? name + "-" + el.value : name;
      var label = labels[key] || labels[name];
      if (label) { el.setAttribute("aria-label", label); el.setAttribute("title", label); }
    });
  }

  function syncBody() {
    if (quill && textarea) {
      // Quill 2.0.3's getSemanticHTML writes every space as &nbsp;: give lines their breaks back.
      textarea.value = quill.getSemanticHTML().replace(/&nbsp;/g, " ");
    }
  }
  form.addEventListener("submit", syncBody);

  function insertImage(item) {
    if (!quill) { return; }
    var range = quill.getSelection(true) || { index: quill.getLength() };
    quill.insertEmbed(range.index, "image", item.url, "user");
    if (item.alt) { quill.formatText(range.index, 1, "alt", item.alt, "user"); }
    quill.setSelection(range.index + 1, 0, "user");
  }

  /* ------------------------------------------------------------ image picker */
  var dialog = document.getElementById("media-picker");
  var grid = document.getElementById("picker-grid");
  var pickerMessage = document.getElementById("picker-message");
  var pickerFile = document.getElementById("picker-file");
  var pickerAlt = document.getElementById("picker-alt");
  var pickerSearch = document.getElementById("picker-q");
  var libraryUrl = form.getAttribute("data-library-url");
  var uploadUrl = form.getAttribute("data-upload-url");
  var onPick = null;

  function tooLarge(file) { return maxBytes > 0 && file.size > maxBytes; }
  function tooLargeText() {
    return msg("too-large", "Tệp quá lớn") + " (" + (maxBytes / 1048576).toFixed(1) + " MB).";
  }

  function choose(item) {
    if (dialog && dialog.open) { dialog.close(); }
    if (onPick) { onPick(item); }
    dirty = true;
  }

  function showLibrary(items) {
    grid.textContent = "";
    items.forEach(function (item) {
      var li = document.createElement("li");
      var button = document.createElement("button");
      button.type = "button";
      var img = document.createElement("img");
      img.src = item.thumb;
      img.alt = "";
      var label = document.createElement("span");
      label.textContent = item.alt || item.name || item.url;
      button.appendChild(img);
      button.appendChild(label);
      button.addEventListener("click", function () { choose(item); });
      li.appendChild(button);
      grid.appendChild(li);
    });
  }

  function loadLibrary(query) {
    fetch(libraryUrl + "?q=" + encodeURIComponent(query || ""), {
      headers: { Accept: "application/json" }, credentials: "same-origin"
    }).then(function (r) { return r.json(); })
      .then(function (data) { showLibrary(data.items || []); })
      .catch(function () { pickerMessage.textContent = msg("offline", "Mất kết nối."); });
  }

  function openPicker(callback) {
    if (!dialog || typeof dialog.showModal !== "function") { return; }
    onPick = callback;
    pickerMessage.textContent = "";
    loadLibrary(pickerSearch.value);
    dialog.showModal();
  }

  if (dialog) {
    var searchTimer = null;
    pickerSearch.addEventListener("input", function () {
      clearTimeout(searchTimer);
      searchTimer = setTimeout(function () { loadLibrary(pickerSearch.value); }, 300);
    });
    pickerFile.addEventListener("change", function () {
      var file = pickerFile.files[0];
      if (!file) { return; }
      if (tooLarge(file)) { pickerMessage.textContent = tooLargeText(); pickerFile.value = ""; return; }
      var data = new FormData();
      data.append("file", file);
      data.append("alt", pickerAlt.value);
      data.append("csrf_token", token);
      pickerMessage.textContent = msg("uploading", "Đang tải lên…");
      fetch(uploadUrl, {
        method: "POST", body: data, credentials: "same-origin",
        headers: { Accept: "application/json", "X-CSRFToken": token }
      }).then(function (r) { return r.json().catch(function () { return { ok: false }; }); })
        .then(function (res) {
          pickerFile.value = "";
          if (res.ok) { pickerMessage.textContent = ""; choose(res.media); }
          else { pickerMessage.textContent = res.message || msg("upload-failed", "Không tải lên được."); }
        })
        .catch(function () { pickerMessage.textContent = msg("offline", "Mất kết nối."); });
    });
  }

  /* ------------------------------------------------------------ featured image */
  var imageUrl = form.querySelector('input[name="image_url"]');
  var imageAlt = form.querySelector('input[name="image_alt"]');
  var imageCaption = form.querySelector('input[name="image_caption"]');
  var preview = document.getElementById("featured-preview");
  var pickFeatured = form.querySelector("[data-pick-featured]");
  if (pickFeatured && dialog && typeof dialog.showModal === "function") {
    pickFeatured.hidden = false;
    pickFeatured.addEventListener("click", function () {
      openPicker(function (item) {
        imageUrl.value = item.url;
        preview.src = item.thumb;
        preview.hidden = false;
        if (!imageAlt.value) { imageAlt.value = item.alt || ""; }
        if (!imageCaption.value) { imageCaption.value = item.caption || ""; }
      });
    });
  }
  var imageFile = form.querySelector('input[name="image_file"]');
  if (imageFile) {
    imageFile.addEventListener("change", function () {
      var file = imageFile.files[0];
      var note = imageFile.parentNode.querySelector(".js-file-error");
      if (!note) {
        note = document.createElement("p");
        note.className = "field-error js-file-error";
        note.setAttribute("role", "alert");
        imageFile.parentNode.appendChild(note);
      }
      note.textContent = "";
      // A file over the limit is never sent with the article: the text is not put at risk.
      if (file && tooLarge(file)) { note.textContent = tooLargeText(); imageFile.value = ""; }
    });
  }

  /* ------------------------------------------------------------ autosave */
  var autosaveUrl = form.getAttribute("data-autosave-url");
  if (!autosaveUrl || !window.fetch) { return; }
  var busy = false;
  var seconds = parseInt(form.getAttribute("data-autosave-seconds") || "30", 10);
  form.addEventListener("input", function () { dirty = true; });
  form.addEventListener("change", function () { dirty = true; });

  function payload() {
    syncBody();
    var data = {};
    ["title", "slug", "category_id", "summary", "body", "image_url", "image_caption",
      "image_alt", "byline", "source", "published_at", "version"].forEach(function (name) {
      var el = form.elements.namedItem(name);
      if (el && el.value !== "") { data[name] = el.value; }
    });
    var featured = form.elements.namedItem("is_featured");
    if (featured && featured.checked) { data.is_featured = "y"; }
    return data;
  }

  var timer = null;
  function autosave() {
    var title = form.elements.namedItem("title");
    if (!dirty || busy || !title || !title.value.trim()) { return; }
    busy = true;
    dirty = false;
    fetch(autosaveUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": token },
      body: JSON.stringify(payload())
    }).then(function (r) {
      return r.json().then(function (data) { return { status: r.status, data: data }; });
    }).then(function (res) {
      busy = false;
      if (res.data.ok) {
        versionInput.value = res.data.version;
        // form.action would be the submit buttons named "action": use the attribute.
        if (form.getAttribute("action") !== res.data.edit_url) {
          form.setAttribute("action", res.data.edit_url);
          autosaveUrl = res.data.autosave_url;
          if (window.history && history.replaceState) { history.replaceState(null, "", res.data.edit_url); }
        }
        say(msg("saved", "Đã tự lưu lúc") + " " + res.data.saved_at);
      } else {
        dirty = true;
        say(res.data.message || msg("not-saved", "Chưa tự lưu được."));
        if (res.data.conflict) { clearInterval(timer); }
      }
    }).catch(function () {
      busy = false;
      dirty = true;
      say(msg("offline", "Mất kết nối; sẽ thử tự lưu lại."));
    });
  }
  timer = setInterval(autosave, seconds * 1000);
  form.addEventListener("submit", function () { clearInterval(timer); });
}());
