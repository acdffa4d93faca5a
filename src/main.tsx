import { render } from 'solid-js/web';
import { App } from './App';
import './styles.css';
import { installDebugHook } from './bridge/debug';

installDebugHook();

const root = document.getElementById('root');
if (root) render(() => <App />, root);
