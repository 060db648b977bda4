/**
 * Loads each explorable figure's code when the figure scrolls near the viewport, so a lesson
 * page ships only this small loader before the reader gets there. One dynamic import per figure
 * (each its own chunk); none of them loads TensorFlow.js.
 */
import { FigureKit } from './kit';

type Mount = (kit: FigureKit) => void;

const FIGURES: Record<string, () => Promise<{ mount: Mount }>> = {
  'matmul-cost': () => import('./views/matmul-cost'),
  'digit-tensor': () => import('./views/digit-tensor'),
  'first-filters': () => import('./views/first-filters'),
  'freeze-boundary': () => import('./views/freeze-boundary'),
  'lora-rank': () => import('./views/lora-rank'),
  'digit-shift': () => import('./views/digit-shift'),
  'span-corruption': () => import('./views/span-corruption'),
  'prompt-builder': () => import('./views/prompt-builder'),
  'phrasing-accuracy': () => import('./views/phrasing-accuracy'),
  'label-budget': () => import('./views/label-budget'),
  temperature: () => import('./views/temperature'),
  quantisation: () => import('./views/quantisation'),
};

async function start(root: HTMLElement): Promise<void> {
  if (root.dataset.state !== 'idle') return;
  root.dataset.state = 'loading';
  const name = root.dataset.figure ?? '';
  try {
    const load = FIGURES[name];
    if (!load) throw new Error(`There is no figure called "${name}".`);
    const { mount } = await load();
    mount(new FigureKit(root));
  } catch (error) {
    root.dataset.state = 'error';
    const readout = root.querySelector('[data-role="readout"]');
    if (readout)
      readout.textContent = `This figure could not load: ${error instanceof Error ? error.message : String(error)}`;
  }
}

const observer =
  'IntersectionObserver' in window
    ? new IntersectionObserver(
        (entries) => {
          for (const entry of entries) {
            if (!entry.isIntersecting) continue;
            observer?.unobserve(entry.target);
            void start(entry.target as HTMLElement);
          }
        },
        { rootMargin: '200px 0px' },
      )
    : null;

for (const root of document.querySelectorAll<HTMLElement>('.tl-figure[data-figure]')) {
  if (observer) observer.observe(root);
  else void start(root);
  // Keyboard readers may tab into a figure before it scrolls into view.
  root.addEventListener('focusin', () => void start(root), { once: true });
}
