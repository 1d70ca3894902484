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
});
