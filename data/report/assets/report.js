// walkshed report maps: pan and zoom by the SVG viewBox, layer toggles,
// hover names, a scale bar that follows the zoom. No library, no network.
(function () {
  'use strict';
  var MIN_LABEL_PX = 46; // a grid narrower than this on screen shows no name

  function niceMetres(m) {
    var p = Math.pow(10, Math.floor(Math.log(m) / Math.LN10));
    var steps = [5, 2, 1];
    for (var i = 0; i < steps.length; i++) {
      if (steps[i] * p <= m) return steps[i] * p;
    }
    return p;
  }

  function distanceLabel(m) {
    return m >= 1000 ? (m / 1000) + ' km' : m + ' m';
  }

  function setup(fig) {
    var svg = fig.querySelector('svg.map');
    if (!svg) return null;
    var home = svg.getAttribute('viewBox').split(/[ ,]+/).map(Number);
    var vb = home.slice();
    var bar = fig.querySelector('.scalebar .bar');
    var barText = fig.querySelector('.scalebar span');
    var info = fig.querySelector('.info');
    var labels = svg.querySelectorAll('text.lbl');

    function unitsPerPx() {
      var r = svg.getBoundingClientRect();
      if (!r.width || !r.height) return 0;
      return Math.max(vb[2] / r.width, vb[3] / r.height);
    }

    // apply writes the view; u is unitsPerPx() measured beforehand, so
    // that the page can measure every map before writing any (one layout).
    function apply(u) {
      svg.setAttribute('viewBox', vb.map(function (v) { return +v.toFixed(2); }).join(' '));
      if (u === undefined) u = unitsPerPx();
      if (!u) return;
      // Restyling every label and symbol of a large map is slow: leave the
      // size the page was written with when it is within 3 %.
      var s0 = +svg.style.getPropertyValue('--s');
      if (!(Math.abs(u / s0 - 1) < 0.03)) svg.style.setProperty('--s', u.toPrecision(4));
      if (bar) {
        var m = niceMetres(110 * u);
        bar.style.width = (m / u).toFixed(1) + 'px';
        barText.textContent = distanceLabel(m);
      }
      for (var i = 0; i < labels.length; i++) {
        var small = +labels[i].getAttribute('data-w') / u < MIN_LABEL_PX;
        if (small !== labels[i].classList.contains('small')) labels[i].classList.toggle('small', small);
      }
    }

    function zoom(f, cx, cy) {
      var w = vb[2] * f;
      if (w < home[2] / 400 || w > home[2] * 4) return;
      var h = vb[3] * f;
      vb = [cx - (cx - vb[0]) * f, cy - (cy - vb[1]) * f, w, h];
      apply();
    }

    function toUser(ev) {
      var m = svg.getScreenCTM();
      if (!m) return { x: vb[0] + vb[2] / 2, y: vb[1] + vb[3] / 2 };
      var p = svg.createSVGPoint();
      p.x = ev.clientX;
      p.y = ev.clientY;
      return p.matrixTransform(m.inverse());
    }

    svg.addEventListener('wheel', function (ev) {
      ev.preventDefault();
      var p = toUser(ev);
      zoom(ev.deltaY < 0 ? 1 / 1.3 : 1.3, p.x, p.y);
    }, { passive: false });

    svg.addEventListener('dblclick', function (ev) {
      var p = toUser(ev);
      zoom(ev.shiftKey ? 2 : 0.5, p.x, p.y);
    });

    var drag = null;
    svg.addEventListener('pointerdown', function (ev) {
      if (ev.button !== 0) return;
      drag = { x: ev.clientX, y: ev.clientY, vb: vb.slice(), u: unitsPerPx() };
      svg.setPointerCapture(ev.pointerId);
      svg.classList.add('dragging');
    });
    svg.addEventListener('pointermove', function (ev) {
      if (!drag) return;
      vb[0] = drag.vb[0] - (ev.clientX - drag.x) * drag.u;
      vb[1] = drag.vb[1] - (ev.clientY - drag.y) * drag.u;
      apply();
    });
    function endDrag() {
      drag = null;
      svg.classList.remove('dragging');
    }
    svg.addEventListener('pointerup', endDrag);
    svg.addEventListener('pointercancel', endDrag);

    fig.querySelectorAll('button[data-zoom]').forEach(function (b) {
      b.addEventListener('click', function () {
        var z = b.getAttribute('data-zoom');
        if (z === 'home') {
          vb = home.slice();
          apply();
          return;
        }
        zoom(z === 'in' ? 0.5 : 2, vb[0] + vb[2] / 2, vb[1] + vb[3] / 2);
      });
    });

    fig.querySelectorAll('input[data-layer]').forEach(function (box) {
      var sync = function () {
        svg.classList.toggle('hide-' + box.getAttribute('data-layer'), !box.checked);
      };
      box.addEventListener('change', sync);
      sync();
    });

    if (info) {
      var hint = info.textContent;
      svg.addEventListener('mouseover', function (ev) {
        var el = ev.target.closest ? ev.target.closest('[data-name]') : null;
        info.textContent = el ? el.getAttribute('data-name') : hint;
      });
      svg.addEventListener('mouseleave', function () { info.textContent = hint; });
    }

    fig.setAttribute('data-ready', '1');
    return { measure: unitsPerPx, apply: apply };
  }

  var maps = [];
  function refresh() {
    var us = maps.map(function (m) { return m.measure(); });
    maps.forEach(function (m, i) { m.apply(us[i]); });
  }
  // Set up after the first paint, which shows the maps as written: on a
  // region's report, measuring during parsing would lay the page out twice.
  requestAnimationFrame(function () {
    setTimeout(function () {
      document.querySelectorAll('figure.map-fig').forEach(function (fig) {
        var m = setup(fig);
        if (m) maps.push(m);
      });
      window.addEventListener('resize', refresh);
      window.addEventListener('beforeprint', refresh);
      refresh();
      document.documentElement.setAttribute('data-maps-ready', String(maps.length));
    }, 0);
  });
})();
// Page-wide layer boxes (the residents' cards): a box with data-layer-all
// shows or hides that layer on every map of the page.
(function () {
  'use strict';
  document.querySelectorAll('input[data-layer-all]').forEach(function (box) {
    var sync = function () {
      document.body.classList.toggle('hide-' + box.getAttribute('data-layer-all'), !box.checked);
    };
    box.addEventListener('change', sync);
    sync();
  });
})();
