import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BROWSER_SECRET } from '../shared/bridge';
import { App } from './App';
import './styles.css';

// Browser mode: keep the tab secret the host put in the fragment, then tidy the address bar.
const handedOver = new RegExp(`${BROWSER_SECRET.fragment}=([\\w-]+)`).exec(window.location.hash);
if (handedOver) {
  sessionStorage.setItem(BROWSER_SECRET.storageKey, handedOver[1]!);
  history.replaceState(null, '', `${window.location.pathname}#/`);
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
