// Benchmark: household-months per second on one core, batch and traced paths, against a hand-written floor.
import { performance } from 'node:perf_hooks';
import {
  calculateBatch,
  calculateIncomeSupport,
  compileMonth,
  formatKronor,
  toHouseholdColumns,
  type BatchResult,
  type HouseholdColumns,
} from '../src/index.ts';
import { loadBundledParameterSet } from '../src/node/index.ts';
import { generateHouseholds } from './generate-households.ts';

const COUNT = Number(process.env.BENCH_HOUSEHOLDS ?? 1_000_000);
const MONTH = '2025-10';
const SEED = 20251001;
const BATCH_RUNS = 7;

// The floor: the same formula over the same columns with the October 2025 amounts (SoF 2025:468)
// hard-wired, no parameter tables and no derived flags. Index = age in whole years.
const CHILD = [
  2720, 3030, 3030, 2700, 3030, 3030, 3030, 3790, 3790, 3790, 3790, 4350, 4350, 4350, 4350, 4920,
  4920, 4920, 4920, 4960, 4960,
];
const CHILD_LUNCH_OUTSIDE = [2540, 2780, 2780, 2480, 2700, 2700, 2700, ...CHILD.slice(7)];
const COMMON = [0, 1270, 1400, 1770, 2010, 2310, 2620, 2810];

function common(size: number): number {
  return size <= 7 ? (COMMON[size] ?? 0) : 2810 + (size - 7) * 190;
}

function floorLoop(columns: HouseholdColumns, current: number, amounts: Int32Array): void {
  const { memberOffset, communitySize, reasonableCosts, otherIncome, memberIsChild } = columns;
  const { memberBirthMonth, memberLunchOutsideHome, memberSalary } = columns;
  const { memberEarnedYearToDate, memberJobStimulusStart } = columns;
  for (let household = 0; household < columns.count; household += 1) {
    const start = memberOffset[household] ?? 0;
    const end = memberOffset[household + 1] ?? 0;
    let norm = 0;
    let adults = 0;
    let counted = otherIncome[household] ?? 0;
    for (let member = start; member < end; member += 1) {
      const salary = memberSalary[member] ?? 0;
      if (memberIsChild[member] === 1) {
        const months = current - (memberBirthMonth[member] ?? 0);
        const age = months === 0 ? 0 : ((months - 1) / 12) | 0;
        norm += (memberLunchOutsideHome[member] === 1 ? CHILD_LUNCH_OUTSIDE[age] : CHILD[age]) ?? 0;
        if (salary > 0) {
          const over = (memberEarnedYearToDate[member] ?? 0) + salary - 58800;
          counted += over <= 0 ? 0 : over > salary ? salary : over;
        }
      } else {
        adults += 1;
        const windowStart = memberJobStimulusStart[member] ?? -1;
        if (windowStart >= 0 && current >= windowStart && current < windowStart + 24) {
          counted += salary - Math.floor((2 * salary * 25 + 100) / 200);
        } else {
          counted += salary;
        }
      }
    }
    norm += adults === 2 ? 7050 : 3910;
    const community = communitySize[household] ?? 0;
    norm +=
      community > 0
        ? Math.floor((2 * common(community) + community) / (2 * community))
        : common(end - start);
    const need = norm + (reasonableCosts[household] ?? 0);
    amounts[household] = need > counted ? need - counted : 0;
  }
}

function rate(count: number, milliseconds: number): string {
  const perSecond = (count / milliseconds) * 1000;
  return perSecond >= 1e6
    ? `${(perSecond / 1e6).toFixed(2)} M/s`
    : `${(perSecond / 1e3).toFixed(0)} k/s`;
}

function best(runs: number, work: () => void): number {
  let fastest = Number.POSITIVE_INFINITY;
  for (let run = 0; run < runs; run += 1) {
    const started = performance.now();
    work();
    fastest = Math.min(fastest, performance.now() - started);
  }
  return fastest;
}

const totalStarted = performance.now();
console.log(
  `Skyddsnät rules benchmark: ${COUNT.toLocaleString('en')} household-months for ${MONTH}, one core, Node ${process.version}`,
);

