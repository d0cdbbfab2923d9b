// The live network: read the editable cells, run CNN, write every value, explain a gradient on hover.
(() => {
  const root = document.getElementById('cnn');
  if (!root) return;
  const setup = JSON.parse(document.getElementById('cnn-data').textContent);
  const cell = key => root.querySelector(`[data-key="${key}"]`);
  const inputs = [...root.querySelectorAll('input[data-key]')];
  const {n, k, m} = {n: setup.example.a.length, k: setup.example.w.length, m: setup.example.a.length - setup.example.w.length + 1};
  const fmt = x => (x === 0 ? '0' : String(Number(x.toPrecision(4)))).replaceAll('-', '\u2212');
  const sub = (letter, idx) => `${letter}<sub>${idx}</sub>`;
  const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
  let good = JSON.parse(JSON.stringify(setup.example)), f = CNN.run(good), held = null;

  function parse(input) {  // the typed number, or null
    const text = input.value.trim().replace('\u2212', '-');
    const x = NUMBER.test(text) ? Number(text) : NaN;
    if (!Number.isFinite(x) || (input.dataset.key === 'y' && x !== 0 && x !== 1)) return null;
    return x;
  }
  function assign(ex, key, x) {
    if (key === 'b' || key === 'c' || key === 'y') ex[key] = x;
    else if (key[0] === 'v') ex.v[+key.slice(1)] = x;
    else ex[key[0]][+key[1]][+key[2]] = x;
  }
  function value(ex, key) {
    if (key === 'b' || key === 'c' || key === 'y') return ex[key];
    return key[0] === 'v' ? ex.v[+key.slice(1)] : ex[key[0]][+key[1]][+key[2]];
  }
  function grad(name) {  // dL/d name from the current run: 'w00', 'a21', 'v3', 'b', 'c'
    if (name === 'b' || name === 'c') return f['d' + name];
    return name[0] === 'v' ? f.dv[+name.slice(1)] : f['d' + name[0]][+name[1]][+name[2]];
  }
  function finite(r) {
    return [r.z, r.h, r.delta, r.da, r.dw, r.dv, r.s, r.y_hat, r.L, r.db].flat(2).every(Number.isFinite);
  }
  function mark(input, why) {
    input.classList.toggle('bad', why !== '');
    input.setAttribute('aria-invalid', why !== '' ? 'true' : 'false');
    input.title = why;
  }
  function show(key, x) {
    const el = cell(key);
    el.dataset.exact = String(x);
    el.textContent = fmt(x);
  }
  function render() {
    for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) {
      show(`z${i}${j}`, f.z[i][j]); show(`h${i}${j}`, f.h[i][j]); show(`delta${i}${j}`, f.delta[i][j]);
      show(`dv${i * m + j}`, f.dv[i * m + j]);
    }
    for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) show(`dw${i}${j}`, f.dw[i][j]);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) show(`da${i}${j}`, f.da[i][j]);
    for (const key of ['s', 'y_hat', 'L', 'db', 'dc']) show(key, f[key]);
    if (held) explain(held);
  }
  // every cell read again: a bad one is marked and keeps its last good number; one run when all are finite
  function update() {
    const typed = inputs.map(input => [input, parse(input)]);
    let ex = JSON.parse(JSON.stringify(good));
    for (const [input, x] of typed) {
      const key = input.dataset.key, why = key === 'y' ? 'must be 0 or 1' : 'not a number';
      mark(input, x === null ? `${why}: still using ${value(good, key)}` : '');
      if (x !== null) assign(ex, key, x);
    }
    let run = CNN.run(ex);
    if (!finite(run)) {  // find the cells that overflow, one at a time, keeping the last good number in each
      const safe = JSON.parse(JSON.stringify(good));
      for (const [input, x] of typed) {
        if (x === null) continue;
        const trial = JSON.parse(JSON.stringify(safe));
        assign(trial, input.dataset.key, x);
        if (finite(CNN.run(trial))) assign(safe, input.dataset.key, x);
        else mark(input, `too large: the numbers overflow; still using ${value(good, input.dataset.key)}`);
      }
      [ex, run] = [safe, CNN.run(safe)];
    }
    good = ex; f = run;
    render();
  }

  // what a cell is made of: [keys to light, formula lines] for gradients; keys to light for the rest
  function sources(key) {
    const lit = [], name = key.replace(/^d(?=[wavbc])/, '');
    if (/^delta/.test(key)) {
      const i = +key[5], j = +key[6], t = i * m + j;
      lit.push('y_hat', 'y', `v${t}`, `z${i}${j}`, `h${i}${j}`);
      return [lit, `${sub('\u03b4', `${i}${j}`)} = (\u0177 \u2212 y) \u00b7 ${sub('v', t)} \u00b7 \u03c3\u2032(${sub('z', `${i}${j}`)})`,
        `= (${fmt(f.y_hat)} \u2212 ${good.y}) \u00b7 ${paren(good.v[t])} \u00b7 ${paren(f.sp[i][j])}`, f.delta[i][j]];
    }
    if (/^d[wavbc]/.test(key)) {
      const terms = CNN.terms(good, f, name), lhs = `\u2202L/\u2202${name.length > 1 ? sub(name[0], name.slice(1)) : name}`;
      if (name === 'c') return [['y_hat', 'y'], `${lhs} = \u0177 \u2212 y`, `= ${fmt(f.y_hat)} \u2212 ${good.y}`, f.dc];
      const dname = t => (t.i < 0 ? '(\u0177 \u2212 y)' : sub('\u03b4', `${t.i}${t.j}`));
      for (const t of terms) {
        lit.push(name[0] === 'v' ? 'y_hat' : `delta${t.i}${t.j}`);
        if (t.factorName !== '1') lit.push(t.factorName[0] === 'h' ? `h${t.i}${t.j}` : t.factorName);
      }
      if (name[0] === 'v') lit.push('y');
      if (name[0] === 'a') lit.push(name);
      const factor = t => (t.factorName === '1' ? '' : ` \u00b7 ${sub(t.factorName[0], t.factorName.slice(1))}`);
      const symbols = name[0] === 'v' ? `${lhs} = (\u0177 \u2212 y) \u00b7 ${sub('h', name.slice(1))}`
        : `${lhs} = ` + terms.map(t => dname(t) + factor(t)).join(' + ');
      const numbers = '= ' + terms.map(t => paren(t.delta) + (t.factorName === '1' ? '' : ` \u00b7 ${paren(t.factor)}`)).join(' + ');
      return [lit, symbols, numbers, grad(name)];
    }
    if (/^a\d\d$/.test(key)) return [CNN.windowsCovering(n, k, +key[1], +key[2]).map(([i, j]) => `z${i}${j}`)];
    if (/^z\d\d$/.test(key)) {
      const i = +key[1], j = +key[2];
      for (let r = 0; r < k; r++) for (let q = 0; q < k; q++) lit.push(`a${i + r}${j + q}`, `w${r}${q}`);
      return [[...lit, 'b']];
    }
    return [lit];
  }
  function paren(x) { return x < 0 ? `(${fmt(x)})` : fmt(x); }
  function explain(key) {
    const [lit, symbols, numbers, total] = sources(key);
    root.querySelectorAll('.lit, .source').forEach(el => el.classList.remove('lit', 'source'));
    for (const k2 of lit) { const el = cell(k2); if (el) el.classList.add('lit'); }
    cell(key).classList.add('source');
    if (symbols === undefined) return;
    held = key;
    const box = document.getElementById('formula');
    const prefix = key.startsWith('delta') ? 'delta' : key.slice(0, 2);
    box.querySelector('.general').innerHTML = setup.formulas[prefix];
    box.querySelector('.symbols').innerHTML = symbols;
    box.querySelector('.numbers').innerHTML = numbers;
    box.querySelector('.total').textContent = '= ' + fmt(total);
    box.dataset.key = key;
  }
  function leave() {
    root.querySelectorAll('.lit, .source').forEach(el => el.classList.remove('lit', 'source'));
    if (held) explain(held);
  }
  for (const el of root.querySelectorAll('[data-key]')) {
    if (el.tagName !== 'INPUT') el.tabIndex = 0;
    el.addEventListener('mouseenter', () => explain(el.dataset.key));
    el.addEventListener('focus', () => explain(el.dataset.key));
    el.addEventListener('mouseleave', leave);
  }
  for (const input of inputs) input.addEventListener('input', update);

  // the nudge: add eps to one cell, then compare the change of L with gradient * eps
  const pick = document.getElementById('nudge-key'), eps = document.getElementById('nudge-eps');
  for (const input of inputs) if (input.dataset.key !== 'y') pick.add(new Option(input.dataset.key, input.dataset.key));
  pick.value = inputs.some(i => i.dataset.key === 'a21') ? 'a21' : inputs[0].dataset.key;
  for (const input of inputs) input.addEventListener('focus', () => { if (input.dataset.key !== 'y') pick.value = input.dataset.key; });
  document.getElementById('nudge-go').addEventListener('click', () => {
    const e = parse(eps), key = pick.value;
    mark(eps, e === null ? 'not a number' : '');
    if (e === null) return;
    const before = f.L, g = grad(key);
    const input = cell(key);
    input.value = String(value(good, key) + e);
    update();
    const out = document.getElementById('nudge-out');
    out.innerHTML = `\u0394L = ${fmt(f.L - before)} &nbsp; vs &nbsp; \u2202L/\u2202${key}\u00b7\u03b5 = ${fmt(g * e)}`;
    out.dataset.exact = String(f.L - before);
  });
  update();  // from the cells as the browser shows them (it may restore typed values on reload)
})();
