// The app frame. The till, reports and pairing screens arrive with their issues; until then it says so plainly.
export function App() {
  return (
    <main style={{ fontFamily: 'system-ui, sans-serif', padding: 24 }}>
      <h1>Stalela POS</h1>
      <p>La caisse n'est pas encore construite : seul le noyau fiscal existe.</p>
      <p lang="en">The till is not built yet: only the fiscal kernel exists.</p>
    </main>
  );
}
