"""The preview's own JavaScript, run in Qt's application world (the post's JS is off).

Every function returns one self-contained expression. Values go in JSON-encoded, so an
author's text can never break out of a string literal, however large or odd it is.
"""

from __future__ import annotations

import json

__all__ = [
    "line_at_point_script",
    "page_setup_script",
    "patch_script",
    "reveal_line_script",
    "scroll_to_anchor_script",
    "scroll_to_line_script",
    "set_style_script",
    "top_line_script",
]


def _json(value: object) -> str:
    # U+2028/2029 are legal in modern JS string literals; ensure_ascii=False keeps Korean
    # text at 3 bytes a character instead of 6 (it matters for a 3 MB post).
    return json.dumps(value, ensure_ascii=False)


# Installed in every document of the page before it is parsed (QWebEngineScript at
# DocumentCreation, application world). On a big page (html.pd-big) each group
# (div.pd-group) has content-visibility: auto, so Chromium lays out only the groups near
# the viewport; that makes every group its own formatting context, and the margins of the
# blocks on either side of a group's edge would add up instead of collapsing. A group's
# margin-top takes back the difference, from the two blocks' computed margins (both
# positive: the smaller one). Reading a block's style in a group Chromium skips would make
# it lay the group out (on the 400 KB post: 540 ms and 57 MB at load), so an edge is only
# measured while the groups on both sides are rendered: when one of them starts to be (the
# contentvisibilityautostatechange event), after a patch near them, after a theme change.
# Off-screen edges wait; so does the rest of such a group's layout. Elsewhere the groups'
# margins are cleared.
_PAGE_SETUP = """
(function () {
  function shown(g) { return g.__pdShown === true; }
  // The first group still (partly) in view below the viewport's top edge, or null.
  function groupAtTop(body) {
    var all = body.querySelectorAll(':scope > .pd-group'), lo = 0, hi = all.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (all[mid].getBoundingClientRect().bottom > 0) hi = mid; else lo = mid + 1;
    }
    return lo < all.length ? all[lo] : null;
  }
  function margins(body, groups) {  // groups: the ones whose top edge to look at; null: all
    var big = document.documentElement.classList.contains('pd-big');
    var list = groups || body.querySelectorAll(':scope > .pd-group');
    var changes = [];
    for (var i = 0; i < list.length; i++) {
      var g = list[i];
      if (!g || g.nodeType !== 1 || g.parentNode !== body) continue;
      var want = '', prev = g.previousElementSibling;
      if (big && prev && prev.classList.contains('pd-group')) {
        if (!shown(g) || !shown(prev)) continue;  // measured once both are rendered
        var a = prev.lastElementChild, b = g.firstElementChild;
        if (a && b) {
          var after = parseFloat(getComputedStyle(a).marginBottom) || 0;
          var before = parseFloat(getComputedStyle(b).marginTop) || 0;
          var fix = Math.max(0, after, before) + Math.min(0, after, before) - (after + before);
          if (fix) want = fix + 'px';
        }
      }
      if (g.style.marginTop !== want) changes.push([g, want]);
    }
    if (!changes.length) return;
    // What the reader sees must not move. Chromium's scroll anchoring does not make up for
    // a margin changed on the anchor's own group (a margin on an ancestor suppresses it),
    // so the group at the viewport's top is measured before and after, and the page
    // scrolled by what it moved (nothing when Chromium did make up for it).
    var ref = window.scrollY > 0 ? groupAtTop(body) : null;
    var before = ref !== null ? ref.getBoundingClientRect().top : 0;
    for (var c = 0; c < changes.length; c++) changes[c][0].style.marginTop = changes[c][1];
    if (ref !== null) {
      var moved = ref.getBoundingClientRect().top - before;
      if (moved) window.scrollBy(0, moved);
    }
  }
  window.pdGroupMargins = margins;

  // The blocks that carry a source line, with their page offsets, in document order.
  // Hidden ones (no boxes: inside a closed <details>, display:none) are skipped. On a big
  // page, a top-level box Chromium is skipping (content-visibility) stands for every block
  // in it with its first line: asking for the place of a block inside would make Chromium
  // lay the box out (every group of the 400 KB post: 0.65 s and ~90 MB of the renderer).
  function blocks() {
    var list = [], body = document.getElementById('post-body');
    if (!body) return list;
    var big = document.documentElement.classList.contains('pd-big');
    var els = body.querySelectorAll('[data-source-line]');
    var skipped = null;
    for (var i = 0; i < els.length; i++) {
      var el = els[i], box = el;
      var line = parseInt(el.getAttribute('data-source-line'), 10);
      if (isNaN(line)) continue;
      if (big) {
        var top = el;
        while (top && top.parentNode !== body) top = top.parentNode;
        if (top && top === skipped) continue;
        if (top && top !== el && top.__pdShown !== true) skipped = box = top;
      }
      var rects = box.getClientRects();
      if (!rects.length) continue;
      list.push({line: line, top: rects[0].top + window.scrollY, rough: box !== el});
    }
    return list;
  }

  // Scroll so the block holding `line` is at the top: the last block starting at or
  // before it, plus the fraction of the way to the next block (as VS Code's preview does).
  // If that block was inside a skipped box, the place was a guess: once Chromium has laid
  // out a box that came into view, the scroll is done again: for 300 ms and at least ten
  // frames after the ask (a busy machine draws fewer frames, and lays out later), unless
  // the reader scrolls or clicks first.
  var refine = null, counting = false;  // refine: {line, ask: {until, frames}}
  function expired(ask) { return ask.frames >= 10 && Date.now() >= ask.until; }
  function countFrames() {
    if (refine !== null) refine.ask.frames++;
    if (refine !== null && expired(refine.ask)) refine = null;
    counting = refine !== null;
    if (counting) requestAnimationFrame(countFrames);
  }
  function scrollToLine(line, ask) {
    var list = blocks();
    var best = null, next = null;
    for (var i = 0; i < list.length; i++) {
      if (list[i].line <= line && (best === null || list[i].line > best.line)) best = list[i];
    }
    var y = 0;
    if (best !== null) {
      for (var k = 0; k < list.length; k++) {
        var b = list[k];
        if (b.line > best.line && b.top > best.top && (next === null || b.line < next.line)) {
          next = b;
        }
      }
      y = best.top;
      if (next !== null && line > best.line) {
        y += (next.top - best.top) * Math.min(1, (line - best.line) / (next.line - best.line));
      }
    }
    y = Math.max(0, Math.round(y));
    window.scrollTo(0, y);
    refine = null;
    if (best !== null && best.rough) {
      refine = {line: line, ask: ask || {until: Date.now() + 300, frames: 0}};
      if (!counting) {
        counting = true;
        requestAnimationFrame(countFrames);
      }
    }
    return window.scrollY;
  }
  window.pdScrollToLine = function (line) { return scrollToLine(line); };

  // Scroll as little as needed for the block holding `line` to be in view (the text being
  // typed: at the end of a post, the blocks below the synced top line can be taller than
  // the viewport, with images in them, and new text would land out of sight).
  window.pdRevealLine = function (line) {
    var list = blocks(), best = null;
    for (var i = 0; i < list.length; i++) {
      if (list[i].line <= line && (best === null || list[i].line >= best.line)) best = list[i];
    }
    if (best === null) return window.scrollY;
    var bottom = document.documentElement.scrollHeight, margin = 16;
    for (var k = 0; k < list.length; k++) {
      if (list[k].top > best.top && list[k].top < bottom) bottom = list[k].top;
    }
    var top = best.top - window.scrollY, end = bottom - window.scrollY;
    var height = window.innerHeight;
    if (end > height) window.scrollBy(0, Math.min(end - height + margin, top - margin));
    else if (top < 0) window.scrollBy(0, top - margin);
    return window.scrollY;
  };
  ['wheel', 'mousedown', 'keydown', 'touchstart'].forEach(function (type) {
    document.addEventListener(type, function () { refine = null; }, true);
  });

  // The source line at the top of the viewport (the inverse of the above): -1 when the
  // page has no blocks.
  window.pdTopLine = function () {
    var list = blocks();
    if (!list.length) return -1;
    var y = window.scrollY;
    if (y <= 0) return 0;
    var best = null;
    for (var i = 0; i < list.length; i++) {
      if (list[i].top <= y + 1 && (best === null || list[i].top >= best.top)) best = list[i];
    }
    if (best === null) return list[0].line;
    var next = null;
    for (var k = 0; k < list.length; k++) {
      var b = list[k];
      if (b.top > best.top && b.line > best.line && (next === null || b.top < next.top)) next = b;
    }
    if (next === null) return best.line;
    return Math.floor(best.line + (next.line - best.line) * (y - best.top) / (next.top - best.top));
  };

  document.addEventListener('contentvisibilityautostatechange', function (e) {
    var box = e.target, body = box.parentNode;
    if (!body || body.id !== 'post-body') return;
    box.__pdShown = !e.skipped;
    if (e.skipped) return;
    if (box.classList.contains('pd-group')) margins(body, [box, box.nextElementSibling]);
    if (refine !== null) {
      var again = refine;
      refine = null;
      if (!expired(again.ask)) scrollToLine(again.line, again.ask);
    }
  }, true);
})();
"""


