// Progressive enhancement only: every page works without this file.
document.addEventListener('DOMContentLoaded', () => {
  for (const slot of document.querySelectorAll('[data-print-button]')) {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'js-print';
    button.textContent = slot.getAttribute('data-print-button') || 'Imprimer';
    button.addEventListener('click', () => window.print());
    slot.replaceWith(button);
  }
  enhanceSelection();
  enhanceCopy();
  keepFicheFields();
});

// The notes and chosen people of /ma-selection survive « Monter » / « Retirer » (a page reload) in this
// tab only: sessionStorage, never the server, gone when the tab closes (decision 101).
function keepFicheFields() {
  const fields = document.querySelectorAll('[form="fiche"]');
  if (!fields.length || !window.sessionStorage) return;
  const key = 'fiche-fields';
  let kept = {};
  try {
    kept = JSON.parse(window.sessionStorage.getItem(key) || '{}');
  } catch {
    kept = {};
  }
  for (const field of fields) {
    if (typeof kept[field.name] === 'string') field.value = kept[field.name];
    const save = () => {
      kept[field.name] = field.value;
      window.sessionStorage.setItem(key, JSON.stringify(kept));
    };
    field.addEventListener('input', save);
    field.addEventListener('change', save);
  }
  const empty = document.querySelector('form[action="/ma-selection/vider"]');
  empty?.addEventListener('submit', () => window.sessionStorage.removeItem(key));
}

// « Ma sélection » (decision 100): cached pages are the same for everyone, so the count and each
// button's state come from the visitor's own cookie here. Its signature is checked by the server only.
function selectionIds() {
  const match = document.cookie.match(/(?:^|;\s*)(?:__Host-)?selection=([^;]*)/);
  if (!match) return [];
  const value = decodeURIComponent(match[1]);
  const signed = value.lastIndexOf('.');
  return (signed < 0 ? '' : value.slice(0, signed)).split('-').filter((id) => /^\d+$/.test(id));
}

function enhanceSelection() {
  const forms = document.querySelectorAll('form[data-selection-id]');
  if (!forms.length && !document.querySelector('[data-selection-count]')) return;
  // aria-live without role="status": the search page's suggestions own the page's status role.
  const status = document.createElement('p');
  status.className = 'visually-hidden';
  status.setAttribute('aria-live', 'polite');
  status.setAttribute('data-selection-status', '');
  document.body.append(status);

  const render = (ids) => {
    for (const count of document.querySelectorAll('[data-selection-count]')) {
      count.textContent = ids.length ? ` (${ids.length})` : '';
    }
    for (const form of forms) {
      const inSelection = ids.includes(form.getAttribute('data-selection-id'));
      const button = form.querySelector('button');
      form.action = inSelection ? '/ma-selection/retirer' : '/ma-selection/ajouter';
      button.firstChild.textContent = inSelection ? 'Retirer de ma sélection' : 'Ajouter à ma sélection';
      button.classList.toggle('is-selected', inSelection);
      form.parentElement.classList.toggle('is-selected', inSelection);
    }
  };
  render(selectionIds());

  for (const form of forms) {
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const note = form.parentElement.querySelector('.select-note');
      try {
        const response = await fetch(form.action, {
          method: 'POST',
          headers: { accept: 'application/json' },
          body: new URLSearchParams(new window.FormData(form)),
          credentials: 'same-origin',
        });
        const answer = await response.json();
        render(answer.ids.map(String));
        const name = form.querySelector('.visually-hidden')?.textContent.replace(/^\s*:\s*/, '') ?? '';
        const added = answer.ids.map(String).includes(form.getAttribute('data-selection-id'));
        status.textContent =
          answer.message ||
          (added ? `${name} ajouté à ma sélection (${answer.count}).` : `${name} retiré de ma sélection.`);
        if (note) {
          note.textContent = answer.message || '';
          note.classList.toggle('is-shown', Boolean(answer.message));
        }
      } catch {
        // Offline or an unexpected answer: the plain form still works.
        form.submit();
      }
    });
  }
}

// « Copier le lien » next to a share link; without JavaScript the field is there to select by hand.
function enhanceCopy() {
  for (const row of document.querySelectorAll('[data-copy]')) {
    const field = row.querySelector('[data-copy-source]');
    if (!field || !window.navigator.clipboard) continue;
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = 'Copier le lien';
    const done = document.createElement('span');
    done.setAttribute('role', 'status');
    done.className = 'copy-status';
    button.addEventListener('click', async () => {
      try {
        await window.navigator.clipboard.writeText(field.value);
        done.textContent = 'Lien copié.';
      } catch {
        field.select();
        done.textContent = 'Sélectionnez le lien et copiez-le (Ctrl+C).';
      }
    });
    row.append(button, done);
  }
}
