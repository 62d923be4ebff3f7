// `npm start`: the whole demo on one machine. Until the till's core and UI exist it says plainly what is missing.
const missing = [
  'the till core (local store, sync, signers) — issue "The till\'s core"',
  'the desktop UI (till, reports, pairing wizard) — issue "The desktop UI"',
];

console.log('Stalela POS — démo / demo');
console.log('');
console.log("La démo complète n'existe pas encore. Il manque :");
console.log('The full demo does not exist yet. Missing:');
for (const item of missing) console.log(`  - ${item}`);
console.log('');
console.log('What runs today: `npm test` (every test), `npm run bench` (figures).');
process.exitCode = 2;
