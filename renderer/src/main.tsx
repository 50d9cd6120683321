// The shared stylesheets first: feature styles, imported by the features, come after them.
import './styles/tokens.css';
import './styles/base.css';
import './styles/layout.css';
import './styles/controls.css';
import { StrictMode, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app';
import { WebSessionMissing } from './app/web-session-missing';
import { installWebBridge } from './lib/bridge';
import { forgetWebToken, reloadOnNewToken, takeWebToken } from './lib/web-session';
import { createWebTransport } from './lib/web-transport';
import { setConnected } from './state/connection';

const root = document.getElementById('root');
if (root !== null) {
  const reactRoot = createRoot(root);
  const render = (node: ReactNode) => {
    reactRoot.render(<StrictMode>{node}</StrictMode>);
  };
  if (window.gramdeck !== undefined) {
    render(<App />);
  } else {
    // Served by the web host: the page needs the printed token before it can reach the app.
    reloadOnNewToken();
    const token = takeWebToken();
    if (token === null) {
      render(<WebSessionMissing isRefused={false} />);
    } else {
      installWebBridge(
        createWebTransport(token, {
          onRefused: () => {
            forgetWebToken();
            render(<WebSessionMissing isRefused={true} />);
          },
          onConnectionChange: setConnected,
        }),
      );
      render(<App />);
    }
  }
}
