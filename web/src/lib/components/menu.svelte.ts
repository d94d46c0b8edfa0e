// Menus that close like people expect: Escape (focus back on the button that opened them), a
// click or tap outside, and a navigation. `const menu = new Menu()` in a component's script, then
// `use:dismiss={menu.close}` on the element holding the button (`bind:this={menu.button}`) and the
// menu.
import type { Action } from "svelte/action";
import { afterNavigate } from "$app/navigation";

type Close = (options: { refocus: boolean }) => void;

export class Menu {
  open = $state(false);
  button: HTMLButtonElement | null = $state(null);

  constructor() {
    afterNavigate(() => {
      this.open = false;
    });
  }

  toggle = () => {
    this.open = !this.open;
  };

  close: Close = ({ refocus }) => {
    if (!this.open) return;
    this.open = false;
    if (refocus) this.button?.focus();
  };
}

export const dismiss: Action<HTMLElement, Close> = (node, close) => {
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
