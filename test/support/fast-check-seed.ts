// One seed for every property test, so a CI run is reproducible: FC_SEED=<n> replays a run, FC_SEED=random explores.
import fc from 'fast-check';

const raw = process.env.FC_SEED ?? '20261125';
if (raw !== 'random') {
  const seed = Number(raw);
  if (!Number.isInteger(seed)) throw new Error(`FC_SEED must be an integer or "random", not ${raw}`);
  fc.configureGlobal({ ...fc.readConfigureGlobal(), seed });
}
