// Menus that close like people expect: Escape (focus back on the button that opened them) and a
// click or tap outside. Used as `use:dismiss={close}` on the element holding the button and menu.
import type { Action } from "svelte/action";

export const dismiss: Action<HTMLElement, (options: { refocus: boolean }) => void> = (node, close) => {
  let onClose = close;
  const keydown = (event: KeyboardEvent) => {
    if (event.key !== "Escape" || !node.contains(document.activeElement)) return;
    event.preventDefault();
    onClose({ refocus: true });
  };
  const pointerdown = (event: PointerEvent) => {
    if (!node.contains(event.target as Node)) onClose({ refocus: false });
  };
  document.addEventListener("keydown", keydown);
  document.addEventListener("pointerdown", pointerdown);
  return {
    update(next) {
      onClose = next;
    },
    destroy() {
      document.removeEventListener("keydown", keydown);
      document.removeEventListener("pointerdown", pointerdown);
    },
  };
};
