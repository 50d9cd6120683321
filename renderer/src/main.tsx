// First: reach main and start the startup reads before React's code runs (issue 17).
import { boot, whenRefused } from './boot';
// The shared stylesheets first: feature styles, imported by the features, come after them.
import './styles/tokens.css';
import './styles/base.css';
import './styles/layout.css';
import './styles/controls.css';
import { StrictMode, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app';
import { WebSessionMissing } from './app/web-session-missing';

const root = document.getElementById('root');
if (root !== null) {
  const reactRoot = createRoot(root);
  const render = (node: ReactNode) => {
    reactRoot.render(<StrictMode>{node}</StrictMode>);
  };
  whenRefused(() => {
    render(<WebSessionMissing isRefused={true} />);
  });
  render(boot === 'ready' ? <App /> : <WebSessionMissing isRefused={false} />);
}
