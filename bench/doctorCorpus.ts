// Detection rates of the optimizer doctor on its corpus and its held-out corpus, as docs/doctor.md
// prints them: `node --import tsx bench/doctorCorpus.ts`.
import { join } from 'node:path';
import { CORPUS, HELD_OUT_CORPUS, diagnoseCase, type CorpusCase } from '../test/engine/doctor/corpus';

async function rates(name: string, cases: CorpusCase[]): Promise<void> {
  const fixtures = join(__dirname, '..', 'test', 'fixtures', 'doctor');
  const byKind = new Map<string, { n: number; hit: number }>();
  for (const c of cases) {
    const d = await diagnoseCase(c, fixtures);
    const ok = c.expect === null ? d.length === 0 : d.some((x) => x.kind === c.expect);
    const key = c.expect ?? 'healthy (no diagnosis)';
    const k = byKind.get(key) ?? { n: 0, hit: 0 };
    byKind.set(key, { n: k.n + 1, hit: k.hit + (ok ? 1 : 0) });
    console.log(`${ok ? 'ok  ' : 'MISS'} ${c.name}: ${d.map((x) => x.kind).join(', ') || 'no diagnosis'}`);
  }
  console.log(`\n${name}:\n| kind | detected |\n| --- | --- |`);
  for (const [k, v] of byKind) console.log(`| ${k} | ${v.hit}/${v.n} |`);
  console.log('');
}

(async () => {
  await rates('corpus', CORPUS);
  await rates('held out', HELD_OUT_CORPUS);
})().catch((e: unknown) => {
  console.error(e);
  process.exit(2);
});