def page_setup_script() -> str:
    """The page's own setup, to run before anything is parsed (see _PAGE_SETUP)."""
    return _PAGE_SETUP


# Diff of #post-body's top-level nodes against the new HTML: keep the common prefix and
# suffix; in between, keep every old node whose HTML reappears a little further on (a
# changed heading also changes the toc at the end: the blocks between must survive) and
# replace the rest. Each node remembers the HTML it was made from (__pdKey, an expando
# only this world sees), so kept blocks are never touched: their images do not reload and
# the page does not flash. Returns JSON (Qt drops JavaScript objects).
_PATCH = """
(function (p) {
  var pdGroupMargins = window.pdGroupMargins;  // from the page setup (_PAGE_SETUP)
  var LOOKAHEAD = 64;
  function key(n) {
    if (n.nodeType === 1) return n.outerHTML;
    if (n.nodeType === 3) return '#t' + n.data;
    if (n.nodeType === 8) return '#c' + n.data;
    return '#' + n.nodeType;
  }
  var out = {ok: true, inserted: 0, removed: 0};
  if (p.title !== null) document.title = p.title;
  if (p.lang !== null) document.documentElement.lang = p.lang;
  var wasBig = document.documentElement.classList.contains('pd-big');
  document.documentElement.classList.toggle('pd-big', p.big);
  if (p.header !== null) {
    var old = document.querySelector('header.post-header');
    var t0 = document.createElement('template');
    t0.innerHTML = p.header;
    var fresh = t0.content.firstElementChild;
    if (old && fresh && old.outerHTML !== fresh.outerHTML) {
      old.replaceWith(document.importNode(fresh, true));
    } else if (!old && fresh) {
      var article = document.querySelector('article.post') || document.body;
      article.insertBefore(document.importNode(fresh, true), article.firstChild);
    }
  }
  var body = document.getElementById('post-body');
  if (p.splice !== null) {
    if (!body) return JSON.stringify({ok: false});
    // A long body's pieces sit in groups (div.pd-group, see app.core.render.pieces.GROUP): the
    // marks and pieces are then the groups' children, taken in document order.
    var isGroup = function (n) {
      return n.nodeType === 1 && n.parentNode === body && n.classList.contains('pd-group');
    };
    var after = function (n) {  // the next piece node or mark, across groups
      for (;;) {
        var s = n.nextSibling;
        if (!s) {
          if (n.parentNode === body) return null;
          n = n.parentNode;
        } else if (isGroup(s)) {
          if (s.firstChild) return s.firstChild;
          n = s;
        } else {
          return s;
        }
      }
    };
    var touched = function (n) {  // a changed group no longer matches its old html
      if (n.parentNode !== body) n.parentNode.__pdKey = undefined;
    };
    var marks = [];
    for (var c = body.firstChild; c; c = c.nextSibling) {
      if (c.nodeType === 8 && c.data === 'pd') marks.push(c);
      else if (isGroup(c)) {
        for (var g = c.firstChild; g; g = g.nextSibling) {
          if (g.nodeType === 8 && g.data === 'pd') marks.push(g);
        }
      }
    }
    if (marks.length !== p.splice.count) { out.splice = false; return JSON.stringify(out); }
    var stop = marks[p.splice.at + p.splice.remove];
    var firstGroup = marks[p.splice.at].parentNode;
    for (var gone = marks[p.splice.at]; gone !== stop; out.removed++) {
      var next = after(gone), parent = gone.parentNode;
      touched(gone);
      parent.removeChild(gone);
      if (parent !== body && !parent.firstChild) body.removeChild(parent);
      gone = next;
    }
    var piece = document.createElement('template');
    piece.innerHTML = p.splice.html;
    out.inserted = piece.content.childNodes.length;
    touched(stop);
    stop.parentNode.insertBefore(document.importNode(piece.content, true), stop);
    if (wasBig !== p.big) pdGroupMargins(body, null);
    else if (p.big) {  // the groups whose first or last block may have changed, and the next
      var around = [firstGroup, stop.parentNode];
      around.push(firstGroup.nextElementSibling, stop.parentNode.nextElementSibling);
      pdGroupMargins(body, around);
    }
    if (p.splice.shift) {
      var moved = function (el) {
        var line = parseInt(el.getAttribute('data-source-line'), 10);
        el.setAttribute('data-source-line', String(line + p.splice.shift));
      };
      for (var n = stop; n; n = after(n)) {
        if (n.nodeType !== 1) continue;
        n.__pdKey = undefined;  // its html changed: never match it by the old one
        touched(n);
        if (n.hasAttribute('data-source-line')) moved(n);
        n.querySelectorAll('[data-source-line]').forEach(moved);
        out.shifted = (out.shifted || 0) + 1;
      }
    }
    return JSON.stringify(out);
  }
  if (p.body === null) {
    if (body && wasBig !== p.big) pdGroupMargins(body, null);
    return JSON.stringify(out);
  }
  if (!body) return JSON.stringify({ok: false});
  var t = document.createElement('template');
  t.innerHTML = p.body;
  var nodes = Array.prototype.slice.call(t.content.childNodes);
  var keys = nodes.map(key);
  var olds = Array.prototype.slice.call(body.childNodes);
  var oldKeys = olds.map(function (n) {
    if (n.__pdKey === undefined) n.__pdKey = key(n);
    return n.__pdKey;
  });
  var start = 0;
  while (start < olds.length && start < nodes.length && oldKeys[start] === keys[start]) start++;
  var endOld = olds.length, endNew = nodes.length;
  while (endOld > start && endNew > start && oldKeys[endOld - 1] === keys[endNew - 1]) {
    endOld--; endNew--;
  }
  var where = new Map();  // key -> {at: old indexes in the middle, ascending; next: first unused}
  for (var i = start; i < endOld; i++) {
    var slot = where.get(oldKeys[i]);
    if (!slot) where.set(oldKeys[i], slot = {at: [], next: 0});
    slot.at.push(i);
  }
  var cursor = start;
  var ref = endOld < olds.length ? olds[endOld] : null;
  function removeUpTo(limit) {
    for (; cursor < limit; cursor++) { body.removeChild(olds[cursor]); out.removed++; }
  }
  for (var j = start; j < endNew; j++) {
    var found = -1, s = where.get(keys[j]);
    if (s) {
      while (s.next < s.at.length && s.at[s.next] < cursor) s.next++;
      if (s.next < s.at.length && s.at[s.next] - cursor <= LOOKAHEAD) found = s.at[s.next++];
    }
    if (found >= 0) {
      removeUpTo(found);
      cursor = found + 1;  // kept as it is
    } else {
      var n = document.importNode(nodes[j], true);
      n.__pdKey = keys[j];
      body.insertBefore(n, cursor < endOld ? olds[cursor] : ref);
      out.inserted++;
    }
  }
  removeUpTo(endOld);
  pdGroupMargins(body, null);
  return JSON.stringify(out);
})(%s)
"""


