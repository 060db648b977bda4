/**
 * The small notice a page shows when a new version of the site is ready: a polite live region
 * (screen readers announce it without moving focus), a Reload button and a Later button.
 */
export function showUpdateNotice(reload: () => void): void {
  if (document.querySelector('.tl-update')) return;
  const notice = document.createElement('div');
  notice.className = 'tl-update';
  notice.setAttribute('role', 'status');
  document.body.append(notice);
  // Filled after insertion, so assistive technology sees a change in an existing live region.
  requestAnimationFrame(() => {
    const text = document.createElement('p');
    text.textContent =
      'A new version of Transfer Lab is ready. Reload to use it: your edits to code cells are kept, outputs and trained models are not.';
    const reloadButton = document.createElement('button');
    reloadButton.type = 'button';
    reloadButton.className = 'tl-button';
    reloadButton.textContent = 'Reload';
    reloadButton.addEventListener('click', () => {
      reloadButton.disabled = true;
      reload();
    });
    const later = document.createElement('button');
    later.type = 'button';
    later.className = 'tl-button';
    later.textContent = 'Later';
    later.addEventListener('click', () => notice.remove());
    notice.append(text, reloadButton, later);
  });
}
