// The decision surface under the pointer: each class's probability at the shown epoch; clicks add points for a CSV.
(() => {
  const data = JSON.parse(document.getElementById('data').textContent), sd = data.surface;
  const hit = document.getElementById('surface-hit'), tip = document.getElementById('surface-tip');
  const slider = document.getElementById('epoch'), csv = document.getElementById('csv');
  const [xmin, xmax, ymin, ymax, res] = sd.grid;
  const points = [];
  let cached = [-1, null];
  hit.style.left = `${100 * sd.left / sd.width}%`; hit.style.top = `${100 * sd.top / sd.height}%`;
  hit.style.width = `${100 * sd.side / sd.width}%`; hit.style.height = `${100 * sd.side / sd.height}%`;

  function probs(frame) {  // (classes, res, res) as one Uint16Array, decoded once per frame shown
    if (cached[0] !== frame) {
      const bytes = Uint8Array.from(atob(sd.probs[frame]), ch => ch.charCodeAt(0));
      cached = [frame, new Uint16Array(bytes.buffer)];
    }
    return cached[1];
  }
  // bilinear between the four grid samples around (u, v) in [0, 1]^2, as the frame is drawn
  function at(frame, u, v) {
    const p = probs(frame), gx = u * (res - 1), gy = v * (res - 1);
    const c0 = Math.min(Math.floor(gx), res - 2), r0 = Math.min(Math.floor(gy), res - 2), fx = gx - c0, fy = gy - r0;
    const planes = Array.from({length: p.length / (res * res)}, (_, c) => {
      const o = c * res * res, g = (r, q) => p[o + (r0 + r) * res + c0 + q] / sd.scale;
      return (1 - fy) * ((1 - fx) * g(0, 0) + fx * g(0, 1)) + fy * ((1 - fx) * g(1, 0) + fx * g(1, 1));
    });
    return planes.length === 1 ? [1 - planes[0], planes[0]] : planes;  // two classes: the file holds p(class 1)
  }
  function where(event) {
    const box = hit.getBoundingClientRect();
    const u = Math.min(Math.max((event.clientX - box.left) / box.width, 0), 1);
    const v = Math.min(Math.max((event.clientY - box.top) / box.height, 0), 1);
    return [u, v, xmin + u * (xmax - xmin), ymax - v * (ymax - ymin)];
  }
  hit.addEventListener('mousemove', event => {
    const [u, v, x1, x2] = where(event), p = at(+slider.value, u, v);
    const rows = p.map((q, c) => `<span class="swatch" style="background:${sd.colours[c]}"></span>class ${c} <b>${(100 * q).toFixed(1)}%</b>`);
    tip.innerHTML = `<div>x1 ${x1.toFixed(2)}, x2 ${x2.toFixed(2)} \u00b7 epoch ${data.epoch[+slider.value]}</div>${rows.join('<br>')}`;
    tip.dataset.probs = JSON.stringify(p);
    tip.hidden = false;
    const frame = hit.parentElement.getBoundingClientRect();
    tip.style.left = `${event.clientX - frame.left + 14}px`; tip.style.top = `${event.clientY - frame.top + 14}px`;
  });
  hit.addEventListener('mouseleave', () => { tip.hidden = true; });
  function refresh() {
    const text = 'x1,x2,label\n' + points.map(([x1, x2, c]) => `${x1},${x2},${c}`).join('\n') + (points.length ? '\n' : '');
    csv.href = 'data:text/csv;charset=utf-8,' + encodeURIComponent(text);
    const labels = new Set(points.map(q => q[2])).size;
    csv.textContent = `download ${points.length} point${points.length === 1 ? '' : 's'} as CSV`;
    csv.classList.toggle('off', labels < 2);
    csv.title = labels < 2 ? 'lesson train --csv needs points of at least two classes' : 'then: lesson train --csv points.csv';
    hit.querySelectorAll('circle').forEach(el => el.remove());
    for (const [x1, x2, c] of points) {
      const dot = document.createElementNS('http://www.w3.org/2000/svg', 'circle');
      dot.setAttribute('cx', (x1 - xmin) / (xmax - xmin)); dot.setAttribute('cy', (ymax - x2) / (ymax - ymin));
      dot.setAttribute('r', 0.014); dot.setAttribute('fill', sd.colours[c]);
      hit.appendChild(dot);
    }
  }
  hit.addEventListener('click', event => {
    const [, , x1, x2] = where(event), c = +document.querySelector('input[name="draw-class"]:checked').value;
    points.push([+x1.toFixed(4), +x2.toFixed(4), c]);
    refresh();
  });
  document.getElementById('clear').addEventListener('click', () => { points.length = 0; refresh(); });
  refresh();
})();