def patch_script(
    body: str | None,
    header: str | None,
    title: str | None,
    lang: str | None,
    *,
    big: bool,
    splice: dict[str, object] | None = None,
) -> str:
    """Replace the changed top-level blocks of ``#post-body`` and the header (None: keep).

    ``splice`` instead replaces the nodes between two ``<!--pd-->`` marks of the body
    (``at``, ``remove``, ``html``, ``count``) and adds ``shift`` to the source lines of
    the nodes after them (see ``app.core.render.pieces.splice``); when the page does not hold
    ``count`` marks it changes nothing there and answers ``"splice": false``.
    ``big`` sets the ``pd-big`` class on ``<html>`` (lazy rendering of offscreen blocks).
    """
    payload = {
        "body": body, "header": header, "title": title, "lang": lang, "big": big,
        "splice": splice,
    }  # fmt: skip
    return _PATCH % _json(payload)


def scroll_to_line_script(line: int) -> str:
    """Scroll so the block holding ``line`` is at the top (see ``pdScrollToLine``)."""
    return f"window.pdScrollToLine({_json(int(line))})"


def reveal_line_script(line: int) -> str:
    """Scroll as little as needed to bring the block holding ``line`` into view."""
    return f"window.pdRevealLine({_json(int(line))})"


def top_line_script() -> str:
    """The source line at the top of the viewport, -1 when the page has no blocks."""
    return "window.pdTopLine()"


