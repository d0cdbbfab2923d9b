// The epoch slider, play button, readout and chart marker of the recorded run.
(() => {
  const data = JSON.parse(document.getElementById('data').textContent), chart = data.chart;
  const slider = document.getElementById('epoch'), frame = document.getElementById('frame');
  const readout = document.getElementById('readout'), marker = document.getElementById('marker');
  const play = document.getElementById('play');
  let timer = null;
  const pct = v => (100 * v).toFixed(0) + '%';
  function show(k) {
    slider.value = k;
    frame.src = data.frames[k];
    const loss = data.train_loss[k] >= 0.001 ? data.train_loss[k].toFixed(3) : data.train_loss[k].toExponential(1);
    readout.textContent = 'epoch ' + data.epoch[k] + ' / ' + data.epochs + ' \u00b7 loss ' + loss +
      ' \u00b7 train ' + pct(data.train_acc[k]) + ' \u00b7 test ' + pct(data.test_acc[k]);
    const x = chart.pad + (data.epoch[k] - 1) / Math.max(data.epochs - 1, 1) * (chart.width - 2 * chart.pad);
    marker.setAttribute('x1', x); marker.setAttribute('x2', x);
  }
  function stop() { clearInterval(timer); timer = null; play.textContent = 'Play'; }
  slider.addEventListener('input', () => show(+slider.value));
  play.addEventListener('click', () => {
    if (timer) return stop();
    if (+slider.value >= data.frames.length - 1) show(0);
    play.textContent = 'Pause';
    timer = setInterval(() => (+slider.value + 1 >= data.frames.length ? stop() : show(+slider.value + 1)), data.frame_ms);
  });
  show(data.frames.length - 1);
})();
