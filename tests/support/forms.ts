import type { HTMLElement } from 'node-html-parser';
import { parseHtml } from './html.js';

/** A form's current values, as a browser would submit them (checked boxes only, selected options). */
export function formValues(html: string, action: string): Record<string, string | string[]> {
  const form = parseHtml(html)
    .querySelectorAll('form')
    .find((f: HTMLElement) => f.getAttribute('action') === action);
  if (!form) throw new Error(`no form posting to ${action}`);
  const values: Record<string, string | string[]> = {};
  const add = (name: string, value: string) => {
    const existing = values[name];
    values[name] = existing === undefined ? value : ([] as string[]).concat(existing, value);
  };
  for (const input of form.querySelectorAll('input')) {
    const name = input.getAttribute('name');
    if (!name || name === '_csrf') continue;
    const type = input.getAttribute('type');
    if ((type === 'checkbox' || type === 'radio') && !input.hasAttribute('checked')) continue;
    add(name, input.getAttribute('value') ?? '');
  }
  for (const area of form.querySelectorAll('textarea')) add(area.getAttribute('name')!, area.textContent);
  for (const select of form.querySelectorAll('select')) {
    add(select.getAttribute('name')!, select.querySelector('option[selected]')?.getAttribute('value') ?? '');
  }
  return values;
}
