// Suggestions while typing in the search field. Progressive enhancement: the form works fully without it.
// Pattern: a list of links under the field, announced politely; Down arrow moves into the list, Escape closes it.
(() => {
  const MIN_LENGTH = 2;
  const DELAY_MS = 180;

  function enhance(row) {
    const input = row.querySelector('input[name="q"]');
    if (!input) return;
    const listId = `${input.id || 'q'}-suggestions`;
    const list = document.createElement('ul');
    list.id = listId;
    list.className = 'suggestions';
    list.hidden = true;
    list.setAttribute('aria-label', 'Suggestions');
    const status = document.createElement('p');
    status.className = 'visually-hidden';
    status.setAttribute('role', 'status');
    status.setAttribute('aria-live', 'polite');
    row.append(list, status);
    input.setAttribute('aria-controls', listId);

    let timer = 0;
    let controller = null;
    let lastQuery = '';

    const close = () => {
      list.hidden = true;
    };

    const render = (suggestions) => {
      list.replaceChildren();
      for (const suggestion of suggestions) {
        const item = document.createElement('li');
        const link = document.createElement('a');
        link.href = suggestion.url;
        const kind = document.createElement('span');
        kind.className = 'suggestion-kind';
        kind.textContent =
          suggestion.kind === 'theme'
            ? 'Thème'
            : suggestion.kind === 'organisation'
              ? 'Organisme'
              : 'Rechercher plutôt';
        link.append(kind, document.createTextNode(suggestion.label));
        item.append(link);
        list.append(item);
      }
      list.hidden = suggestions.length === 0;
      status.textContent =
        suggestions.length === 0
          ? ''
          : suggestions.length === 1
            ? '1 suggestion sous le champ de recherche (flèche vers le bas pour y accéder).'
            : `${suggestions.length} suggestions sous le champ de recherche (flèche vers le bas pour y accéder).`;
    };

    const fetchSuggestions = async (query) => {
      if (controller) controller.abort();
      controller = new window.AbortController();
      try {
        const response = await fetch(`/recherche/suggestions?q=${encodeURIComponent(query)}`, {
          headers: { accept: 'application/json' },
          signal: controller.signal,
        });
        if (!response.ok) return;
        const data = await response.json();
        if (input.value.trim() === query) render(Array.isArray(data.suggestions) ? data.suggestions : []);
      } catch {
        // Aborted or offline: the form still works, nothing to show.
      }
    };

    input.addEventListener('input', () => {
      window.clearTimeout(timer);
      const query = input.value.trim();
      if (query.length < MIN_LENGTH) {
        lastQuery = '';
        render([]);
        return;
      }
      if (query === lastQuery) return;
      lastQuery = query;
      timer = window.setTimeout(() => fetchSuggestions(query), DELAY_MS);
    });

    input.addEventListener('keydown', (event) => {
      if (event.key === 'ArrowDown' && !list.hidden) {
        event.preventDefault();
        list.querySelector('a')?.focus();
      } else if (event.key === 'Escape') {
        close();
      }
    });

    list.addEventListener('keydown', (event) => {
      const links = [...list.querySelectorAll('a')];
      const index = links.indexOf(document.activeElement);
      if (event.key === 'ArrowDown') {
        event.preventDefault();
        links[Math.min(index + 1, links.length - 1)]?.focus();
      } else if (event.key === 'ArrowUp') {
        event.preventDefault();
        if (index <= 0) input.focus();
        else links[index - 1].focus();
      } else if (event.key === 'Escape') {
        event.preventDefault();
        close();
        input.focus();
      }
    });

    // Close when focus leaves both the field and the list.
    row.addEventListener('focusout', (event) => {
      if (!row.contains(event.relatedTarget)) close();
    });
  }

  document.addEventListener('DOMContentLoaded', () => {
    for (const row of document.querySelectorAll('[data-suggest]')) enhance(row);
  });
})();
