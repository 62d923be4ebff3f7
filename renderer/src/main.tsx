// Renderer entry: finds window.pos (preload, or the bridge client in a browser) and mounts the app. Talks to window.pos only.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { connectPos } from './pos/connect';

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App connection={connectPos()} />
    </StrictMode>,
  );
}
