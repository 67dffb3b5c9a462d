import { RE2JS } from 're2js';
import { parsePostback } from '../src/postback/fields.ts';
import {
  checkPattern,
  MAX_MATCHED_LENGTH,
  MAX_PROGRAM_SIZE,
  patternMatches,
} from '../src/routing/pattern.ts';
import { type Route, resolveTarget } from '../src/routing/route.ts';

/**
 * Route patterns at their limits on the longest value that is matched: how long one match
 * takes, and one postback against 50 such routes (what one Telegram user may save).
 * `npm run bench:patterns`. Not a test: figures go to docs/BENCHMARKS.md.
 */

// Near the caps: largest counts, most alternatives, nearest the program size limit, and
// ending so that the whole value must be scanned without a match.
const WORST = [
  '(?:a?){50}a{50}[bc]',
  '(?:a?){30}(?:a?){30}a{30}[bc]',
  '(?:[ab]?){45}(?:[ab]?){45}[cd]',
  '(?:a|aa|aaa){28}[bc]',
  '(?:.?){50}(?:.?){45}[bc]',
  '(?:\\w?){50}(?:[a-z]?){45}[bc]',
  '(a|b)(a|b)(a|b)(a|b)(a|b)(a|b)(a|b)(a|b)(a|b)(a|b){1,18}$x',
];

function field(seed: number): string {
  let text = '';
  let x = seed;
  for (let i = 0; i < MAX_MATCHED_LENGTH; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    text += x % 10 === 0 ? 'b' : 'a';
  }
  return text;
}

function percentiles(samples: number[]) {
  samples.sort((a, b) => a - b);
  const at = (p: number) => samples[Math.min(samples.length - 1, Math.floor(p * samples.length))];
  return { p50: at(0.5) ?? 0, p99: at(0.99) ?? 0, max: samples[samples.length - 1] ?? 0 };
}

const us = (ms: number) => `${(ms * 1000).toFixed(1)} µs`;

console.log(`caps: program size ≤ ${MAX_PROGRAM_SIZE}, value ≤ ${MAX_MATCHED_LENGTH} characters`);
console.log('pattern | program size | first match (compile + match) | p50 | p99 | max');
for (const pattern of WORST) {
  const check = checkPattern(pattern);
  if (!check.ok) {
    console.log(`${pattern} | refused: ${check.reason}`);
    continue;
  }
  const size = RE2JS.compile(pattern, RE2JS.CASE_INSENSITIVE).programSize();
  const fresh = `${pattern}|z${Math.random().toString(36).slice(2, 8)}`;
  const t0 = performance.now();
  patternMatches(fresh, field(1));
  const first = performance.now() - t0;
  for (let i = 0; i < 2_000; i++) patternMatches(pattern, field(i)); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < 20_000; i++) {
    const value = field(100_000 + i);
    const start = performance.now();
    patternMatches(pattern, value);
    samples.push(performance.now() - start);
  }
  const { p50, p99, max } = percentiles(samples);
  console.log(
    `\`${pattern}\` | ${size} | ${us(first)} | ${us(p50)} | ${us(p99)} | ${(max).toFixed(2)} ms`,
  );
}

// One postback against 50 routes of the worst pattern (none matches: every route is tried).
const routes: Route[] = Array.from({ length: 50 }, (_, i) => ({
  id: i + 1,
  matchBy: 'source',
  matchValue: `${WORST[i % WORST.length]}|z${i}`,
  isPattern: true,
  statuses: [],
  conditions: [],
  geo: [],
  priority: i,
  chatId: -100 - i,
  topicId: null,
  language: null,
  enabled: true,
}));
const profile = {
  ownerUserId: 1,
  defaultChatId: null,
  defaultTopicId: null,
  language: 'en' as const,
};
const samples: number[] = [];
for (let i = 0; i < 2_000; i++) {
  const postback = parsePostback({ status: 'sale', source: field(i), campaign_id: '12' });
  const start = performance.now();
  resolveTarget(profile, routes, postback);
  if (i >= 200) samples.push(performance.now() - start);
}
const all = percentiles(samples);
console.log(
  `50 routes, one postback: p50 ${us(all.p50)}, p99 ${us(all.p99)}, max ${all.max.toFixed(2)} ms`,
);

// Before the caps: the pattern from the report on a 1,500-character value, compiled as before.
const before = RE2JS.compile('(?:a?){999}(?:a?){999}a{999}', RE2JS.CASE_INSENSITIVE);
const t1 = performance.now();
before.test('a'.repeat(1_500));
console.log(
  `before (now refused): (?:a?){999}(?:a?){999}a{999}, program size ${before.programSize()}, one match on 1,500 characters: ${(performance.now() - t1).toFixed(0)} ms`,
);
