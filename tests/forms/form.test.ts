import { describe, expect, it } from 'vitest';
import { parseForm } from '../../src/forms/form.js';
import { loginForm } from '../../src/forms/login.js';
import { themeForm } from '../../src/forms/theme.js';

describe('parseForm', () => {
  it('answers an object where text is expected with a French field error, and never echoes the object', () => {
    const form = parseForm(loginForm, { email: { toString: 1 }, password: 'x' });
    expect(form.ok).toBe(false);
    if (form.ok) return;
    expect(form.errors.email).toBe('Valeur invalide\u00a0: du texte est attendu.');
    expect(form.values).toEqual({ password: 'x' });
    // What the login page does with the values it re-renders: must not throw.
    expect(() => String(form.values.email ?? '')).not.toThrow();
  });

  it('says a field came twice when a repeated key arrives as an array', () => {
    const form = parseForm(themeForm, { name: ['A', 'B'], color: '#1E5A44' });
    expect(form.ok).toBe(false);
    if (form.ok) return;
    expect(form.errors.name).toContain('envoyé plusieurs fois');
    expect(form.values.name).toEqual(['A', 'B']);
  });

  it('keeps the schema’s own message for a missing field', () => {
    const form = parseForm(loginForm, { password: 'x' });
    expect(form.ok).toBe(false);
    if (!form.ok) expect(form.errors.email).toBe('Entrez votre courriel.');
  });

  it('reads a body without a prototype, as the form parser makes it', () => {
    const body = Object.assign(Object.create(null) as Record<string, unknown>, {
      email: 'a@b.org',
      password: 'x',
      toString: '1',
    });
    expect(parseForm(loginForm, body).ok).toBe(true);
  });
});