let started = performance.now();
const set = loadBundledParameterSet();
const households = generateHouseholds(COUNT, MONTH, SEED);
const columns = toHouseholdColumns(households);
let members = 0;
let children = 0;
for (const household of households) {
  members += household.members.length;
  for (const member of household.members) if (member.role === 'child') children += 1;
}
console.log(
  `setup (not timed): ${(performance.now() - started).toFixed(0)} ms; ${(members / COUNT).toFixed(2)} members and ${(children / COUNT).toFixed(2)} children per household`,
);

// Batch path: compile once per month, then one pass over the columns.
const compiled = compileMonth(set, MONTH);
const batch: BatchResult = calculateBatch(columns, compiled);
const batchMs = best(BATCH_RUNS, () => {
  calculateBatch(columns, compileMonth(set, MONTH), batch);
});

// Floor: the hand-written loop over the same columns.
const floorAmounts = new Int32Array(COUNT);
const current = compiled.monthIndex;
floorLoop(columns, current, floorAmounts);
const floorMs = best(BATCH_RUNS, () => {
  floorLoop(columns, current, floorAmounts);
});

// Traced path, once without and once with the full trace.
const bare = new Int32Array(COUNT);
started = performance.now();
for (let index = 0; index < COUNT; index += 1) {
  const household = households[index];
  if (household === undefined) continue;
  bare[index] = calculateIncomeSupport(household, set, { trace: false }).amount;
}
const bareMs = performance.now() - started;

const traced = new Int32Array(COUNT);
let traceLines = 0;
started = performance.now();
for (let index = 0; index < COUNT; index += 1) {
  const household = households[index];
  if (household === undefined) continue;
  const result = calculateIncomeSupport(household, set);
  traced[index] = result.amount;
  traceLines += result.trace.length;
}
const tracedMs = performance.now() - started;

// Every household, not only a sample, must agree across the four computations.
let mismatches = 0;
for (let index = 0; index < COUNT; index += 1) {
  const amount = batch.amount[index];
  if (amount !== floorAmounts[index] || amount !== bare[index] || amount !== traced[index]) {
    mismatches += 1;
  }
}

console.log('');
console.log('path                                   time        rate');
console.log(
  `floor (typed arrays, hard-wired 2025)  ${floorMs.toFixed(1).padStart(8)} ms  ${rate(COUNT, floorMs)}`,
);
console.log(
  `calculateBatch (compiled month)        ${batchMs.toFixed(1).padStart(8)} ms  ${rate(COUNT, batchMs)}   (${(batchMs / floorMs).toFixed(2)}× the floor's time)`,
);
console.log(
  `calculateIncomeSupport, trace: false   ${bareMs.toFixed(0).padStart(8)} ms  ${rate(COUNT, bareMs)}`,
);
console.log(
  `calculateIncomeSupport, full trace     ${tracedMs.toFixed(0).padStart(8)} ms  ${rate(COUNT, tracedMs)}   (${(traceLines / COUNT).toFixed(1)} lines per household)`,
);
console.log('');
console.log(`batch / floor rate ratio: ${(floorMs / batchMs).toFixed(2)}`);
console.log(
  `results identical in all four (batch, floor, traced without and with trace): ${mismatches === 0 ? 'yes' : `NO, ${mismatches} differ`}`,
);

console.log('');
console.log('sample (household: batch = traced, first lines of the trace):');
for (const index of [0, 1, 2, Math.floor(COUNT / 2), COUNT - 1]) {
  const household = households[index];
  if (household === undefined) continue;
  const result = calculateIncomeSupport(household, set);
  console.log(
    `  #${index}: ${household.members.length} members, batch ${formatKronor(batch.amount[index] ?? -1)} = traced ${formatKronor(result.amount)}${result.surplus > 0 ? `, surplus ${formatKronor(result.surplus)}` : ''}`,
  );
  if (index === 0) {
    for (const line of result.trace) {
      console.log(
        `      ${line.label.padEnd(62)} ${formatKronor(line.amount).padStart(10)}  ${line.calculation ?? ''}`,
      );
    }
  }
}
console.log('');
console.log(`total time ${((performance.now() - totalStarted) / 1000).toFixed(1)} s`);
if (mismatches > 0) process.exitCode = 1;
