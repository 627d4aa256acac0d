// Seeded cases for the browser benchmarks, in the shape of the native benchmark's synthetic cases
// (src/core/synthetic.rs): N actions in time order, 30% symbolic (half conformity, half advocacy),
// each with up to 3 triggers drawn backwards at a distance of 1 + an exponential variable of
// mean 20; ten periods; actors by kind.
export function seededCase(n, seed = 42) {
  let s = seed;
  const rnd = () => { s = (s * 1103515245 + 12345) % 2147483648; return s / 2147483648; };
  const rows = ['id,actor,period,action,symbolic,triggers'];
  const symbolic = [];
  for (let i = 0; i < n; i++) {
    const u = rnd();
    const kind = u < 0.15 ? 'conformity' : u < 0.3 ? 'advocacy' : '';
    if (kind) symbolic.push(i);
    const triggers = new Set();
    for (let k = 0; k < 3; k++) {
      const d = 1 + Math.floor(-20 * Math.log(1 - rnd()));
      if (d <= i) triggers.add('A' + (i - d));
    }
    const actor = kind === 'conformity' ? 'Incumbents' : kind === 'advocacy' ? 'Technologists' : 'Others';
    rows.push(`A${i},${actor},P${1 + Math.floor(i * 10 / n)},Action ${i},${kind},${[...triggers].join(';')}`);
  }
  return { csv: rows.join('\n'), symbolic };
}

/// Imports the seeded case of `n` actions (`seeded`, by default `seededCase(n, seed)`, made before
/// the call by a caller that times the import) through the file input and waits until it is the
/// open case and its chains are analysed; returns the case's `{ csv, symbolic }`. (The case open
/// before, TelCo, has reinforcing links too: waiting for those words alone went on before the
/// import was done.)
export async function importSeeded(page, n, seed = 42, seeded = seededCase(n, seed)) {
  await page.getByTestId('import-input').setInputFiles({ name: `n${n}.csv`, mimeType: 'text/csv', buffer: Buffer.from(seeded.csv) });
  await page.getByTestId('row-count').filter({ hasText: new RegExp(`of ${n} actions$`) }).waitFor({ timeout: 300000 });
  await page.getByTestId('case-title').filter({ hasText: new RegExp(`^n${n}$`) }).waitFor({ timeout: 300000 });
  await page.getByTestId('chains-summary').getByText('reinforcing links').waitFor({ timeout: 300000 });
  return seeded;
}

/// Names the coder, so that recodes are recorded without asking.
export async function nameCoder(page, name = 'Benchmark') {
  await page.getByTestId('coder-name').fill(name);
  await page.getByTestId('coder-name').blur();
}
