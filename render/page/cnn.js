// The lesson's tiny CNN in float64: model/conv.py's operations in model/conv.py's order (a test holds them equal).
const CNN = (() => {
  // numpy's pairwise sum of a contiguous array: eight running sums per block of 128, then a halving split.
  function sum(x, lo = 0, n = x.length) {
    let i = lo, r;
    if (n < 8) {
      r = 0;
      for (; i < lo + n; i++) r += x[i];
      return r;
    }
    if (n > 128) {
      let half = Math.floor(n / 2);
      half -= half % 8;
      return sum(x, lo, half) + sum(x, lo + half, n - half);
    }
    const acc = x.slice(lo, lo + 8);
    for (i = lo + 8; i < lo + n - (n % 8); i += 8) for (let j = 0; j < 8; j++) acc[j] += x[i + j];
    r = ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7]));
    for (; i < lo + n; i++) r += x[i];
    return r;
  }
  function sigmoid(x) { const e = Math.exp(-Math.abs(x)); return x >= 0 ? 1 / (1 + e) : e / (1 + e); }
  function softplus(x) { return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x))); }
  // valid cross-correlation, stride 1: out[i][j] = sum of w * a[i:i+k, j:j+k], row-major products
  function conv(a, w, m) {
    const k = w.length, out = [];
    for (let i = 0; i < m; i++) {
      out.push([]);
      for (let j = 0; j < m; j++) {
        const p = [];
        for (let r = 0; r < k; r++) for (let q = 0; q < k; q++) p.push(w[r][q] * a[i + r][j + q]);
        out[i].push(sum(p));
      }
    }
    return out;
  }
  // ex: {a: N x N, w: K x K, b, v: M*M, c, y}; returns every forward value and every gradient
  function run(ex) {
    const n = ex.a.length, k = ex.w.length, m = n - k + 1;
    const z = conv(ex.a, ex.w, m).map(row => row.map(x => x + ex.b));
    const h = z.map(row => row.map(sigmoid)), hFlat = h.flat();
    const sp = z.map(row => row.map(x => sigmoid(x) * sigmoid(-x)));  // sigma'(z), exact in the tails
    let dot = 0;
    for (let t = 0; t < m * m; t++) dot += ex.v[t] * hFlat[t];
    const s = dot + ex.c;
    const L = ex.y === 1 ? softplus(-s) : softplus(s);
    const error = ex.y === 1 ? -sigmoid(-s) : sigmoid(s);  // y_hat - y without rounding to 0 near y_hat = 1
    const delta = sp.map((row, i) => row.map((x, j) => error * ex.v[i * m + j] * x));
    const da = ex.a.map(row => row.map(() => 0));
    for (let i = 0; i < m; i++) for (let j = 0; j < m; j++)
      for (let r = 0; r < k; r++) for (let q = 0; q < k; q++) da[i + r][j + q] += delta[i][j] * ex.w[r][q];
    return {
      n, k, m, z, h, s, y_hat: sigmoid(s), L, error, sp, delta, da,
      dw: conv(ex.a, delta, k), dv: hFlat.map(x => error * x), db: sum(delta.flat()), dc: error,
    };
  }
  // output positions (i, j), row-major, whose k x k window covers input (p, q)
  function windowsCovering(n, k, p, q) {
    const m = n - k + 1, out = [];
    for (let i = Math.max(0, p - k + 1); i <= Math.min(p, m - 1); i++)
      for (let j = Math.max(0, q - k + 1); j <= Math.min(q, m - 1); j++) out.push([i, j]);
    return out;
  }
  // dL/d key as chain-rule terms {i, j, delta, factor, factorName}, as model.conv.gradient gives them
  function terms(ex, f, key) {
    const letter = key[0], r = +key[1], q = +key[2], out = [];
    const term = (i, j, d, factor, factorName) => out.push({i, j, delta: d, factor, factorName});
    if (letter === 'w') {
      for (let i = 0; i < f.m; i++) for (let j = 0; j < f.m; j++)
        term(i, j, f.delta[i][j], ex.a[i + r][j + q], `a${i + r}${j + q}`);
    } else if (letter === 'a') {
      for (const [i, j] of windowsCovering(f.n, f.k, r, q)) term(i, j, f.delta[i][j], ex.w[r - i][q - j], `w${r - i}${q - j}`);
    } else if (letter === 'v') {
      const t = +key.slice(1);
      term(Math.floor(t / f.m), t % f.m, f.error, f.h.flat()[t], `h${t}`);
    } else if (letter === 'b') {
      for (let i = 0; i < f.m; i++) for (let j = 0; j < f.m; j++) term(i, j, f.delta[i][j], 1, '1');
    } else term(-1, -1, f.error, 1, '1');
    return out;
  }
  return {run, windowsCovering, terms, sigmoid};
})();
