import { h, setTitle } from '../core/ui.js';

export function render(view) {
  view.append(h('h1', null, 'Page not found'), h('p', null, 'There is nothing at this address. ', h('a', { href: '/' }, 'Browse the products'), '.'));
  setTitle('Page not found');
}