_LINE_AT_POINT = """
(function (x, y) {
  var el = document.elementFromPoint(x, y);
  while (el && el.nodeType === 1) {
    if (el.hasAttribute('data-source-line')) {
      var line = parseInt(el.getAttribute('data-source-line'), 10);
      if (!isNaN(line)) return line;
    }
    el = el.parentElement;
  }
  return -1;
})(%s, %s)
"""


def line_at_point_script(x: float, y: float) -> str:
    """The source line of the innermost block under a point (CSS pixels), or -1."""
    return _LINE_AT_POINT % (_json(float(x)), _json(float(y)))


_SCROLL_TO_ANCHOR = """
(function (id) {
  var el = document.getElementById(id);
  if (!el) {
    var named = document.getElementsByName(id);
    el = named.length ? named[0] : null;
  }
  if (!el) return false;
  el.scrollIntoView({block: 'start'});
  return true;
})(%s)
"""


def scroll_to_anchor_script(anchor: str) -> str:
    return _SCROLL_TO_ANCHOR % _json(anchor)


# Theme switch without a reload: the first <style> in <head> is the page's stylesheet.
# New margins may need new group margins (see _PAGE_SETUP).
_SET_STYLE = """
(function (css, dark) {
  var pdGroupMargins = window.pdGroupMargins;  // from the page setup (_PAGE_SETUP)
  var style = document.querySelector('head style');
  if (!style) {
    style = document.createElement('style');
    document.head.appendChild(style);
  }
  if (style.textContent !== css) style.textContent = css;
  document.documentElement.classList.toggle('dark', dark);
  var body = document.getElementById('post-body');
  if (body) pdGroupMargins(body, null);
  return true;
})(%s, %s)
"""


def set_style_script(css: str, dark: bool) -> str:
    return _SET_STYLE % (_json(css), _json(bool(dark)))
